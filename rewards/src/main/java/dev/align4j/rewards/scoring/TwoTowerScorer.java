package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.ATTENTION_MASK;
import static dev.align4j.rewards.manifest.RewardManifest.IMAGE_EMBEDS;
import static dev.align4j.rewards.manifest.RewardManifest.INPUT_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.LOGIT_SCALE;
import static dev.align4j.rewards.manifest.RewardManifest.MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.PIXEL_VALUES;
import static dev.align4j.rewards.manifest.RewardManifest.TEXT_EMBEDS;
import static dev.align4j.rewards.manifest.RewardManifest.TEXT_MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.TOKENIZER;
import static dev.align4j.rewards.manifest.RewardManifest.TOKEN_TYPE_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.VISION_MODEL;

import com.google.common.base.Preconditions;
import dev.align4j.rewards.ImagePreprocessor;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.Pooling;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.manifest.ScoreFormula;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CLIP-like two-tower reward model (CLIP score, PickScore, HPSv2/v2.1): a text tower embeds the prompt, an
 * image tower embeds the image, and the manifest's formula compares the two L2-normalised embeddings. The
 * towers are either one graph taking {@code input_ids}, {@code attention_mask} and {@code pixel_values}
 * together (Hugging Face Optimum's CLIP export; text and image batch sizes may differ) or two graphs
 * ({@code files.text_model}, {@code files.vision_model}). Each chunk embeds its distinct prompts once.
 *
 * <p>With {@code text.pooling} {@code mean} or {@code cls}, the text tower is a BERT-family graph of its own
 * ending at {@code last_hidden_state} (a real sentence encoder as a frozen text tower): prompts are embedded by
 * the same {@link PooledTextEncoder} as kind {@code text_embedding}, after {@code text.prompt_prefix}, with
 * {@code token_type_ids} fed when the graph declares it. {@code token_type_ids} (zeros) also reaches a pooled-by-
 * the-graph text tower that declares it.
 */
public final class TwoTowerScorer extends OnnxRewardModel {
  private final RewardManifest m;
  private final ClipTokenizer tokenizer;
  private final PooledTextEncoder pooled;
  private final OnnxSession joint;
  private final OnnxSession text;
  private final OnnxSession vision;
  private final int batchSize;

  private TwoTowerScorer(RewardManifest m, ImagePreprocessor p, SessionConfig c, ClipTokenizer tokenizer,
      PooledTextEncoder pooled, OnnxSession joint, OnnxSession text, OnnxSession vision, List<AutoCloseable> owned) {
    super(m, p, c, owned);
    this.m = m;
    this.tokenizer = tokenizer;
    this.pooled = pooled;
    this.joint = joint;
    this.text = text;
    this.vision = vision;
    this.batchSize = c.batchSize();
  }

  /** Opens the graphs and tokenizer a {@code two_tower} manifest names, checking their input and output names. */
  public static TwoTowerScorer open(RewardManifest m, SessionConfig config, ImagePreprocessor preprocessor) {
    Preconditions.checkArgument(m.kind() == Kind.TWO_TOWER, "%s is %s", m.name(), m.kind());
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      if (m.text().pooling() != Pooling.NONE) {
        // The reader allows pooling only with files.text_model: a BERT-family text tower of its own.
        PooledTextEncoder pooled = add(owned, PooledTextEncoder.open(m, TEXT_MODEL, config));
        OnnxSession vision = add(owned, OnnxSession.open(m.file(VISION_MODEL), config));
        checkVision(m, vision);
        if (m.logitScaleOutput().isPresent()) m.requireOutput(vision, LOGIT_SCALE);
        return new TwoTowerScorer(m, preprocessor, config, null, pooled, null, null, vision, owned);
      }
      ClipTokenizer tokenizer = add(owned, ClipTokenizer.load(m.file(TOKENIZER), m.text()));
      OnnxSession joint = null;
      OnnxSession text = null;
      OnnxSession vision = null;
      if (m.hasFile(MODEL)) {
        joint = add(owned, OnnxSession.open(m.file(MODEL), config));
        checkText(m, joint);
        checkVision(m, joint);
        if (m.logitScaleOutput().isPresent()) m.requireOutput(joint, LOGIT_SCALE);
      } else {
        text = add(owned, OnnxSession.open(m.file(TEXT_MODEL), config));
        vision = add(owned, OnnxSession.open(m.file(VISION_MODEL), config));
        checkText(m, text);
        checkVision(m, vision);
        if (m.logitScaleOutput().isPresent() && !vision.hasOutput(m.output(LOGIT_SCALE)))
            m.requireOutput(text, LOGIT_SCALE);
      }
      return new TwoTowerScorer(m, preprocessor, config, tokenizer, null, joint, text, vision, owned);
    } catch (RuntimeException e) {
      throw closeAll(owned, e);
    }
  }

  private static void checkText(RewardManifest m, OnnxSession s) {
    m.requireInput(s, INPUT_IDS);
    m.requireOutput(s, TEXT_EMBEDS);
  }

  private static void checkVision(RewardManifest m, OnnxSession s) {
    m.requireInput(s, PIXEL_VALUES);
    m.requireOutput(s, IMAGE_EMBEDS);
  }

  private static <T extends AutoCloseable> T add(List<AutoCloseable> owned, T resource) {
    owned.add(resource);
    return resource;
  }

  @Override
  float[] scoreChunk(List<String> prompts, FloatTensor pixels) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(prompts));
    if (joint != null && distinct.size() > 1) return scorePerPrompt(prompts, pixels, distinct);
    Map<String, Integer> row = new LinkedHashMap<>();
    for (String p : distinct) row.put(p, row.size());
    Map<String, FloatTensor> out;
    float[][] t;
    if (pooled != null) {
      out = runVision(pixels);
      t = new float[distinct.size()][];
      for (int k = 0; k < t.length; k++) t[k] = embedText(distinct.get(k));
    } else {
      String prefix = m.text().promptPrefix();
      TokenBatch tokens = tokenizer.encode(distinct.stream().map(p -> prefix + p).toList());
      out = joint != null ? runJoint(tokens, pixels) : runSplit(tokens, pixels);
      t = rows(out.get(m.output(TEXT_EMBEDS)), distinct.size(), TEXT_EMBEDS);
    }
    float[][] i = rows(out.get(m.output(IMAGE_EMBEDS)), prompts.size(), IMAGE_EMBEDS);
    double logitScale = m.formula() != ScoreFormula.PICKSCORE ? 0
        : m.param(LOGIT_SCALE).orElseGet(() -> scalar(out.get(m.output(LOGIT_SCALE))));
    float[] scores = new float[prompts.size()];
    for (int k = 0; k < scores.length; k++) {
      double cos = Vectors.cosine(t[row.get(prompts.get(k))], i[k]);
      scores[k] = (float) switch (m.formula()) {
        case CLIP_SCORE -> Math.max(m.params().get("w") * cos, 0);
        case PICKSCORE -> Math.exp(logitScale) * cos;
        case COSINE -> m.params().get("scale") * cos;
      case STANDARDIZE, CLASS_PROBABILITY, EDIT_DISTANCE ->
          throw new IllegalStateException(m.formula().id() + " on a two-tower model");
      };
    }
    return scores;
  }

  /**
   * One joint run per distinct prompt, with that prompt's images: ONNX Runtime's text tower rounds differently
   * by batch size, so a prompt's embedding must not depend on which other prompts share the chunk (a score is
   * then the same whether it is computed alone, in the scoring service's batches or in a Spark partition).
   */
  private float[] scorePerPrompt(List<String> prompts, FloatTensor pixels, List<String> distinct) {
    int rows = prompts.size();
    int rowSize = pixels.data().length / rows;
    long[] shape = pixels.shape().clone();
    float[] scores = new float[rows];
    for (String p : distinct) {
      List<Integer> at = new ArrayList<>();
      for (int k = 0; k < rows; k++) if (prompts.get(k).equals(p)) at.add(k);
      float[] data = new float[at.size() * rowSize];
      for (int j = 0; j < at.size(); j++) {
        System.arraycopy(pixels.data(), at.get(j) * rowSize, data, j * rowSize, rowSize);
      }
      shape[0] = at.size();
      float[] s = scoreChunk(java.util.Collections.nCopies(at.size(), p), Tensor.of(data, shape.clone()));
      for (int j = 0; j < at.size(); j++) scores[at.get(j)] = s[j];
    }
    return scores;
  }

  private Map<String, FloatTensor> runJoint(TokenBatch tokens, FloatTensor pixels) {
    Map<String, Tensor> feeds = new LinkedHashMap<>(textFeeds(joint, tokens));
    feeds.put(m.input(PIXEL_VALUES), pixels);
    Set<String> wanted = new LinkedHashSet<>(List.of(m.output(TEXT_EMBEDS), m.output(IMAGE_EMBEDS)));
    m.logitScaleOutput().ifPresent(wanted::add);
    return joint.run(feeds, wanted);
  }

  /**
   * The text tower's L2-normalised embedding of one prompt, {@code text.prompt_prefix} included: through the
   * {@link PooledTextEncoder} with {@code text.pooling}, else the text tower's {@code text_embeds} for the prompt
   * alone (two graphs only: one joint graph needs images to run).
   */
  public float[] embedText(String prompt) {
    Preconditions.checkNotNull(prompt, "prompt");
    if (pooled != null) return pooled.embed(m.text().promptPrefix() + prompt);
    Preconditions.checkState(text != null, "%s: one joint graph embeds text only together with images", m.name());
    TokenBatch tokens = tokenizer.encode(List.of(m.text().promptPrefix() + prompt));
    FloatTensor out = text.run(textFeeds(text, tokens), Set.of(m.output(TEXT_EMBEDS))).get(m.output(TEXT_EMBEDS));
    return Vectors.normalize(rows(out, 1, TEXT_EMBEDS)[0]);
  }

  private Map<String, FloatTensor> runVision(FloatTensor pixels) {
    Set<String> wanted = new LinkedHashSet<>(List.of(m.output(IMAGE_EMBEDS)));
    m.logitScaleOutput().ifPresent(wanted::add);
    return vision.runBatched(Map.of(m.input(PIXEL_VALUES), pixels), wanted, batchSize);
  }

  private Map<String, FloatTensor> runSplit(TokenBatch tokens, FloatTensor pixels) {
    Set<String> textWanted = new LinkedHashSet<>(List.of(m.output(TEXT_EMBEDS)));
    Set<String> visionWanted = new LinkedHashSet<>(List.of(m.output(IMAGE_EMBEDS)));
    m.logitScaleOutput().ifPresent(s -> (vision.hasOutput(s) ? visionWanted : textWanted).add(s));
    // One prompt per text run, for the reason scorePerPrompt gives; the image tower batches (its rows are exact).
    Map<String, FloatTensor> out = new LinkedHashMap<>(text.runBatched(textFeeds(text, tokens), textWanted, 1));
    out.putAll(vision.runBatched(Map.of(m.input(PIXEL_VALUES), pixels), visionWanted, batchSize));
    return out;
  }

  /**
   * {@code input_ids}, {@code attention_mask} when the graph takes one (open_clip exports do not), and
   * {@code token_type_ids} (zeros: one segment) when the graph declares it (BERT-family text towers).
   */
  private Map<String, Tensor> textFeeds(OnnxSession s, TokenBatch tokens) {
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    feeds.put(m.input(INPUT_IDS), tokens.idsTensor());
    if (s.hasInput(m.input(ATTENTION_MASK))) feeds.put(m.input(ATTENTION_MASK), tokens.maskTensor());
    if (s.hasInput(m.input(TOKEN_TYPE_IDS))) {
      feeds.put(m.input(TOKEN_TYPE_IDS), Tensor.of(new long[tokens.rows() * tokens.length()], tokens.rows(),
          tokens.length()));
    }
    return feeds;
  }

  private double scalar(FloatTensor t) {
    if (t.data().length != 1) {
      throw m.error("outputs.logit_scale", "expected a scalar, got shape " + java.util.Arrays.toString(t.shape()));
    }
    return t.data()[0];
  }
}
