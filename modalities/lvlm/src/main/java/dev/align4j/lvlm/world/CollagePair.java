package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;

/**
 * A preference pair on a collage question: the ground truth over an answer built from the world's known confusions.
 *
 * @param chosen the ground truth ({@link CollageItem#answer()})
 * @param rejected a wrong answer of {@code kind}
 * @param confusedWith for a sequence confusion, the picture (index from 0) the rejected answer is about; else -1
 */
public record CollagePair(CollageItem item, String chosen, String rejected, RejectedKind kind, int confusedWith) {
  public CollagePair {
    Preconditions.checkArgument(!chosen.equals(rejected), "chosen and rejected are the same: %s", chosen);
    Preconditions.checkArgument((confusedWith >= 0) == (kind == RejectedKind.SEQUENCE_CONFUSION),
        "a confused picture exactly for sequence confusion");
  }
}
