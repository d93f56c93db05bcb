package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.ATTENTION_MASK;
import static dev.align4j.rewards.manifest.RewardManifest.INPUT_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.SCORE;
import static dev.align4j.rewards.manifest.RewardManifest.TOKENIZER;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.TextPart;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text reward model ({@code text_scalar}): one graph reads {@code input_ids} and {@code attention_mask}
 * ({@code [B, L]} int64, laid out by {@link TextPairTokenizer}) and outputs a scalar {@code score} per row
 * ({@code [B]} or {@code [B, 1]}); the score is {@code (out - mean) / std} with the manifest's parameters.
 * Bradley-Terry reward models written by {@code align4j rewards train} are of this kind. Owns its session
 * and tokenizer: close it. Safe for concurrent use.
 */
public final class TextScalarScorer implements RewardModel {
  private final RewardManifest m;
  private final TextPairTokenizer tokenizer;
  private final OnnxSession model;
  private final int batchSize;
  private final double mean;
  private final double std;

  private TextScalarScorer(RewardManifest m, TextPairTokenizer tokenizer, OnnxSession model, int batchSize) {
    this.m = m;
    this.tokenizer = tokenizer;
    this.model = model;
    this.batchSize = batchSize;
    this.mean = m.params().get("mean");
    this.std = m.params().get("std");
  }

  /** Opens the graph and tokenizer a {@code text_scalar} manifest names, checking input and output names. */
  public static TextScalarScorer open(RewardManifest m, SessionConfig config) {
    Preconditions.checkArgument(m.kind() == Kind.TEXT_SCALAR, "%s is %s", m.name(), m.kind());
    TextPairTokenizer tokenizer = TextPairTokenizer.load(m.file(TOKENIZER), m.text());
    try {
      OnnxSession model = OnnxSession.open(m.file(MODEL), config);
      try {
        m.requireInput(model, INPUT_IDS);
        m.requireOutput(model, SCORE);
        return new TextScalarScorer(m, tokenizer, model, config.batchSize());
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

  /** How (prompt, response) pairs become token ids for this model. */
  public TextPairTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public Set<ContentPart.Kind> kinds() {
    return Set.of(ContentPart.Kind.TEXT);
  }

  /** Scores text responses ({@link TextPart}s), tokenised as given (apply the chat template first). */
  @Override
  public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items) {
    Preconditions.checkArgument(prompts.size() == items.size(), "%s prompts for %s responses", prompts.size(),
        items.size());
    requireKinds(items);
    List<String> responses = items.stream().map(p -> ((TextPart) p).text()).toList();
    float[] out = new float[prompts.size()];
    for (int from = 0; from < out.length; from += batchSize) {
      int to = Math.min(out.length, from + batchSize);
      float[] raw = raw(tokenizer.encode(prompts.subList(from, to), responses.subList(from, to)));
      for (int i = 0; i < raw.length; i++) out[from + i] = (float) ((raw[i] - mean) / std);
    }
    return out;
  }

  /** The graph's output for already-tokenised rows, before the score formula. */
  public float[] raw(TokenBatch tokens) {
    if (tokens.rows() == 0) return new float[0];
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    feeds.put(m.input(INPUT_IDS), tokens.idsTensor());
    if (model.hasInput(m.input(ATTENTION_MASK))) feeds.put(m.input(ATTENTION_MASK), tokens.maskTensor());
    FloatTensor t = model.run(feeds, Set.of(m.output(SCORE))).get(m.output(SCORE));
    long[] s = t.shape();
    int rows = tokens.rows();
    boolean ok = (s.length == 1 && s[0] == rows) || (s.length == 2 && s[0] == rows && s[1] == 1);
    if (!ok) {
      throw m.error("outputs." + SCORE,
          "expected shape [" + rows + "] or [" + rows + ", 1], got " + Arrays.toString(s));
    }
    return t.data();
  }

  @Override
  public void close() {
    List<AutoCloseable> owned = new ArrayList<>(List.of(model, tokenizer));
    RuntimeException first = null;
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    if (first != null) throw first;
  }
}
