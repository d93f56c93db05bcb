package dev.align4j.losses;

import static dev.align4j.losses.Ops.logSigmoid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Set;

/** A listwise loss over K scored candidates per example; padded candidates are masked out. */
final class ListwiseLoss implements PreferenceLoss {
  /** The per-example loss from implicit rewards s = beta * log-ratio, scores and mask, all [B, K]. */
  @FunctionalInterface
  interface Formula {
    NDArray apply(NDArray s, NDArray scores, NDArray mask);
  }

  /** Stands in for minus infinity in masked entries: finite, so that 0 * it stays 0. */
  static final double MASKED = -1e30;

  private final String name;
  private final double beta;
  private final Formula formula;

  ListwiseLoss(String name, double beta, Formula formula) {
    this.name = name;
    this.beta = beta;
    this.formula = formula;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Need> needs() {
    return Set.of(Need.LISTS, Need.REFERENCE);
  }

  @Override
  public LossOutput compute(PreferenceTerms t) {
    t.checkHas(needs(), name, false);
    ListTerms l = t.lists();
    NDArray reward = l.policy().sub(l.reference()).mul(Ops.k(beta));
    NDArray perExample = formula.apply(reward, l.scores(), l.mask());
    if (t.weights().isPresent()) perExample = perExample.mul(t.weights().get());
    return new LossOutput(perExample.mean(), perExample, metrics(l, reward));
  }

  /** Paired metrics between each list's best- and worst-scored candidates. */
  private static Map<String, NDArray> metrics(ListTerms l, NDArray reward) {
    NDArray valid = l.mask().gt(0);
    NDArray best = Ops.keepOrFill(valid, l.scores().stopGradient(), MASKED);
    NDArray worst = Ops.keepOrFill(valid, l.scores().stopGradient().neg(), MASKED);
    NDArray bi = best.argMax(1).expandDims(1);
    NDArray wi = worst.argMax(1).expandDims(1);
    return Metrics.paired(reward.gather(bi, 1).squeeze(1), reward.gather(wi, 1).squeeze(1),
        l.policy().gather(bi, 1).squeeze(1), l.policy().gather(wi, 1).squeeze(1));
  }

  /** LiPO-lambda: lambda-weighted pairwise logistic losses over every ordered pair of candidates. */
  static NDArray lipoLambda(NDArray s, NDArray scores, NDArray mask) {
    DataType type = s.getDataType();
    NDArray valid = mask.gt(0);
    // 1-based rank of each s in descending order; padded candidates rank last.
    NDArray forRank = Ops.keepOrFill(valid, s.stopGradient(), MASKED);
    NDArray rank = forRank.argSort(1, false).argSort(1, true).toType(type, false).add(1);
    NDArray discount = rank.add(1).log().pow(Ops.k(-1));
    NDArray gain = Ops.keepOrFill(valid, scores.stopGradient(), 0.0);
    gain = gain.mul(Ops.k(Math.log(2))).exp().sub(1);  // G = 2^psi - 1
    NDArray weight = pairwise(gain).abs().mul(pairwise(discount).abs());
    NDArray better = scores.expandDims(2).gt(scores.expandDims(1))
        .logicalAnd(valid.expandDims(2)).logicalAnd(valid.expandDims(1)).toType(type, false);
    NDArray pairLoss = logSigmoid(pairwise(s)).neg();
    return pairLoss.mul(weight).mul(better).sum(new int[] {1, 2});
  }

  /** InfoNCA: cross-entropy between softmax(scores/alpha) and softmax(s). */
  static Formula infoNca(double alpha) {
    return (s, scores, mask) -> {
      NDArray valid = mask.gt(0);
      NDArray target = Ops.keepOrFill(valid, scores.div(Ops.k(alpha)), MASKED).softmax(1);
      NDArray logModel = Ops.keepOrFill(valid, s, MASKED).logSoftmax(1);
      return target.mul(logModel).mul(mask).sum(new int[] {1}).neg();
    };
  }

  /** NCA: each candidate's own absolute likelihood, weighted by softmax(scores/alpha). */
  static Formula nca(double alpha) {
    return (s, scores, mask) -> {
      NDArray valid = mask.gt(0);
      NDArray target = Ops.keepOrFill(valid, scores.div(Ops.k(alpha)), MASKED).softmax(1);
      NDArray count = mask.sum(new int[] {1});
      NDArray attract = target.mul(logSigmoid(s)).mul(mask).sum(new int[] {1});
      NDArray repel = logSigmoid(s.neg()).mul(mask).sum(new int[] {1}).div(count);
      return attract.add(repel).neg();
    };
  }

  /** x_i - x_j as [B, K, K]. */
  private static NDArray pairwise(NDArray x) {
    return x.expandDims(2).sub(x.expandDims(1));
  }
}
