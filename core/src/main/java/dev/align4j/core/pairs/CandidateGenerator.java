package dev.align4j.core.pairs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

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

  /**
   * These {@code k} candidates plus each prompt's reference output (the dataset's real image or written
   * answer) as candidate {@code k + 1}. Scored with the rest, a reference that wins pairs real data against
   * the policy's worst sample, as SPIN and SPIN-Diffusion train on.
   */
  default CandidateGenerator<P, C> withReference(Function<? super P, ? extends C> reference) {
    Objects.requireNonNull(reference, "reference");
    return (prompts, k, seed) -> {
      List<List<C>> drawn = propose(prompts, k, seed);
      List<List<C>> out = new ArrayList<>(drawn.size());
      for (int i = 0; i < prompts.size(); i++) {
        P prompt = prompts.get(i);
        C ref = Objects.requireNonNull(reference.apply(prompt), () -> "no reference output for prompt " + prompt);
        List<C> cs = new ArrayList<>(drawn.get(i));
        cs.add(ref);
        out.add(cs);
      }
      return out;
    };
  }
}
