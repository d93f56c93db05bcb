package dev.align4j.image.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Ddim;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseDraw;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.image.ImageModality;
import dev.align4j.image.ImageModalityOptions;
import java.util.SplittableRandom;

/**
 * InPO (inversion preference optimisation): Diffusion-DPO terms on noisy samples found by DDIM inversion
 * rather than forward noising. Per image (winner and loser each their own draw, nothing shared): a timestep
 * {@code t ~ U{min..max}}; {@code x_t} = {@link Ddim#invert} of the clean sample under the <em>current</em>
 * policy (conditional on the caption, no gradient) in {@code inversionSteps} inverse steps ending at t, adding
 * {@code noiseScale * sigma} noise per step; the implied noise {@code eps_hat = (x_t - sqrt(abar_t) x_0) /
 * sqrt(1 - abar_t)} is the regression target. Forward-noising {@code x_0} with {@code eps_hat} gives back
 * {@code x_t}, so the rest is {@link ImageModality}'s computation: policy and reference at the same x_t,
 * terms {@code -e_w, -e_l}. Use with {@code diffusion_dpo} (InPO's beta: 2000 for SD 1.5).
 */
public final class Inpo extends ImageModality {
  /**
   * The {@code inpo:} section; its defaults are InPO's settings.
   *
   * @param inversionSteps inverse DDIM steps up to t (InPO: 10)
   * @param noiseScale extra noise per inverse step, in units of that step's sigma (InPO: 0.1; 0 for plain DDIM
   *     inversion)
   */
  public record Config(
      @JsonProperty("inversion_steps") Integer inversionSteps,
      @JsonProperty("noise_scale") Double noiseScale) {
    public Config {
      inversionSteps = inversionSteps == null ? 10 : inversionSteps;
      noiseScale = noiseScale == null ? 0.1 : noiseScale;
      Preconditions.checkArgument(inversionSteps >= 1, "inpo.inversion_steps must be >= 1, got %s", inversionSteps);
      Preconditions.checkArgument(noiseScale >= 0, "inpo.noise_scale must be >= 0, got %s", noiseScale);
    }

    public static Config defaults() {
      return new Config(null, null);
    }
  }

  private final int inversionSteps;
  private final double noiseScale;

  public Inpo(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule, ImageModalityOptions options,
      Config config) {
    this(captions, codec, schedule, options, config.inversionSteps(), config.noiseScale());
  }

  /**
   * @param inversionSteps inverse DDIM steps up to t (InPO: 10)
   * @param noiseScale extra noise per inverse step, in units of that step's sigma (InPO: 0.1; 0 for plain DDIM
   *     inversion)
   */
  public Inpo(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule,
      ImageModalityOptions options, int inversionSteps, double noiseScale) {
    super(captions, codec, schedule, options);
    Preconditions.checkArgument(inversionSteps >= 1, "inversion steps >= 1, not %s", inversionSteps);
    Preconditions.checkArgument(noiseScale >= 0, "inversion noise scale >= 0, not %s", noiseScale);
    this.inversionSteps = inversionSteps;
    this.noiseScale = noiseScale;
  }

  /** InPO's settings ({@link Config#defaults()}). */
  public static Inpo inpo(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule,
      ImageModalityOptions options) {
    return new Inpo(captions, codec, schedule, options, Config.defaults());
  }

  public int inversionSteps() {
    return inversionSteps;
  }

  public double noiseScale() {
    return noiseScale;
  }

  @Override
  protected NoiseDraw pairDraw(Denoiser policy, NDArray x0, NDArray ctx2, long[] keys, boolean training) {
    int n2 = (int) x0.getShape().get(0);
    int[] t = new int[n2];
    long[] seeds = new long[n2];
    int min = options().minTimestep();
    int max = maxTimestep();
    NDManager m = x0.getManager();
    if (training) {
      long[] drawnT = m.randomInteger(min, max + 1L, new Shape(n2), DataType.INT64).toLongArray();
      long[] drawnS = m.randomInteger(0, Long.MAX_VALUE, new Shape(n2), DataType.INT64).toLongArray();
      for (int i = 0; i < n2; i++) {
        t[i] = Math.toIntExact(drawnT[i]);
        seeds[i] = drawnS[i];
      }
    } else {
      int n = keys.length;
      for (int i = 0; i < n2; i++) {
        SplittableRandom rnd = new SplittableRandom(SeededNoise.mix(keys[i % n], i / n));
        t[i] = min + rnd.nextInt(max - min + 1);
        seeds[i] = rnd.nextLong();
      }
    }
    NDArray epsHat = NoGrad.get(() -> {
      GuidedModel model = new GuidedModel(policy, ctx2, null, 1);
      NDArray xt = Ddim.invert(model, schedule(), x0, t, inversionSteps, noiseScale, seeds, 0);
      return impliedNoise(schedule(), x0, xt, t);
    }).stopGradient();
    return new NoiseDraw(t, epsHat);
  }

  /**
   * {@code eps_hat = (x_t - sqrt(abar_t) x_0) / sqrt(1 - abar_t)} per example: the noise that forward-noises x_0
   * to x_t.
   */
  public static NDArray impliedNoise(NoiseSchedule schedule, NDArray x0, NDArray xt, int[] t) {
    float[] a = new float[t.length];
    float[] s = new float[t.length];
    for (int i = 0; i < t.length; i++) {
      a[i] = (float) Math.sqrt(schedule.alphaBar(t[i]));
      s[i] = (float) (1 / Math.sqrt(1 - schedule.alphaBar(t[i])));
    }
    Shape c = perExample(x0, t.length);
    NDManager m = x0.getManager();
    return xt.sub(x0.mul(NoiseSchedule.owned(m, a, c))).mul(NoiseSchedule.owned(m, s, c));
  }

  static Shape perExample(NDArray like, int n) {
    long[] dims = new long[like.getShape().dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = n;
    return new Shape(dims);
  }

  @Override
  public String toString() {
    return super.toString() + " with DDIM inversion (" + inversionSteps + " steps, noise " + noiseScale + " sigma)";
  }
}
