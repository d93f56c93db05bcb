package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * DenseDPO: one sigmoid over the label-signed sum of per-segment log-ratio margins,
 * {@code -ls(b sum_f l_f (cl_f - rl_f))} with {@code cl_f = pc_f - rc_f}, {@code rl_f = pr_f - rr_f} from
 * {@link SegmentTerms}. Implicit rewards for the metrics: {@code Rc = b sum_f l_f cl_f},
 * {@code Rr = b sum_f l_f rl_f}; log-probs are the sums over all segments.
 */
final class SegmentLoss implements PreferenceLoss {
  private static final Set<TermKey<?>> KEYS = Set.of(SegmentTerms.KEY);

  private final String name;
  private final double beta;

  SegmentLoss(String name, double beta) {
    this.name = name;
    this.beta = beta;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Need> needs() {
    return Set.of(Need.REFERENCE);
  }

  @Override
  public Set<TermKey<?>> keys() {
    return KEYS;
  }

  @Override
  public LossOutput compute(PreferenceTerms terms) {
    terms.checkKeys(KEYS, name);
    SegmentTerms s = terms.get(SegmentTerms.KEY);
    NDArray rc = Ops.sumLast(s.policyChosen().sub(s.refChosen()).mul(s.labels())).mul(Ops.k(beta));
    NDArray rr = Ops.sumLast(s.policyRejected().sub(s.refRejected()).mul(s.labels())).mul(Ops.k(beta));
    NDArray perExample = Ops.logSigmoid(rc.sub(rr)).neg();
    if (terms.weights().isPresent()) perExample = perExample.mul(terms.weights().get());
    return new LossOutput(perExample.mean(), perExample,
        Metrics.paired(rc, rr, Ops.sumLast(s.policyChosen()), Ops.sumLast(s.policyRejected())));
  }
}
