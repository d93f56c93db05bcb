package dev.align4j.core.pairs;

import java.util.List;

/**
 * Proposes candidate completions (texts, images, ...) for prompts, usually by sampling the current policy:
 * the first stage of on-policy pair construction. Implemented by the modalities.
 *
 * @param <P> a prompt
 * @param <C> a candidate
 */
public interface CandidateGenerator<P, C> {
  /** {@code k} candidates for each prompt, drawn with {@code seed} (same seed, same candidates). */
  List<List<C>> propose(List<P> prompts, int k, long seed);
}
