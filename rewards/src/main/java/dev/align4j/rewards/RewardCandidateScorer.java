package dev.align4j.rewards;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.pairs.CandidateScorer;
import java.util.List;

/** A {@link RewardModel} as the scorer of on-policy pair construction: one call per prompt, higher is better. */
public final class RewardCandidateScorer implements CandidateScorer<String, Image> {
  private final RewardModel model;

  public RewardCandidateScorer(RewardModel model) {
    this.model = Preconditions.checkNotNull(model, "model");
  }

  public RewardModel model() {
    return model;
  }

  @Override
  public double[] score(String prompt, List<Image> candidates) {
    float[] s = model.score(prompt, candidates);
    Preconditions.checkState(s.length == candidates.size(), "reward model %s returned %s scores for %s images",
        model.name(), s.length, candidates.size());
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) out[i] = s[i];
    return out;
  }

  @Override
  public String toString() {
    return "reward " + model.name();
  }
}
