package dev.align4j.rewards.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.train.Objective;
import dev.align4j.losses.LossOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PickScore's preference objective (Kirstain et al. 2023): the score of an image for a caption is
 * {@code exp(logit_scale) * cos(t, v)}; the two images of a pair compete in a softmax, trained by
 * cross-entropy against the human preference: (1, 0) or (0, 1), and (0.5, 0.5) for a tie.
 *
 * <p>Metrics (TRL's names, over the pairs that are not ties): {@code rewards/chosen}, {@code rewards/rejected}
 * (mean scores of the preferred and the other image), {@code rewards/margins}, {@code rewards/accuracies};
 * and {@code logit_scale}. Evaluation adds {@code pair_accuracy} over the whole held-out set.
 */
public final class PickObjective implements Objective<ShapePair, TwoTowerPolicy> {
  private final TwoTowerInputs inputs;

  public PickObjective(TwoTowerInputs inputs) {
    this.inputs = inputs;
  }

  @Override
  public LossOutput compute(TwoTowerPolicy policy, List<ShapePair> batch, boolean training) {
    NDManager m = policy.manager();
    int b = batch.size();
    List<String> captions = new ArrayList<>(b);
    List<byte[]> images = new ArrayList<>(2 * b);
    float[] targets = new float[2 * b];
    float[] untied = new float[b];
    for (int i = 0; i < b; i++) {
      ShapePair p = batch.get(i);
      captions.add(p.caption());
      images.add(p.first());
      targets[2 * i] = (float) p.label0();
      targets[2 * i + 1] = (float) (1 - p.label0());
      untied[i] = p.tie() ? 0 : 1;
    }
    for (ShapePair p : batch) images.add(p.second());
    TwoTower model = policy.model();
    NDArray t = model.textEmbeds(inputs.ids(m, captions), inputs.mask(m, captions));
    NDArray v = model.imageEmbeds(inputs.fitted(m, images));
    NDArray s0 = t.mul(v.get(":{}", b)).sum(new int[] {1});
    NDArray s1 = t.mul(v.get("{}:", b)).sum(new int[] {1});
    NDArray scale = model.logitScale().exp();
    NDArray logits = NDArrays.stack(new NDList(s0, s1), 1).mul(scale);                     // [B, 2]
    NDArray target = m.create(targets, new Shape(b, 2));
    NDArray perExample = logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();       // [B]

    Map<String, NDArray> metrics = new LinkedHashMap<>();
    NDArray scores = logits.stopGradient();
    NDArray first = target.get(":, 0").gt(target.get(":, 1")).toType(DataType.FLOAT32, false);   // 1: first preferred
    NDArray chosen = scores.get(":, 0").mul(first).add(scores.get(":, 1").mul(first.neg().add(1f)));
    NDArray rejected = scores.get(":, 0").add(scores.get(":, 1")).sub(chosen);
    NDArray mask = m.create(untied);
    NDArray count = mask.sum().maximum(1f);
    metrics.put("rewards/chosen", chosen.mul(mask).sum().div(count));
    metrics.put("rewards/rejected", rejected.mul(mask).sum().div(count));
    metrics.put("rewards/margins", chosen.sub(rejected).mul(mask).sum().div(count));
    metrics.put("rewards/accuracies", chosen.gt(rejected).toType(DataType.FLOAT32, false).mul(mask).sum().div(count));
    metrics.put("logit_scale", scale.stopGradient().reshape());
    return new LossOutput(perExample.mean(), perExample, metrics);
  }

  @Override
  public Map<String, Double> evaluate(TwoTowerPolicy policy, List<ShapePair> eval, long seed) {
    return Map.of("pair_accuracy", PairAccuracy.of(policy, inputs, eval, 128));
  }
}
