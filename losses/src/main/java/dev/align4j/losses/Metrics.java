package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/** TRL's metric names and how they are computed from implicit rewards; every metric is detached. */
final class Metrics {
  static final String REWARDS_CHOSEN = "rewards/chosen";
  static final String REWARDS_REJECTED = "rewards/rejected";
  static final String REWARDS_MARGINS = "rewards/margins";
  static final String REWARDS_ACCURACIES = "rewards/accuracies";
  static final String LOGPS_CHOSEN = "logps/chosen";
  static final String LOGPS_REJECTED = "logps/rejected";

  private Metrics() {}

  /** Paired metrics from per-example implicit rewards and policy terms, all [B]. */
  static Map<String, NDArray> paired(NDArray rewardChosen, NDArray rewardRejected, NDArray pc, NDArray pr) {
    NDArray rc = rewardChosen.stopGradient();
    NDArray rr = rewardRejected.stopGradient();
    Map<String, NDArray> m = new LinkedHashMap<>();
    m.put(REWARDS_CHOSEN, rc.mean());
    m.put(REWARDS_REJECTED, rr.mean());
    m.put(REWARDS_MARGINS, rc.sub(rr).mean());
    m.put(REWARDS_ACCURACIES, rc.gt(rr).toType(rc.getDataType(), false).mean());
    m.put(LOGPS_CHOSEN, pc.stopGradient().mean());
    m.put(LOGPS_REJECTED, pr.stopGradient().mean());
    return m;
  }

  /**
   * Unpaired metrics: means over desirable (label 1) and undesirable completions; a group's metrics are
   * absent when it is empty.
   */
  static Map<String, NDArray> unpaired(NDArray reward, NDArray policy, NDArray labels) {
    NDArray r = reward.stopGradient();
    NDArray p = policy.stopGradient();
    Map<String, NDArray> m = new LinkedHashMap<>();
    double desirable = Ops.toDouble(labels.sum());
    double undesirable = labels.size() - desirable;
    NDArray inverse = labels.neg().add(1);
    if (desirable > 0) {
      m.put(REWARDS_CHOSEN, r.mul(labels).sum().div(Ops.k(desirable)));
      m.put(LOGPS_CHOSEN, p.mul(labels).sum().div(Ops.k(desirable)));
    }
    if (undesirable > 0) {
      m.put(REWARDS_REJECTED, r.mul(inverse).sum().div(Ops.k(undesirable)));
      m.put(LOGPS_REJECTED, p.mul(inverse).sum().div(Ops.k(undesirable)));
    }
    if (desirable > 0 && undesirable > 0) {
      m.put(REWARDS_MARGINS, m.get(REWARDS_CHOSEN).sub(m.get(REWARDS_REJECTED)));
    }
    return m;
  }
}
