package dev.align4j.rewards.manifest;

import com.google.common.collect.ImmutableMap;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.onnx.OnnxSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reward model's {@code manifest.json}, validated, with every default filled in. The schema is in
 * {@code docs/rewards.md}; {@link ManifestReader} reads it.
 *
 * @param file the manifest file
 * @param name the registry name (the model's directory name)
 * @param description one line for humans
 * @param kind how the graphs fit together
 * @param files role ({@code model}, {@code text_model}, {@code vision_model}, {@code mlp}, {@code tokenizer};
 *     {@code det_model}, {@code rec_model}, {@code keys} for kind {@code ocr}) to an existing file
 * @param inputs role to graph input name (roles {@code input_ids}, {@code attention_mask}, {@code token_type_ids},
 *     {@code pixel_values}, {@code image_embeds}, {@code det_pixels}, {@code rec_pixels})
 * @param outputs role to graph output name (roles {@code text_embeds}, {@code image_embeds}, {@code score},
 *     {@code last_hidden_state}, {@code probabilities}, {@code det_map}, {@code rec_probs}, and {@code logit_scale}
 *     only when set)
 * @param text tokenisation of prompts (null-free: defaults for kinds without text)
 * @param preprocessing how images become pixel values
 * @param formula how outputs become the score
 * @param params the formula's parameters, defaults filled in
 * @param classes an {@code image_classifier}'s class names in output order (empty for the other kinds)
 * @param scoreClasses the classes whose probabilities the {@code class_probability} formula sums (else empty)
 */
public record RewardManifest(
    Path file,
    String name,
    String description,
    Kind kind,
    Map<String, Path> files,
    Map<String, String> inputs,
    Map<String, String> outputs,
    Text text,
    Preprocessing preprocessing,
    ScoreFormula formula,
    Map<String, Double> params,
    List<String> classes,
    List<String> scoreClasses) {

  public static final String MODEL = "model";
  public static final String TEXT_MODEL = "text_model";
  public static final String VISION_MODEL = "vision_model";
  public static final String MLP = "mlp";
  public static final String TOKENIZER = "tokenizer";
  /** Kind {@code ocr}'s files: the text detector, the text recogniser and its character list. */
  public static final String DET_MODEL = "det_model";
  public static final String REC_MODEL = "rec_model";
  public static final String KEYS = "keys";

  public static final String INPUT_IDS = "input_ids";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String TOKEN_TYPE_IDS = "token_type_ids";
  public static final String LAST_HIDDEN_STATE = "last_hidden_state";
  public static final String PIXEL_VALUES = "pixel_values";
  public static final String IMAGE_EMBEDS = "image_embeds";
  public static final String TEXT_EMBEDS = "text_embeds";
  public static final String LOGIT_SCALE = "logit_scale";
  public static final String SCORE = "score";
  public static final String PROBABILITIES = "probabilities";
  /** Kind {@code ocr}'s graph inputs (the detector's and recogniser's image tensors) and outputs. */
  public static final String DET_PIXELS = "det_pixels";
  public static final String REC_PIXELS = "rec_pixels";
  public static final String DET_MAP = "det_map";
  public static final String REC_PROBS = "rec_probs";

  /**
   * How prompts are tokenised: padded and truncated to {@code maxLength} with {@code padToken}. Kind
   * {@code text_scalar} also reads {@code bosToken} (written before the prompt), {@code eosToken} (after the
   * response) and {@code maxPromptLength} (prompt tokens kept, from the end); the other kinds leave them empty.
   * Kinds {@code text_embedding} and {@code two_tower} read {@code pooling} (how a BERT-family text tower's
   * {@code last_hidden_state} becomes the embedding; {@link Pooling#NONE}: the graph outputs {@code text_embeds})
   * and {@code promptPrefix} (written before every prompt, e5's {@code "query: "}); {@code text_embedding} also
   * {@code candidatePrefix} (written before every candidate text).
   */
  public record Text(int maxLength, String padToken, Optional<String> bosToken, Optional<String> eosToken,
      int maxPromptLength, Pooling pooling, String promptPrefix, String candidatePrefix) {
    /** CLIP's: 77 tokens, padded with {@code <|endoftext|>}, pooled by the graph. */
    public static final Text CLIP = new Text(77, "<|endoftext|>");
    /**
     * BERT-family sentence encoders' (kind {@code text_embedding}): 256 tokens, padded with {@code [PAD]}, mean
     * pooling, no prefixes.
     */
    public static final Text BERT = new Text(256, "[PAD]", Optional.empty(), Optional.empty(), 256, Pooling.MEAN,
        "", "");

    public Text {
      java.util.Objects.requireNonNull(pooling, "pooling");
      java.util.Objects.requireNonNull(promptPrefix, "promptPrefix");
      java.util.Objects.requireNonNull(candidatePrefix, "candidatePrefix");
    }

    /** A {@code text_scalar} sequence layout (no pooling, no prefixes). */
    public Text(int maxLength, String padToken, Optional<String> bosToken, Optional<String> eosToken,
        int maxPromptLength) {
      this(maxLength, padToken, bosToken, eosToken, maxPromptLength, Pooling.NONE, "", "");
    }

    /** Prompt tokenisation for the image kinds (no BOS/EOS of our own: the tokenizer's post-processor adds them). */
    public Text(int maxLength, String padToken) {
      this(maxLength, padToken, Optional.empty(), Optional.empty(), maxLength);
    }
  }

  public RewardManifest {
    files = ImmutableMap.copyOf(files);
    inputs = ImmutableMap.copyOf(inputs);
    outputs = ImmutableMap.copyOf(outputs);
    params = ImmutableMap.copyOf(params);
    classes = List.copyOf(classes);
    scoreClasses = List.copyOf(scoreClasses);
  }

  /** The file for a role, which the reader checked exists. */
  public Path file(String role) {
    Path p = files.get(role);
    if (p == null) throw error("files." + role, "missing");
    return p;
  }

  public boolean hasFile(String role) {
    return files.containsKey(role);
  }

  /** The graph input name for a role. */
  public String input(String role) {
    return inputs.get(role);
  }

  /** The graph output name for a role. */
  public String output(String role) {
    return outputs.get(role);
  }

  /** The graph output holding CLIP's log-space logit scale, when the manifest names one. */
  public Optional<String> logitScaleOutput() {
    return Optional.ofNullable(outputs.get(LOGIT_SCALE));
  }

  /** A formula parameter (defaults filled in); absent only for PickScore's graph-provided logit scale. */
  public Optional<Double> param(String key) {
    return Optional.ofNullable(params.get(key));
  }

  /** A {@link UserError} naming this manifest and the field: {@code <file>: <field>: <message>}. */
  public UserError error(String field, String message) {
    return new UserError(file + ": " + field + ": " + message);
  }

  /** Checks that {@code session} declares the input named by {@code inputs.<role>}. */
  public void requireInput(OnnxSession session, String role) {
    String name = input(role);
    if (!session.hasInput(name)) {
      throw error("inputs." + role, "'" + name + "' is not an input of " + session.file().getFileName()
          + " (inputs: " + String.join(", ", session.inputNames()) + ")");
    }
  }

  /** Checks that {@code session} declares the output named by {@code outputs.<role>}. */
  public void requireOutput(OnnxSession session, String role) {
    String name = output(role);
    if (!session.hasOutput(name)) {
      throw error("outputs." + role, "'" + name + "' is not an output of " + session.file().getFileName()
          + " (outputs: " + String.join(", ", session.outputNames()) + ")");
    }
  }
}
