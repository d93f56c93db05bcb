package dev.align4j.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A modality over feature vectors: each example has chosen and rejected features; the hidden truth is a
 * direction the chosen side leans towards, so a trained scorer separates held-out pairs.
 */
final class ToyModality implements Modality<ToyModality.Example, LinearScorer> {
  record Example(float[] chosen, float[] rejected) {}

  static final int FEATURES = 8;

  static List<Example> examples(int n, long seed) {
    Random r = new Random(seed);
    float[] truth = new float[FEATURES];  // the same hidden preference direction for every split
    Random t = new Random(7);
    for (int i = 0; i < FEATURES; i++) truth[i] = (float) t.nextGaussian();
    List<Example> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      float[] a = new float[FEATURES];
      float[] b = new float[FEATURES];
      double sa = 0;
      double sb = 0;
      for (int i = 0; i < FEATURES; i++) {
        a[i] = (float) r.nextGaussian();
        b[i] = (float) r.nextGaussian();
        sa += a[i] * truth[i];
        sb += b[i] * truth[i];
      }
      out.add(sa >= sb ? new Example(a, b) : new Example(b, a));
    }
    return out;
  }

  @Override
  public String name() {
    return "toy";
  }

  @Override
  public PreferenceTerms terms(LinearScorer policy, Reference<LinearScorer> reference, List<Example> batch,
      Set<Need> needs, boolean training) {
    NDManager m = policy.manager;
    NDArray chosen = features(m, batch, true);
    NDArray rejected = features(m, batch, false);
    NDArray pc = chosen.matMul(policy.weight);
    NDArray pr = rejected.matMul(policy.weight);
    NDArray[] ref = reference.apply(policy, model -> new NDArray[] {
        chosen.matMul(model.weight).stopGradient(), rejected.matMul(model.weight).stopGradient()});
    return PreferenceTerms.builder().policy(pc, pr).reference(ref[0], ref[1]).build();
  }

  private static NDArray features(NDManager m, List<Example> batch, boolean chosen) {
    float[] flat = new float[batch.size() * FEATURES];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(chosen ? batch.get(i).chosen() : batch.get(i).rejected(), 0, flat, i * FEATURES, FEATURES);
    }
    return m.create(flat, new Shape(batch.size(), FEATURES));
  }
}
