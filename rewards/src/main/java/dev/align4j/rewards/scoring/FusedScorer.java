package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.ATTENTION_MASK;
import static dev.align4j.rewards.manifest.RewardManifest.INPUT_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.PIXEL_VALUES;
import static dev.align4j.rewards.manifest.RewardManifest.SCORE;
import static dev.align4j.rewards.manifest.RewardManifest.TOKENIZER;

import com.google.common.base.Preconditions;
import dev.align4j.rewards.ImagePreprocessor;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reward model whose one graph reads the prompt's tokens and the image together and outputs a scalar per
 * pair (ImageReward: BLIP text attending to the image, then an MLP). The score is
 * {@code (out - mean) / std} with the manifest's parameters.
 */
public final class FusedScorer extends OnnxRewardModel {
  private final RewardManifest m;
  private final ClipTokenizer tokenizer;
  private final OnnxSession model;
  private final double mean;
  private final double std;

  private FusedScorer(RewardManifest m, ImagePreprocessor p, SessionConfig c, ClipTokenizer tokenizer,
      OnnxSession model,
      List<AutoCloseable> owned) {
    super(m, p, c, owned);
    this.m = m;
    this.tokenizer = tokenizer;
    this.model = model;
    this.mean = m.params().get("mean");
    this.std = m.params().get("std");
  }

  /** Opens the graph and tokenizer a {@code fused} manifest names, checking input and output names. */
  public static FusedScorer open(RewardManifest m, SessionConfig config, ImagePreprocessor preprocessor) {
    Preconditions.checkArgument(m.kind() == Kind.FUSED, "%s is %s", m.name(), m.kind());
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      ClipTokenizer tokenizer = ClipTokenizer.load(m.file(TOKENIZER), m.text());
      owned.add(tokenizer);
      OnnxSession model = OnnxSession.open(m.file(MODEL), config);
      owned.add(model);
      m.requireInput(model, INPUT_IDS);
      m.requireInput(model, PIXEL_VALUES);
      m.requireOutput(model, SCORE);
      return new FusedScorer(m, preprocessor, config, tokenizer, model, owned);
    } catch (RuntimeException e) {
      throw closeAll(owned, e);
    }
  }

  @Override
  float[] scoreChunk(List<String> prompts, FloatTensor pixels) {
    TokenBatch tokens = tokenizer.encode(prompts);
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    feeds.put(m.input(INPUT_IDS), tokens.idsTensor());
    if (model.hasInput(m.input(ATTENTION_MASK))) feeds.put(m.input(ATTENTION_MASK), tokens.maskTensor());
    feeds.put(m.input(PIXEL_VALUES), pixels);
    float[] raw = perRow(model.run(feeds, Set.of(m.output(SCORE))).get(m.output(SCORE)), prompts.size(), SCORE);
    float[] out = new float[raw.length];
    for (int i = 0; i < out.length; i++) out[i] = (float) ((raw[i] - mean) / std);
    return out;
  }
}
