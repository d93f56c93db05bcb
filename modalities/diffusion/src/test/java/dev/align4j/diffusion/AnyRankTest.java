package dev.align4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.train.Reference;
import dev.align4j.core.util.UserError;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DDPM machinery on audio-like [B, C, T] and video-like [B, C, F, H, W] samples, and the conditioning. */
class AnyRankTest {
  private static final int[] AUDIO = {2, 12};
  private static final int[] VIDEO = {2, 2, 2, 3};
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void denoisingErrorsReduceOverEveryNonBatchAxisWhateverTheRank() {
    NoiseSchedule schedule = NoiseSchedule.ddpm();
    long[] keys = {11, 12, 13};
    Conditioning cond = Conditioning.captions(values(new Shape(3, 3, 4), 1));
    float[][] errors = new float[2][];
    float[][] reference = new float[2][];
    int k = 0;
    for (int[] shape : new int[][] {AUDIO, VIDEO}) {
      Shape batch = batch(3, shape);
      NDArray x0 = values(batch, 2);
      NoiseDraw draw = NoiseDraw.keyed(manager, keys, longs(shape), 0, 999);
      AffineDenoiser policy = new AffineDenoiser(manager, 0.8, 0.5, Prediction.V_PREDICTION, shape);
      Reference<Denoiser> ref = Reference.frozenCopy(new AffineDenoiser(manager, 1.1, -0.1, Prediction.V_PREDICTION,
          shape));
      DenoisingErrors e = DenoisingErrors.compute(policy, ref, true, schedule, x0, cond, draw, false);
      assertEquals(new Shape(3), e.policy().getShape());
      assertEquals(batch, e.policyPrediction().getShape());
      // by hand: mean over all non-batch axes of (prediction - v)^2
      NDArray v = schedule.target(Prediction.V_PREDICTION, x0, draw.noise(), draw.timesteps());
      NDArray byHand = e.policyPrediction().sub(v).square().reshape(3, -1).mean(new int[] {1});
      assertArrayEquals(byHand.toFloatArray(), e.policy().toFloatArray(), 1e-6f);
      errors[k] = e.policy().toFloatArray();
      reference[k++] = e.reference().toFloatArray();
    }
    // The same 24 numbers per example in another arrangement: an elementwise network gives the same errors.
    assertArrayEquals(errors[0], errors[1], 1e-6f);
    assertArrayEquals(reference[0], reference[1], 1e-6f);
  }

  @Test
  void samplersAndInversionKeepTheRankAndEachSampleDependsOnItsSeedAlone() {
    for (int[] shape : new int[][] {AUDIO, VIDEO}) {
      AffineDenoiser net = new AffineDenoiser(manager, 0.3, 0.2, Prediction.EPSILON, shape);
      NDArray cond = values(new Shape(2, 3, 4), 3);
      NDArray uncond = values(new Shape(2, 3, 4), 4);
      Sampler sampler = new Sampler(NoiseSchedule.ddpm(), SamplerConfig.ddim(5, 0.7, 2.0));
      NDArray two = sampler.sample(new GuidedModel(net, cond, uncond, 2.0), new long[] {7, 8}, manager);
      assertEquals(batch(2, shape), two.getShape());
      NDArray alone = sampler.sample(new GuidedModel(net, cond.get("1:"), uncond.get("1:"), 2.0), new long[] {8},
          manager);
      assertArrayEquals(two.get("1:").toFloatArray(), alone.toFloatArray(), 1e-5f);

      GuidedModel once = new GuidedModel(net, cond, null, 1);
      NDArray x0 = values(batch(2, shape), 5);
      NDArray noised = Ddim.invert(once, NoiseSchedule.ddpm(), x0, new int[] {999, 500}, 4, 0.5, new long[] {1, 2}, 9);
      assertEquals(x0.getShape(), noised.getShape());
      assertTrue(maxAbsDiff(noised, x0) > 0.1, "inversion moved nothing");
    }
  }

  @Test
  void floatTimestepsReachTheNetworkAsGiven() {
    AffineDenoiser net = new AffineDenoiser(manager, 1, 1, Prediction.EPSILON, AUDIO);
    GuidedModel model = new GuidedModel(net, values(new Shape(2, 3, 4), 6), values(new Shape(2, 3, 4), 7), 3);
    NDArray x = values(batch(2, AUDIO), 8);
    NDArray byInt = model.output(x, new int[] {250, 900}, false);
    NDArray byFloat = model.output(x, manager.create(new float[] {250f, 900f}), false);
    assertArrayEquals(byInt.toFloatArray(), byFloat.toFloatArray(), 1e-6f);
    NDArray between = model.output(x, manager.create(new float[] {250.5f, 900f}), false);
    assertTrue(maxAbsDiff(between.get("0"), byInt.get("0")) > 1e-4, "a fractional timestep must matter");
  }

  @Test
  void conditioningJoinsSlicesAndSaysWhatIsMissing() {
    NDArray captions = values(new Shape(2, 3, 4), 9);
    NDArray frames = values(new Shape(2, 5, 6), 10);
    Conditioning both = Conditioning.of(captions, frames);
    assertEquals(2, both.batchSize());
    Conditioning four = both.concat(both);
    assertEquals(new Shape(4, 3, 4), four.captions().getShape());
    assertEquals(new Shape(4, 5, 6), four.frames().getShape());
    assertEquals(new Shape(1, 5, 6), four.rows(3, 4).frames().getShape());
    assertThrows(IllegalArgumentException.class, () -> both.concat(Conditioning.captions(captions)));
    assertThrows(IllegalArgumentException.class, () -> Conditioning.of(captions, frames.get("0:1")));
    AffineDenoiser net = new AffineDenoiser(manager, 1, 0, Prediction.EPSILON, AUDIO);
    NDArray x = values(batch(2, AUDIO), 11);
    NDArray t = manager.create(new long[] {1, 2});
    assertThrows(UserError.class, () -> net.predict(x, t, Conditioning.frames(frames), false));
    assertArrayEquals(net.predict(x, t, captions, false).toFloatArray(),
        net.predict(x, t, Conditioning.captions(captions), false).toFloatArray(), 0f);
  }

  private NDArray values(Shape shape, long seed) {
    Random r = new Random(seed);
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) v[i] = (float) (1.6 * r.nextDouble() - 0.8);
    return manager.create(v, shape);
  }

  private static Shape batch(int n, int[] sample) {
    long[] dims = new long[sample.length + 1];
    dims[0] = n;
    for (int i = 0; i < sample.length; i++) dims[i + 1] = sample[i];
    return new Shape(dims);
  }

  private static long[] longs(int[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i];
    return out;
  }

  private static double maxAbsDiff(NDArray a, NDArray b) {
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    double m = 0;
    for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
    return m;
  }
}
