package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.ATTENTION_MASK;
import static dev.align4j.rewards.manifest.RewardManifest.INPUT_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.LAST_HIDDEN_STATE;
import static dev.align4j.rewards.manifest.RewardManifest.MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.TOKENIZER;
import static dev.align4j.rewards.manifest.RewardManifest.TOKEN_TYPE_IDS;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sentence-embedding text similarity ({@code text_embedding}, e.g. all-MiniLM-L6-v2): each text is tokenised
 * with the model's {@code tokenizer.json} ({@code [CLS] text [SEP]}, cut at {@code text.max_length}), run
 * through the graph ({@code input_ids}, {@code attention_mask}, {@code token_type_ids} all zero), and its
 * {@code last_hidden_state} is averaged over the attention mask and L2-normalised. The score of a candidate text
 * is {@code scale * cos(prompt embedding, text embedding)} (formula {@code cosine}).
 *
 * <p>Each distinct text is run alone, unpadded: a dynamically quantised graph (int8, {@code
 * DynamicQuantizeLinear}) picks its quantisation scale from the whole input tensor, so padding or other rows in
 * the batch would change a text's embedding. Scores therefore do not depend on what shares the batch. Owns its
 * session and tokenizer: close it. Safe for concurrent use.
 */
public final class TextEmbeddingScorer implements RewardModel {
  private final RewardManifest m;
  private final HuggingFaceTokenizer tokenizer;
  private final OnnxSession model;
  private final double scale;

  private TextEmbeddingScorer(RewardManifest m, HuggingFaceTokenizer tokenizer, OnnxSession model) {
    this.m = m;
    this.tokenizer = tokenizer;
    this.model = model;
    this.scale = m.params().get("scale");
  }

  /** Opens the graph and tokenizer a {@code text_embedding} manifest names, checking input and output names. */
  public static TextEmbeddingScorer open(RewardManifest m, SessionConfig config) {
    Preconditions.checkArgument(m.kind() == Kind.TEXT_EMBEDDING, "%s is %s", m.name(), m.kind());
    Path file = m.file(TOKENIZER);
    if (!Files.isRegularFile(file)) throw new UserError("tokenizer file not found: " + file);
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = HuggingFaceTokenizer.builder()
          .optTokenizerPath(file)
          .optAddSpecialTokens(true)
          .optTruncation(true)
          .optMaxLength(m.text().maxLength())
          .optPadding(false)
          .build();
    } catch (IOException | RuntimeException e) {
      throw new UserError("cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
    try {
      OnnxSession model = OnnxSession.open(m.file(MODEL), config);
      try {
        m.requireInput(model, INPUT_IDS);
        m.requireInput(model, ATTENTION_MASK);
        m.requireOutput(model, LAST_HIDDEN_STATE);
        return new TextEmbeddingScorer(m, tokenizer, model);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return m.name();
  }

  /** The manifest this model was opened from. */
  public RewardManifest manifest() {
    return m;
  }

  @Override
  public Set<ContentPart.Kind> kinds() {
    return Set.of(ContentPart.Kind.TEXT);
  }

  /** Scores candidate texts ({@link TextPart}s) by their similarity to the prompts. */
  @Override
  public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items) {
    Preconditions.checkArgument(prompts.size() == items.size(), "%s prompts for %s texts", prompts.size(),
        items.size());
    prompts.forEach(p -> Preconditions.checkNotNull(p, "prompt"));
    requireKinds(items);
    Map<String, float[]> cache = new HashMap<>();
    float[] out = new float[prompts.size()];
    for (int i = 0; i < out.length; i++) {
      float[] p = cache.computeIfAbsent(prompts.get(i), this::embed);
      float[] t = cache.computeIfAbsent(((TextPart) items.get(i)).text(), this::embed);
      double dot = 0;
      for (int d = 0; d < p.length; d++) dot += (double) p[d] * t[d];
      out[i] = (float) (scale * dot);
    }
    return out;
  }

  /** The L2-normalised, attention-mask mean-pooled embedding of one text. */
  public float[] embed(String text) {
    Preconditions.checkNotNull(text, "text");
    Encoding e = tokenizer.encode(text);
    long[] ids = e.getIds();
    long[] mask = e.getAttentionMask();
    int length = ids.length;
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    feeds.put(m.input(INPUT_IDS), Tensor.of(ids, 1, length));
    feeds.put(m.input(ATTENTION_MASK), Tensor.of(mask, 1, length));
    if (model.hasInput(m.input(TOKEN_TYPE_IDS))) {
      feeds.put(m.input(TOKEN_TYPE_IDS), Tensor.of(new long[length], 1, length));
    }
    FloatTensor h = model.run(feeds, Set.of(m.output(LAST_HIDDEN_STATE))).get(m.output(LAST_HIDDEN_STATE));
    long[] s = h.shape();
    if (s.length != 3 || s[0] != 1 || s[1] != length) {
      throw m.error("outputs." + LAST_HIDDEN_STATE,
          "expected shape [1, " + length + ", dim], got " + Arrays.toString(s));
    }
    return meanPool(h.data(), mask, (int) s[2]);
  }

  /** Mean of the rows of {@code hidden} ({@code mask.length x dim}) whose mask is 1, L2-normalised. */
  static float[] meanPool(float[] hidden, long[] mask, int dim) {
    double[] sum = new double[dim];
    long count = 0;
    for (int t = 0; t < mask.length; t++) {
      if (mask[t] == 0) continue;
      count++;
      for (int d = 0; d < dim; d++) sum[d] += hidden[t * dim + d];
    }
    double norm = 0;
    for (int d = 0; d < dim; d++) {
      sum[d] /= Math.max(count, 1);
      norm += sum[d] * sum[d];
    }
    norm = Math.max(Math.sqrt(norm), 1e-12);
    float[] out = new float[dim];
    for (int d = 0; d < dim; d++) out[d] = (float) (sum[d] / norm);
    return out;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (AutoCloseable c : List.of(model, tokenizer)) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    if (first != null) throw first;
  }
}
