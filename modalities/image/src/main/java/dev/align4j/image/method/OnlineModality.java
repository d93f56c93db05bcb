package dev.align4j.image.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.core.train.Reference;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Ddim;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DiffusionStep;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Sampler;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.image.DenoiserModality;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What SPO and D3PO share: examples are captions, the policy samples them itself (DDIM with eta > 0, CFG, no
 * gradient), and terms are per-step Gaussian log-densities {@code log p(x_prev | x_t)} ({@link Ddim#logProb}) of
 * chosen and rejected steps under the guided policy (with gradient) and the guided reference (detached).
 *
 * <p>Randomness: per-image seeds come from the engine's generator when training (the trainer seeds it every
 * step) and from each caption otherwise; an image's noise is a function of its seed ({@link SeededNoise}), as
 * in {@link Sampler}. The sampling step (x_t to x_prev = -1, the clean image) has std 0 and is never a
 * training step.
 */
public abstract class OnlineModality extends DenoiserModality<String> {
  private final Sampler sampler;
  private final StepScorer scorer;

  protected OnlineModality(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule, SamplerConfig config,
      StepScorer scorer) {
    super(captions, codec, schedule);
    this.scorer = Preconditions.checkNotNull(scorer, "scorer");
    if (config.method() != SamplerConfig.Method.DDIM || !(config.eta() > 0)) {
      throw new UserError(getClass().getSimpleName() + " needs a stochastic DDIM sampler (method ddim, eta > 0, "
          + "usually 1): step log-densities need std > 0; got " + config.method() + " eta " + config.eta());
    }
    if (config.steps() < 2) {
      throw new UserError(getClass().getSimpleName() + " needs >= 2 sampling steps (the last step has std 0)");
    }
    this.sampler = new Sampler(schedule, config);
  }

  public Sampler sampler() {
    return sampler;
  }

  public StepScorer scorer() {
    return scorer;
  }

  /** Sampling step indices that can be trained on (all but the last). */
  protected int trainableSteps() {
    return sampler.config().steps() - 1;
  }

  /** One seed per caption: from the engine when training, from the caption (and its position) otherwise. */
  protected static long[] seeds(NDManager m, List<String> texts, boolean training, long salt) {
    long[] out = new long[texts.size()];
    if (training) {
      long[] drawn = m.randomInteger(0, Long.MAX_VALUE, new Shape(texts.size()), DataType.INT64).toLongArray();
      System.arraycopy(drawn, 0, out, 0, out.length);
    } else {
      for (int i = 0; i < out.length; i++) out[i] = SeededNoise.mix(texts.get(i).hashCode() * 31L + i, salt);
    }
    return out;
  }

  /** A small integer in [0, bound): from the engine when training, from {@code seeds} otherwise. */
  protected static int choose(NDManager m, int bound, boolean training, long[] seeds, long salt) {
    if (training) return (int) m.randomInteger(0, bound, new Shape(1), DataType.INT64).toLongArray()[0];
    return new SplittableRandom(SeededNoise.mix(Arrays.hashCode(seeds), salt)).nextInt(bound);
  }

  /** {@code count} distinct trainable step indices, uniformly (engine when training, {@code seeds} otherwise). */
  protected boolean[] drawSteps(NDManager m, int count, boolean training, long[] seeds) {
    int n = trainableSteps();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    boolean[] out = new boolean[n];
    for (int s = 0; s < count; s++) {
      int j = s + (count == n ? 0 : choose(m, n - s, training, seeds, s + 1));
      int tmp = order[s];
      order[s] = order[j];
      order[j] = tmp;
      out[order[s]] = true;
    }
    return out;
  }

  /** The policy with CFG on {@code texts}, contexts frozen. */
  protected GuidedModel guided(Denoiser model, List<String> texts, NDManager m) {
    double scale = sampler.config().guidanceScale();
    return NoGrad.get(() -> GuidedModel.of(model, captionEncoder(), texts, scale, m));
  }

  /** One no-grad sampler step at index {@code i} from x (the regular sampling noise, stream i + 1). */
  protected DiffusionStep sampleStep(GuidedModel model, NDArray x, int i, long[] seeds) {
    int b = (int) x.getShape().get(0);
    int[] t = fill(b, sampler.timesteps()[i]);
    int[] prev = fill(b, sampler.previous(i));
    return NoGrad.get(() -> {
      NDArray out = model.output(x, t, false);
      NDArray noise = SeededNoise.gaussian(x.getManager(), seeds, i + 1, model.denoiser().sampleShape());
      return Ddim.step(schedule(), model.prediction(), x, out, t, prev, sampler.config().eta(), noise,
          sampler.config().clipSample());
    });
  }

  /**
   * {@code [log p(a | x_t), log p(b | x_t)]} under {@code model} for steps t -> prev, each [N]: one network pass
   * at x_t, two densities of the same Gaussian.
   */
  protected NDArray[] stepLogProbs(GuidedModel model, NDArray xt, int[] t, int[] prev, NDArray a, NDArray b,
      boolean training) {
    NDArray out = model.output(xt, t, training);
    DiffusionStep step = Ddim.step(schedule(), model.prediction(), xt, out, t, prev, sampler.config().eta(),
        xt.zerosLike(), sampler.config().clipSample());
    return new NDArray[] {Ddim.logProb(a, step), Ddim.logProb(b, step)};
  }

  /** Reference log-probs (no graph, detached), computed before the policy's as in DenoisingErrors. */
  protected NDArray[] referenceLogProbs(Denoiser policy, Reference<Denoiser> reference, GuidedModel policyModel,
      NDArray xt, int[] t, int[] prev, NDArray a, NDArray b) {
    checkReference(reference);
    return NoGrad.get(() -> reference.apply(policy, r -> {
      NDArray[] lp = stepLogProbs(policyModel.withDenoiser(r), xt, t, prev, a, b, false);
      return new NDArray[] {lp[0].stopGradient().duplicate(), lp[1].stopGradient().duplicate()};
    }));
  }

  /** {@code log p(xPrev | xt)} per example under {@code model} (one network pass per row). */
  protected NDArray transitionLogProb(GuidedModel model, NDArray xt, int[] t, int[] prev, NDArray xPrev,
      boolean training) {
    NDArray out = model.output(xt, t, training);
    DiffusionStep step = Ddim.step(schedule(), model.prediction(), xt, out, t, prev, sampler.config().eta(),
        xt.zerosLike(), sampler.config().clipSample());
    return Ddim.logProb(xPrev, step);
  }

  /** {@link #transitionLogProb} under the reference: no graph, detached. */
  protected NDArray referenceTransitionLogProb(Denoiser policy, Reference<Denoiser> reference, GuidedModel policyModel,
      NDArray xt, int[] t, int[] prev, NDArray xPrev) {
    checkReference(reference);
    return NoGrad.get(() -> reference.apply(policy,
        r -> transitionLogProb(policyModel.withDenoiser(r), xt, t, prev, xPrev, false).stopGradient().duplicate()));
  }

  private void checkReference(Reference<Denoiser> reference) {
    if (reference == null) throw new IllegalArgumentException("the loss needs a reference model");
    if (reference.mode() == Reference.Mode.PRECOMPUTED) {
      throw new UserError("reference.mode precomputed is not available for " + getClass().getSimpleName()
          + ": its samples are drawn from the policy at every step; use frozen_copy or adapters_disabled");
    }
  }

  /** Decodes samples to images in [-1, 1] and scores them. */
  protected double[] score(NDArray samples, List<String> texts) {
    NDArray images = NoGrad.get(() -> codec().decode(samples));
    return scorer.score(images, texts);
  }

  /** Mean score of one sample per caption (seeds {@code mix(seed, i)}); no gradient. */
  public double meanScore(Denoiser policy, List<String> texts, long seed) {
    long[] seeds = new long[texts.size()];
    for (int i = 0; i < seeds.length; i++) seeds[i] = SeededNoise.mix(seed, i);
    try (NDScope scope = new NDScope()) {
      NDManager m = managerOf(policy);
      GuidedModel g = guided(policy, texts, m);
      NDArray x0 = NoGrad.get(() -> sampler.sample(g, seeds, m));
      return Arrays.stream(score(x0, texts)).average().orElse(Double.NaN);
    }
  }

  /** {@code score_mean}: the scorer's mean on one sample per held-out caption, seeded by the evaluation seed. */
  @Override
  public Map<String, Double> evaluate(Denoiser policy, List<String> eval, long seed) {
    if (eval.isEmpty()) return Map.of();
    return Map.of("score_mean", meanScore(policy, eval, seed));
  }

  protected static int[] fill(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }
}
