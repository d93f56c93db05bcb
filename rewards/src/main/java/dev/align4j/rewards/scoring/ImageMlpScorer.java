package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.IMAGE_EMBEDS;
import static dev.align4j.rewards.manifest.RewardManifest.MLP;
import static dev.align4j.rewards.manifest.RewardManifest.MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.PIXEL_VALUES;
import static dev.align4j.rewards.manifest.RewardManifest.SCORE;
import static dev.align4j.rewards.manifest.RewardManifest.VISION_MODEL;

import com.google.common.base.Preconditions;
import dev.align4j.rewards.ImagePreprocessor;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image-only reward model (the LAION aesthetic predictor): a CLIP image tower, L2 normalisation of its
 * embedding, then an MLP to a scalar; the prompt is ignored. Either two graphs ({@code files.vision_model}
 * outputs {@code image_embeds}, normalised here and fed to {@code files.mlp}) or one graph
 * ({@code files.model}, pixels to score, normalisation inside). The score is {@code (out - mean) / std}.
 */
public final class ImageMlpScorer extends OnnxRewardModel {
  private final RewardManifest m;
  private final OnnxSession vision;
  private final OnnxSession mlp;
  private final OnnxSession joint;
  private final int batchSize;
  private final double mean;
  private final double std;

  private ImageMlpScorer(RewardManifest m, ImagePreprocessor p, SessionConfig c, OnnxSession joint, OnnxSession vision,
      OnnxSession mlp, List<AutoCloseable> owned) {
    super(m, p, c, owned);
    this.m = m;
    this.joint = joint;
    this.vision = vision;
    this.mlp = mlp;
    this.batchSize = c.batchSize();
    this.mean = m.params().get("mean");
    this.std = m.params().get("std");
  }

  /** Opens the graphs an {@code mlp_on_image} manifest names, checking input and output names. */
  public static ImageMlpScorer open(RewardManifest m, SessionConfig config, ImagePreprocessor preprocessor) {
    Preconditions.checkArgument(m.kind() == Kind.MLP_ON_IMAGE, "%s is %s", m.name(), m.kind());
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      if (m.hasFile(MODEL)) {
        OnnxSession joint = OnnxSession.open(m.file(MODEL), config);
        owned.add(joint);
        m.requireInput(joint, PIXEL_VALUES);
        m.requireOutput(joint, SCORE);
        return new ImageMlpScorer(m, preprocessor, config, joint, null, null, owned);
      }
      OnnxSession vision = OnnxSession.open(m.file(VISION_MODEL), config);
      owned.add(vision);
      OnnxSession mlp = OnnxSession.open(m.file(MLP), config);
      owned.add(mlp);
      m.requireInput(vision, PIXEL_VALUES);
      m.requireOutput(vision, IMAGE_EMBEDS);
      m.requireInput(mlp, IMAGE_EMBEDS);
      m.requireOutput(mlp, SCORE);
      return new ImageMlpScorer(m, preprocessor, config, null, vision, mlp, owned);
    } catch (RuntimeException e) {
      throw closeAll(owned, e);
    }
  }

  @Override
  float[] scoreChunk(List<String> prompts, FloatTensor pixels) {
    int n = prompts.size();
    Map<String, Tensor> pixelFeed = Map.of(m.input(PIXEL_VALUES), pixels);
    FloatTensor raw;
    if (joint != null) {
      raw = joint.run(pixelFeed, Set.of(m.output(SCORE))).get(m.output(SCORE));
    } else {
      float[][] e = rows(vision.runBatched(pixelFeed, Set.of(m.output(IMAGE_EMBEDS)), batchSize)
          .get(m.output(IMAGE_EMBEDS)), n, IMAGE_EMBEDS);
      int dim = e.length == 0 ? 0 : e[0].length;
      float[] normalised = new float[n * dim];
      for (int r = 0; r < n; r++) System.arraycopy(Vectors.normalize(e[r]), 0, normalised, r * dim, dim);
      raw = mlp.runBatched(Map.of(m.input(IMAGE_EMBEDS), Tensor.of(normalised, n, dim)), Set.of(m.output(SCORE)),
          batchSize)
          .get(m.output(SCORE));
    }
    float[] s = perRow(raw, n, SCORE);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = (float) ((s[i] - mean) / std);
    return out;
  }
}
