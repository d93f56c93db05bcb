package dev.align4j.image.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A modality whose evaluation also generates the held-out samples with the current policy and scores them
 * (reward, checker): what "the method works" means for an image generator, beyond the held-out loss.
 */
final class EvaluatedModality<E> implements Modality<E, Denoiser> {
  private final Modality<E, Denoiser> inner;
  private final HeldOutSamples samples;
  private final NDManager manager;
  private final Consumer<HeldOutSamples.Scored> onScored;

  EvaluatedModality(Modality<E, Denoiser> inner, HeldOutSamples samples, NDManager manager,
      Consumer<HeldOutSamples.Scored> onScored) {
    this.inner = inner;
    this.samples = samples;
    this.manager = manager;
    this.onScored = onScored;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public PreferenceTerms terms(Denoiser policy, Reference<Denoiser> reference, List<E> batch, Set<Need> needs,
      boolean training) {
    return inner.terms(policy, reference, batch, needs, training);
  }

  @Override
  public long tokens(List<E> batch) {
    return inner.tokens(batch);
  }

  @Override
  public Map<String, Double> evaluate(Denoiser policy, List<E> eval, long seed) {
    Map<String, Double> out = new java.util.LinkedHashMap<>(inner.evaluate(policy, eval, seed));
    if (samples.isEmpty()) return out;
    try (NDManager m = manager.newSubManager()) {
      HeldOutSamples.Scored scored = samples.score(policy, m);
      onScored.accept(scored);
      out.putAll(scored.metrics());
    }
    return out;
  }
}
