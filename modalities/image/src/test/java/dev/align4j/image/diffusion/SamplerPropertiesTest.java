package dev.align4j.image.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.diffusion.BetaSchedule;
import dev.align4j.diffusion.Ddim;
import dev.align4j.diffusion.Ddpm;
import dev.align4j.diffusion.DiffusionStep;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Prediction;
import dev.align4j.diffusion.Sampler;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.TimestepSpacing;
import dev.align4j.image.unet.UNetDenoiser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closed-form properties of the samplers on small random-weight UNets. */
class SamplerPropertiesTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /**
   * Inversion is first-order: each step evaluates the network one level off, an error the way back amplifies
   * by 1/sqrt(abar). A random network is no consistent noise predictor, so the round trip is checked up to
   * t = 300 of SD's schedule, where 50 steps must be accurate and 10 visibly less.
   */
  @Test
  void ddimInversionThenDeterministicSamplingReturnsTheStart() {
    UNetDenoiser unet = TinyDenoisers.unet(manager, "epsilon", 3);
    NoiseSchedule schedule = NoiseSchedule.stableDiffusion();
    int b = 2;
    NDArray x0 = TinyDenoisers.image(manager, b, 1);
    GuidedModel model = new GuidedModel(unet, TinyDenoisers.context(manager, b, 2),
        TinyDenoisers.context(manager, b, 3), 2.0);
    double fine = roundTrip(model, schedule, x0, 300, 50);
    double coarse = roundTrip(model, schedule, x0, 300, 10);
    assertTrue(fine < 0.04, "DDIM(inversion(x0)) differs from x0 by " + fine);
    assertTrue(coarse > 2 * fine, "10-step round trip (" + coarse + ") as good as 50 steps (" + fine + ")");
  }

  private static double roundTrip(GuidedModel model, NoiseSchedule schedule, NDArray x0, int target, int steps) {
    int b = (int) x0.getShape().get(0);
    int[] targets = new int[b];
    java.util.Arrays.fill(targets, target);
    NDArray x = Ddim.invert(model, schedule, x0, targets, steps, 0, null, 0);
    // The inverted latent is noise-like, far from the image it came from.
    assertTrue(TinyDenoisers.maxAbsDiff(x, x0) > 0.5, "inversion barely moved the image");
    int[] levels = Ddim.inversionLevels(target, steps);
    for (int k = steps - 1; k >= 0; k--) {
      int[] t = new int[b];
      int[] prev = new int[b];
      java.util.Arrays.fill(t, levels[k]);
      java.util.Arrays.fill(prev, k == 0 ? -1 : levels[k - 1]);
      x = Ddim.step(schedule, model.prediction(), x, model.output(x, t, false), t, prev, 0, null, false).sample();
    }
    return TinyDenoisers.maxAbsDiff(x, x0);
  }

  @Test
  void samplingAlongTrailingStepsInvertsAFullInversion() {
    // Inverting to T - 1 visits exactly a trailing sampler's timesteps.
    assertArrayEquals(reverse(TimestepSpacing.TRAILING.timesteps(1000, 50)), Ddim.inversionLevels(999, 50));
    assertArrayEquals(reverse(TimestepSpacing.TRAILING.timesteps(1000, 20)), Ddim.inversionLevels(999, 20));
  }

  private static int[] reverse(int[] a) {
    int[] r = new int[a.length];
    for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
    return r;
  }

  @Test
  void inversionNoiseIsSeededPerImage() {
    UNetDenoiser unet = TinyDenoisers.unet(manager, "epsilon", 3);
    NoiseSchedule schedule = NoiseSchedule.ddpm();
    NDArray x0 = TinyDenoisers.image(manager, 2, 1);
    GuidedModel model = new GuidedModel(unet, TinyDenoisers.context(manager, 2, 2), null, 1);
    int[] target = {300, 600};
    NDArray a = Ddim.invert(model, schedule, x0, target, 10, 0.1, new long[] {5, 6}, 0);
    NDArray again = Ddim.invert(model, schedule, x0, target, 10, 0.1, new long[] {5, 6}, 0);
    NDArray plain = Ddim.invert(model, schedule, x0, target, 10, 0, null, 0);
    assertArrayEquals(a.toFloatArray(), again.toFloatArray());
    double d = TinyDenoisers.maxAbsDiff(a, plain);
    assertTrue(d > 0.01 && d < 1.5, "the 0.1-sigma noise changed the latent by " + d);
  }

  @Test
  void ddimWithEtaOneHasTheDdpmPosteriorStdAndMean() {
    NDArray xt = TinyDenoisers.image(manager, 3, 4);
    NDArray out = manager.create(TinyDenoisers.values(3 * 192, 5, 1), new Shape(3, 3, 8, 8));
    NDArray noise = manager.create(TinyDenoisers.values(3 * 192, 6, 1), new Shape(3, 3, 8, 8));
    for (NoiseSchedule s : new NoiseSchedule[] {NoiseSchedule.ddpm(), NoiseSchedule.stableDiffusion(),
        new NoiseSchedule(BetaSchedule.COSINE, 1000, 0, 0)}) {
      int[] t = {999, 500, 1};
      int[] prev = {998, 450, 0};
      DiffusionStep ddim = Ddim.step(s, Prediction.EPSILON, xt, out, t, prev, 1, noise, false);
      DiffusionStep ddpm = Ddpm.step(s, Prediction.EPSILON, xt, out, t, prev, noise, false);
      float[] a = ddim.std().toFloatArray();
      float[] b = ddpm.std().toFloatArray();
      for (int i = 0; i < 3; i++) {
        // consecutive timesteps: the posterior variance beta~_t = (1 - abar_{t-1}) / (1 - abar_t) beta_t
        if (prev[i] == t[i] - 1) {
          double posterior = Math.sqrt((1 - s.alphaBar(prev[i])) / (1 - s.alphaBar(t[i])) * s.beta(t[i]));
          assertEquals(posterior, a[i], 1e-6);
        }
        assertEquals(b[i], a[i], 1e-6, s.kind() + " t=" + t[i]);
      }
      assertTrue(TinyDenoisers.maxAbsDiff(ddim.mean(), ddpm.mean()) < 1e-4, s.kind() + " means differ");
    }
  }

  @Test
  void vPredictionConversionsAreExact() {
    NoiseSchedule s = NoiseSchedule.stableDiffusion();
    NDArray x0 = TinyDenoisers.image(manager, 3, 7);
    NDArray eps = manager.create(TinyDenoisers.values(3 * 192, 8, 1), new Shape(3, 3, 8, 8));
    int[] t = {0, 420, 999};
    NDArray xt = s.addNoise(x0, eps, t);
    NDArray v = s.target(Prediction.V_PREDICTION, x0, eps, t);
    NDArray[] fromV = s.epsilonAndX0(Prediction.V_PREDICTION, xt, v, t);
    assertTrue(TinyDenoisers.maxAbsDiff(fromV[0], eps) < 1e-4);
    assertTrue(TinyDenoisers.maxAbsDiff(fromV[1], x0) < 1e-4);
    NDArray[] fromEps = s.epsilonAndX0(Prediction.EPSILON, xt, s.target(Prediction.EPSILON, x0, eps, t), t);
    assertTrue(TinyDenoisers.maxAbsDiff(fromEps[1].get("1:"), x0.get("1:")) < 1e-3);
    // |v|^2 = |eps|^2 abar + |x0|^2 (1 - abar) - 2 sqrt(abar (1 - abar)) <eps, x0> per example: spot-check t=420
    double ab = s.alphaBar(420);
    NDArray expected = eps.get("1").mul(Math.sqrt(ab)).sub(x0.get("1").mul(Math.sqrt(1 - ab)));
    assertTrue(TinyDenoisers.maxAbsDiff(v.get("1"), expected) < 1e-5);
    // A DDIM step with a v-network equals the step with the equivalent eps-network.
    NDArray noise = manager.create(TinyDenoisers.values(3 * 192, 9, 1), new Shape(3, 3, 8, 8));
    int[] prev = {-1, 380, 949};
    DiffusionStep byV = Ddim.step(s, Prediction.V_PREDICTION, xt, v, t, prev, 0.7, noise, false);
    DiffusionStep byEps = Ddim.step(s, Prediction.EPSILON, xt, fromV[0], t, prev, 0.7, noise, false);
    assertTrue(TinyDenoisers.maxAbsDiff(byV.sample(), byEps.sample()) < 1e-4);
  }

  @Test
  void guidanceScaleOneIsTheConditionalPredictionAndOthersExtrapolate() {
    UNetDenoiser unet = TinyDenoisers.unet(manager, "epsilon", 11);
    NDArray cond = TinyDenoisers.context(manager, 2, 12);
    NDArray uncond = TinyDenoisers.context(manager, 2, 13);
    NDArray x = TinyDenoisers.image(manager, 2, 14);
    int[] t = {10, 700};
    NDArray ts = GuidedModel.timesteps(manager, t, 1);
    NDArray c = unet.predict(x, ts, cond, false);
    NDArray u = unet.predict(x, ts, uncond, false);
    assertTrue(TinyDenoisers.maxAbsDiff(c, u) > 1e-3, "the context must matter for this test to mean anything");
    assertTrue(TinyDenoisers.maxAbsDiff(new GuidedModel(unet, cond, uncond, 1).output(x, t, false), c) < 1e-6);
    NDArray guided = new GuidedModel(unet, cond, uncond, 3).output(x, t, false);
    assertTrue(TinyDenoisers.maxAbsDiff(guided, u.add(c.sub(u).mul(3))) < 1e-4);
    assertThrows(IllegalArgumentException.class, () -> new GuidedModel(unet, cond, null, 3));
  }

  @Test
  void anImageDependsOnItsSeedNotOnItsBatch() {
    UNetDenoiser unet = TinyDenoisers.unet(manager, "v_prediction", 21);
    NoiseSchedule schedule = NoiseSchedule.ddpm();
    NDArray ctx = TinyDenoisers.context(manager, 3, 22);
    NDArray unc = TinyDenoisers.context(manager, 3, 23);
    for (SamplerConfig cfg : new SamplerConfig[] {SamplerConfig.ddim(6, 1, 2.5), SamplerConfig.ddpm(6, 2.5)}) {
      Sampler sampler = new Sampler(schedule, cfg);
      NDArray three = sampler.sample(new GuidedModel(unet, ctx, unc, 2.5), new long[] {7, 8, 9}, manager);
      NDArray again = sampler.sample(new GuidedModel(unet, ctx, unc, 2.5), new long[] {7, 8, 9}, manager);
      assertArrayEquals(three.toFloatArray(), again.toFloatArray(), cfg.method() + ": same seeds, same images");
      NDArray alone = sampler.sample(new GuidedModel(unet, ctx.get("1:2"), unc.get("1:2"), 2.5), new long[] {8},
          manager);
      assertTrue(TinyDenoisers.maxAbsDiff(alone, three.get("1:2")) < 1e-4, cfg.method() + ": batch changed an image");
      NDArray swapped = sampler.sample(new GuidedModel(unet,
          NDArrays.concat(new NDList(ctx.get("1:2"), ctx.get("0:1"))), NDArrays.concat(new NDList(unc.get("1:2"),
          unc.get("0:1"))), 2.5), new long[] {8, 7}, manager);
      assertTrue(TinyDenoisers.maxAbsDiff(swapped.get("0:1"), three.get("1:2")) < 1e-4);
      NDArray other = sampler.sample(new GuidedModel(unet, ctx.get("1:2"), unc.get("1:2"), 2.5), new long[] {99},
          manager);
      assertTrue(TinyDenoisers.maxAbsDiff(other, alone) > 0.1, cfg.method() + ": another seed, another image");
      float[] px = three.toFloatArray();
      for (float p : px) assertTrue(Float.isFinite(p) && Math.abs(p) <= 1.0001f, "clipped x0 stays in [-1, 1]: " + p);
    }
  }

  @Test
  void logProbIsDifferentiableInTheMean() {
    NDArray x = TinyDenoisers.image(manager, 2, 30);
    NDArray mean = TinyDenoisers.image(manager, 2, 31);
    NDArray std = manager.create(new float[] {0.5f, 0.2f}, new Shape(2, 1, 1, 1));
    mean.setRequiresGradient(true);
    try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      NDArray lp = Ddim.logProb(x, mean, std);
      gc.backward(lp.sum());
    }
    // d/dmean of mean_d [-(x - m)^2 / (2 s^2)] = (x - m) / (s^2 D)
    NDArray expected = x.sub(mean).div(std.square()).div(192);
    assertTrue(TinyDenoisers.maxAbsDiff(mean.getGradient(), expected) < 1e-5);
    assertThrows(IllegalArgumentException.class,
        () -> Ddim.logProb(x, mean, manager.zeros(new Shape(2, 1, 1, 1))));
  }
}
