package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * Per-segment terms with signed labels (DenseDPO): the pair's two samples split into F segments (e.g. one
 * second of video each), each segment judged on its own. All arrays are [B, F]; shorter examples are padded
 * with label 0, which leaves the segment out.
 *
 * @param policyChosen the policy's term of each segment of the first ("chosen") sample
 * @param policyRejected the same for the second ("rejected") sample
 * @param refChosen the reference's, first sample
 * @param refRejected the reference's, second sample
 * @param labels +1 where the first sample's segment is better, -1 where the second's is, 0 for a tie or padding
 */
public record SegmentTerms(NDArray policyChosen, NDArray policyRejected, NDArray refChosen, NDArray refRejected,
    NDArray labels) {
  /** The key segment losses read. */
  public static final TermKey<SegmentTerms> KEY = TermKey.of("segments", SegmentTerms.class);

  public SegmentTerms {
    Preconditions.checkNotNull(policyChosen, "segments: policy_chosen");
    Preconditions.checkNotNull(policyRejected, "segments: policy_rejected");
    Preconditions.checkNotNull(refChosen, "segments: ref_chosen");
    Preconditions.checkNotNull(refRejected, "segments: ref_rejected");
    Preconditions.checkNotNull(labels, "segments: labels");
    for (NDArray a : new NDArray[] {policyRejected, refChosen, refRejected, labels}) {
      Preconditions.checkArgument(a.getShape().equals(policyChosen.getShape()),
          "segments: shape %s differs from policy_chosen's %s", a.getShape(), policyChosen.getShape());
    }
    Preconditions.checkArgument(policyChosen.getShape().dimension() == 2, "segments: terms must be [B, F], got %s",
        policyChosen.getShape());
  }
}
