package dev.align4j.video.world;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.align4j.core.media.Video;
import dev.align4j.core.train.AdamW;
import dev.align4j.core.train.GradientClipping;
import dev.align4j.core.train.LrSchedule;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.GracefulStop;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.image.unet.WordCaptionEncoder;
import dev.align4j.video.unet.VideoUNetDenoiser;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The base video model's pre-training loop (plain denoising regression, not preference terms): per step a batch
 * of clips from a {@link ClipPool} of noise-free renders, captions dropped to "" at the recipe's rate, t uniform,
 * eps per clip from {@link SeededNoise}, loss the mean squared error of the UNet's prediction type through the
 * UNet and the caption encoder, AdamW with warm-up and cosine decay, global-norm clipping.
 */
public final class VideoPretraining {
  /**
   * What a run measured.
   *
   * @param losses the loss of every step
   * @param seconds wall time of the steps
   * @param renderSeconds wall time of rendering the pool
   */
  public record Figures(double[] losses, double seconds, double renderSeconds) {
    /** The mean loss of the last {@code n} steps. */
    public double lastLoss(int n) {
      double sum = 0;
      int from = Math.max(0, losses.length - n);
      for (int i = from; i < losses.length; i++) sum += losses[i];
      return sum / (losses.length - from);
    }

    public double msPerStep() {
      return 1000 * seconds / losses.length;
    }
  }

  private static final int LOG_EVERY = 50;

  private VideoPretraining() {}

  /** Trains {@code unet} and {@code encoder} together with {@code recipe} on the world's training clips. */
  public static Figures run(VideoUNetDenoiser unet, WordCaptionEncoder encoder, VideoPretrainRecipe recipe,
      NoiseSchedule schedule, PrintStream log) {
    long renderStart = System.nanoTime();
    ClipPool pool = ClipPool.render(ShapesVideoWorld.trainingClips(), recipe.clips(), recipe.seed());
    double renderSeconds = (System.nanoTime() - renderStart) / 1e9;
    List<NamedParameter> params = new ArrayList<>();
    unet.parameters().forEach(p -> params.add(new NamedParameter("unet." + p.name(), p.array())));
    encoder.parameters().forEach(p -> params.add(new NamedParameter("encoder." + p.name(), p.array())));
    NDManager manager = unet.parameters().get(0).array().getManager();
    AdamW optimizer = new AdamW(manager, 0.9, 0.999, 1e-8, 0.0);
    LrSchedule lr = new LrSchedule("cosine", recipe.learningRate(), recipe.warmupSteps(), recipe.steps());
    Random random = new Random(recipe.seed());
    int b = recipe.batchSize();
    double[] losses = new double[recipe.steps()];
    long start = System.nanoTime();
    long windowStart = start;
    for (int step = 0; step < recipe.steps(); step++) {
      GracefulStop.check();
      Engine.getInstance().setRandomSeed((int) (recipe.seed() * 31 + step));
      List<String> captions = new ArrayList<>(b);
      List<Video> clips = new ArrayList<>(b);
      int[] t = new int[b];
      long[] noiseSeeds = new long[b];
      for (int i = 0; i < b; i++) {
        int k = random.nextInt(pool.size());
        captions.add(random.nextDouble() < recipe.captionDropout() ? "" : pool.caption(k));
        clips.add(pool.clip(k).video());
        t[i] = random.nextInt(schedule.steps());
        noiseSeeds[i] = random.nextLong();
      }
      try (NDScope scope = new NDScope()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray l = loss(unet, encoder, schedule, clips, captions, t, noiseSeeds, true);
          gc.backward(l);
          losses[step] = l.getFloat();
        }
      }
      if (!Double.isFinite(losses[step])) {
        throw new IllegalStateException("pre-training diverged at step " + (step + 1));
      }
      GradientClipping.clip(params, recipe.maxGradNorm());
      optimizer.step(params, lr.at(step));
      try (NDScope scope = new NDScope()) {
        for (NamedParameter p : params) {
          NDArray g = p.array().getGradient();
          g.subi(g);
        }
      }
      if ((step + 1) % LOG_EVERY == 0 || step + 1 == recipe.steps()) {
        int window = step % LOG_EVERY + 1;
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        log.printf("pre-training step %d/%d | loss %.4f | %.1f ms/step | %.0f clips/s%n", step + 1, recipe.steps(),
            new Figures(Arrays.copyOf(losses, step + 1), 0, 0).lastLoss(window), 1000 * seconds / window,
            window * b / seconds);
        windowStart = System.nanoTime();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log.printf("pre-training done: %d steps in %.1f s (%.1f ms/step; rendering %d clips took %.1f s)%n",
        recipe.steps(), seconds, 1000 * seconds / recipe.steps(), recipe.clips(), renderSeconds);
    return new Figures(losses, seconds, renderSeconds);
  }

  /**
   * The denoising loss of {@code clips} under {@code captions} at timesteps {@code t} with noise from
   * {@code noiseSeeds}: the mean of (prediction - target)^2 over the batch and every sample dimension.
   */
  public static NDArray loss(VideoUNetDenoiser unet, WordCaptionEncoder encoder, NoiseSchedule schedule,
      List<Video> clips, List<String> captions, int[] t, long[] noiseSeeds, boolean training) {
    NDManager manager = unet.parameters().get(0).array().getManager();
    NDArray x0 = ClipTensors.toTensor(manager, clips);
    NDArray eps = SeededNoise.gaussian(manager, noiseSeeds, 0, unet.sampleShape());
    NDArray xt = schedule.addNoise(x0, eps, t);
    NDArray context = encoder.encode(captions, manager, training);
    NDArray out = unet.predict(xt, GuidedModel.timesteps(manager, t, 1), context, training);
    return out.sub(schedule.target(unet.prediction(), x0, eps, t)).square().mean();
  }
}
