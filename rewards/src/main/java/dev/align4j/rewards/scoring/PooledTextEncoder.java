package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.ATTENTION_MASK;
import static dev.align4j.rewards.manifest.RewardManifest.INPUT_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.LAST_HIDDEN_STATE;
import static dev.align4j.rewards.manifest.RewardManifest.TOKENIZER;
import static dev.align4j.rewards.manifest.RewardManifest.TOKEN_TYPE_IDS;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.manifest.Pooling;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-family text tower read the way its model card says (all-MiniLM, bge, e5): the text is tokenised with
 * the manifest's {@code tokenizer.json} ({@code [CLS] text [SEP]}, cut at {@code text.max_length}), run through
 * the graph with {@code input_ids}, {@code attention_mask} and, when the graph declares it, {@code token_type_ids}
 * (all zero: one segment), and its {@code last_hidden_state} is pooled ({@code text.pooling}: {@link Pooling#MEAN}
 * over the attention mask or the {@link Pooling#CLS} row) and L2-normalised.
 *
 * <p>The one pooling path of the library: kind {@code text_embedding} ({@link TextEmbeddingScorer}) and the text
 * tower of a {@code two_tower} manifest with {@code text.pooling} ({@link TwoTowerScorer}) both embed through it.
 *
 * <p>Each text runs alone, unpadded: a dynamically quantised graph (int8, {@code DynamicQuantizeLinear}) picks its
 * quantisation scale from the whole input tensor, so padding or other rows in a batch would change a text's
 * embedding. Owns its session and tokenizer: close it. Safe for concurrent use.
 */
public final class PooledTextEncoder implements AutoCloseable {
  private final RewardManifest m;
  private final HuggingFaceTokenizer tokenizer;
  private final OnnxSession graph;
  private final Pooling pooling;
  private final boolean tokenTypes;

  private PooledTextEncoder(RewardManifest m, HuggingFaceTokenizer tokenizer, OnnxSession graph) {
    this.m = m;
    this.tokenizer = tokenizer;
    this.graph = graph;
    this.pooling = m.text().pooling();
    this.tokenTypes = graph.hasInput(m.input(TOKEN_TYPE_IDS));
  }

  /**
   * Opens the manifest's tokenizer and the graph of file role {@code graphRole} ({@code model} for
   * {@code text_embedding}, {@code text_model} for a two-tower text tower), checking its input and output names.
   *
   * @throws UserError when a file is missing or unloadable, or the graph lacks a named input or output
   */
  public static PooledTextEncoder open(RewardManifest m, String graphRole, SessionConfig config) {
    Preconditions.checkArgument(m.text().pooling() != Pooling.NONE, "%s: text.pooling is none", m.name());
    HuggingFaceTokenizer tokenizer = ClipTokenizer.loadTruncating(m.file(TOKENIZER), m.text().maxLength());
    try {
      OnnxSession graph = OnnxSession.open(m.file(graphRole), config);
      try {
        m.requireInput(graph, INPUT_IDS);
        m.requireInput(graph, ATTENTION_MASK);
        m.requireOutput(graph, LAST_HIDDEN_STATE);
        return new PooledTextEncoder(m, tokenizer, graph);
      } catch (RuntimeException e) {
        graph.close();
        throw e;
      }
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** The pooling this encoder applies. */
  public Pooling pooling() {
    return pooling;
  }

  /** Whether the graph declares {@code token_type_ids} (fed as zeros). */
  public boolean feedsTokenTypes() {
    return tokenTypes;
  }

  /** The L2-normalised, pooled embedding of exactly {@code text} (no prefix added here). */
  public float[] embed(String text) {
    Preconditions.checkNotNull(text, "text");
    Encoding e = tokenizer.encode(text);
    long[] ids = e.getIds();
    long[] mask = e.getAttentionMask();
    int length = ids.length;
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    feeds.put(m.input(INPUT_IDS), Tensor.of(ids, 1, length));
    feeds.put(m.input(ATTENTION_MASK), Tensor.of(mask, 1, length));
    if (tokenTypes) feeds.put(m.input(TOKEN_TYPE_IDS), Tensor.of(new long[length], 1, length));
    FloatTensor h = graph.run(feeds, Set.of(m.output(LAST_HIDDEN_STATE))).get(m.output(LAST_HIDDEN_STATE));
    long[] s = h.shape();
    if (s.length != 3 || s[0] != 1 || s[1] != length) {
      throw m.error("outputs." + LAST_HIDDEN_STATE,
          "expected shape [1, " + length + ", dim], got " + Arrays.toString(s));
    }
    return pool(pooling, h.data(), mask, (int) s[2]);
  }

  /**
   * Pools {@code hidden} ({@code mask.length x dim}, row-major) and L2-normalises: {@link Pooling#MEAN} averages
   * the rows whose mask is 1, {@link Pooling#CLS} takes row 0.
   */
  static float[] pool(Pooling pooling, float[] hidden, long[] mask, int dim) {
    double[] v = new double[dim];
    switch (pooling) {
      case MEAN -> {
        long count = 0;
        for (int t = 0; t < mask.length; t++) {
          if (mask[t] == 0) continue;
          count++;
          for (int d = 0; d < dim; d++) v[d] += hidden[t * dim + d];
        }
        for (int d = 0; d < dim; d++) v[d] /= Math.max(count, 1);
      }
      case CLS -> {
        for (int d = 0; d < dim; d++) v[d] = hidden[d];
      }
      case NONE -> throw new IllegalArgumentException("pooling none: the graph pools");
    }
    double norm = 0;
    for (int d = 0; d < dim; d++) norm += v[d] * v[d];
    norm = Math.max(Math.sqrt(norm), 1e-12);
    float[] out = new float[dim];
    for (int d = 0; d < dim; d++) out[d] = (float) (v[d] / norm);
    return out;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (AutoCloseable c : List.of(graph, tokenizer)) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    if (first != null) throw first;
  }
}
