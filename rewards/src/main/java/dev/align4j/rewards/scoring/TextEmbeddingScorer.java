package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.MODEL;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.TextPart;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.SessionConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sentence-embedding text similarity ({@code text_embedding}: all-MiniLM-L6-v2, bge-small-en-v1.5,
 * e5-small-v2): the prompt and each candidate text are embedded by a {@link PooledTextEncoder} (the manifest's
 * {@code tokenizer.json} and graph, {@code text.pooling} {@code mean} or {@code cls}, L2-normalised), the prompt
 * after {@code text.prompt_prefix} and the candidate after {@code text.candidate_prefix} (e5's
 * {@code "query: "}). The score of a candidate text is {@code scale * cos(prompt embedding, text embedding)}
 * (formula {@code cosine}).
 *
 * <p>Each distinct text is run alone, unpadded (see {@link PooledTextEncoder}), so scores do not depend on what
 * shares the batch. Owns its session and tokenizer: close it. Safe for concurrent use.
 */
public final class TextEmbeddingScorer implements RewardModel {
  private final RewardManifest m;
  private final PooledTextEncoder encoder;
  private final double scale;

  private TextEmbeddingScorer(RewardManifest m, PooledTextEncoder encoder) {
    this.m = m;
    this.encoder = encoder;
    this.scale = m.params().get("scale");
  }

  /** Opens the graph and tokenizer a {@code text_embedding} manifest names, checking input and output names. */
  public static TextEmbeddingScorer open(RewardManifest m, SessionConfig config) {
    Preconditions.checkArgument(m.kind() == Kind.TEXT_EMBEDDING, "%s is %s", m.name(), m.kind());
    return new TextEmbeddingScorer(m, PooledTextEncoder.open(m, MODEL, config));
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
    String promptPrefix = m.text().promptPrefix();
    String candidatePrefix = m.text().candidatePrefix();
    Map<String, float[]> cache = new HashMap<>();
    float[] out = new float[prompts.size()];
    for (int i = 0; i < out.length; i++) {
      float[] p = cache.computeIfAbsent(promptPrefix + prompts.get(i), encoder::embed);
      float[] t = cache.computeIfAbsent(candidatePrefix + ((TextPart) items.get(i)).text(), encoder::embed);
      out[i] = (float) (scale * Vectors.dot(p, t));
    }
    return out;
  }

  /** The embedding of exactly {@code text}: no prefix is added here (the scores add the manifest's). */
  public float[] embed(String text) {
    return encoder.embed(text);
  }

  /** The embedding of a prompt: {@code text.prompt_prefix} then the prompt. */
  public float[] embedPrompt(String prompt) {
    return encoder.embed(m.text().promptPrefix() + Preconditions.checkNotNull(prompt, "prompt"));
  }

  @Override
  public void close() {
    encoder.close();
  }
}
