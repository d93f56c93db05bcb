package dev.align4j.losses;

/**
 * A quantity a loss needs from the modality beyond the policy's chosen/rejected terms. The modality
 * computes only what the loss asks for (per-token KL over the vocabulary, for one, is expensive).
 */
public enum Need {
  /** Reference chosen/rejected terms. */
  REFERENCE,
  /** Completion lengths. */
  LENGTHS,
  /** Per-token policy and reference log-probs with masks. */
  TOKENS,
  /** Per-token KL(pi_ref || pi_theta) over the vocabulary (TDPO, SparsePO, RRPO). */
  VOCAB_KL,
  /** Per-token log sum_v p(v)^2 of the policy (WPO weighting). */
  SQUARED_MASS,
  /** Desirable/undesirable labels of unpaired completions (KTO, BCO). */
  LABELS,
  /** Listwise candidates with scores. */
  LISTS,
  /** Per-completion scores: win rates (SPPO) or margin rewards (MODPO). */
  SCORES,
  /** The gold completion's log-prob and length (TPO). */
  GOLD,
  /** Raw noise predictions of the winner (DSPO). */
  DENOISING
}
