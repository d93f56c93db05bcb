package dev.align4j.rewards.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * How often a model scores the preferred image of a pair higher (pairs that are not ties; ties of scores count half).
 */
final class PairAccuracy {
  private PairAccuracy() {}

  static double of(TwoTowerPolicy policy, TwoTowerInputs inputs, List<ShapePair> pairs, int batchSize) {
    double correct = 0;
    int counted = 0;
    for (int start = 0; start < pairs.size(); start += batchSize) {
      List<ShapePair> batch = pairs.subList(start, Math.min(pairs.size(), start + batchSize));
      try (NDScope scope = new NDScope()) {
        List<String> captions = new ArrayList<>();
        List<byte[]> first = new ArrayList<>();
        List<byte[]> second = new ArrayList<>();
        for (ShapePair p : batch) {
          captions.add(p.caption());
          first.add(p.first());
          second.add(p.second());
        }
        var m = policy.manager();
        NDArray t = policy.model().textEmbeds(inputs.ids(m, captions), inputs.mask(m, captions));
        float[] s0 = t.mul(policy.model().imageEmbeds(inputs.fitted(m, first))).sum(new int[] {1}).toFloatArray();
        float[] s1 = t.mul(policy.model().imageEmbeds(inputs.fitted(m, second))).sum(new int[] {1}).toFloatArray();
        for (int i = 0; i < batch.size(); i++) {
          if (batch.get(i).tie()) continue;
          counted++;
          boolean firstWins = batch.get(i).label0() > 0.5;
          if (s0[i] == s1[i]) correct += 0.5;
          else if ((s0[i] > s1[i]) == firstWins) correct++;
        }
      }
    }
    return counted == 0 ? Double.NaN : correct / counted;
  }
}
