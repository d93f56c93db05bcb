package dev.align4j.rewards.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.align4j.core.train.Objective;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.Scalars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLIP's contrastive objective (Radford et al. 2021): in a batch of B matching (caption, image) pairs, logits
 * {@code exp(logit_scale) * cos(t_i, v_j)}, cross-entropy of each caption over the images and of each image
 * over the captions, averaged (symmetric InfoNCE). With {@code hardNegatives}, each caption's non-matching
 * image of its pair (the same scene with an attribute changed) joins the images every caption is scored
 * against, as NegCLIP does with captions: in-batch negatives alone rarely differ by one attribute.
 *
 * <p>Metrics: {@code retrieval/t2i} and {@code retrieval/i2t} (top-1 retrieval within the batch, caption
 * to image and back), {@code logit_scale} ({@code exp}, the temperature's inverse) and, with hard negatives,
 * {@code rewards/accuracies} (how often a caption scores its image above the pair's other image). Evaluation adds
 * {@code pair_accuracy} over the
 * held-out pairs that are not ties.
 */
public final class ClipObjective implements Objective<ShapePair, TwoTowerPolicy> {
  private final TwoTowerInputs inputs;
  private final boolean hardNegatives;

  public ClipObjective(TwoTowerInputs inputs, boolean hardNegatives) {
    this.inputs = inputs;
    this.hardNegatives = hardNegatives;
  }

  @Override
  public LossOutput compute(TwoTowerPolicy policy, List<ShapePair> batch, boolean training) {
    NDManager m = policy.manager();
    int b = batch.size();
    List<String> captions = new ArrayList<>(b);
    List<byte[]> images = new ArrayList<>(2 * b);
    for (ShapePair p : batch) {
      captions.add(p.caption());
      images.add(p.first());
    }
    for (ShapePair p : batch) images.add(p.second());
    TwoTower model = policy.model();
    NDArray t = model.textEmbeds(inputs.ids(m, captions), inputs.mask(m, captions));
    NDArray v = model.imageEmbeds(inputs.fitted(m, hardNegatives ? images : images.subList(0, b)));
    NDArray scale = model.logitScale().exp();
    NDArray cos = t.matMul(v.transpose());                       // [B, B] or [B, 2B]
    NDArray logits = cos.mul(scale);
    NDArray diagonal = m.eye(b, (int) cos.getShape().get(1), 0, DataType.FLOAT32);
    NDArray t2i = logits.logSoftmax(1).mul(diagonal).sum(new int[] {1}).neg();                // [B]
    NDArray square = hardNegatives ? logits.get(":, :{}", b) : logits;
    NDArray i2t = square.transpose().logSoftmax(1).mul(m.eye(b)).sum(new int[] {1}).neg();    // [B]
    NDArray perExample = t2i.add(i2t).mul(Scalars.of(0.5));
    Map<String, NDArray> metrics = new LinkedHashMap<>();
    NDArray target = m.arange(b).toType(DataType.INT64, false);
    NDArray c = cos.stopGradient();
    metrics.put("retrieval/t2i", c.argMax(1).eq(target).toType(DataType.FLOAT32, false).mean());
    metrics.put("retrieval/i2t", c.get(":, :{}", b).argMax(0).eq(target).toType(DataType.FLOAT32, false).mean());
    metrics.put("logit_scale", scale.stopGradient().reshape());
    if (hardNegatives) metrics.put("rewards/accuracies", pairCorrect(c, b).mean());
    return new LossOutput(perExample.mean(), perExample, metrics);
  }

  /** 1 where caption i scores its own image above its pair's other image (columns i and B + i). */
  private static NDArray pairCorrect(NDArray cos, int b) {
    NDArray own = cos.get(":, :{}", b).diagonal();
    NDArray other = cos.get(":, {}:", b).diagonal();
    return own.gt(other).toType(DataType.FLOAT32, false);
  }

  @Override
  public Map<String, Double> evaluate(TwoTowerPolicy policy, List<ShapePair> eval, long seed) {
    return Map.of("pair_accuracy", PairAccuracy.of(policy, inputs, eval, 128));
  }

}
