package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * The chosen response scored under an alternative condition: a corrupted image (mDPO's m~), a perturbed
 * caption, a retrieved look-alike image. A conditional loss prefers the chosen response under the true
 * condition to the same response under this one.
 *
 * @param policy the policy's summed log-prob (or negative denoising error) of the chosen response, [B]
 * @param reference the reference's, [B]
 */
public record AlternativeCondition(NDArray policy, NDArray reference) {
  /** The key conditional losses read. */
  public static final TermKey<AlternativeCondition> KEY =
      TermKey.of("alternative_condition", AlternativeCondition.class);

  public AlternativeCondition {
    Preconditions.checkNotNull(policy, "alternative condition: policy terms");
    Preconditions.checkNotNull(reference, "alternative condition: reference terms");
    Preconditions.checkArgument(policy.getShape().equals(reference.getShape()),
        "alternative condition: policy shape %s differs from reference shape %s", policy.getShape(),
        reference.getShape());
  }
}
