package dev.align4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DenoisingErrors;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseDraw;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.losses.DenoisingTerms;
import dev.align4j.losses.Need;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the paired and unpaired image modalities share beyond {@link DenoiserModality}: images to clean samples
 * (cached), one timestep and noise draw per example, and denoising errors under policy and reference.
 *
 * <p>Terms are negative denoising errors: {@code policyChosen = -e_w}, {@code refChosen = -e_w^ref}, and so
 * on (Diffusion-DPO's ELBO surrogate; see docs/losses.md). Training draws come from the engine's generator,
 * which the trainer seeds at every step; evaluation draws are a fixed function of each example.
 *
 * @param <E> the example type
 */
public abstract class DiffusionModality<E> extends DenoiserModality<E> {
  private final ImageSamples samples;
  private final ImageModalityOptions options;

  protected DiffusionModality(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule,
      ImageModalityOptions options) {
    super(captions, codec, schedule);
    this.options = Preconditions.checkNotNull(options, "options");
    Preconditions.checkArgument(options.maxTimestep() < schedule.steps(),
        "timestep range ends at %s but the schedule has %s steps", options.maxTimestep(), schedule.steps());
    this.samples = new ImageSamples(codec, options.resolution(), options.cachedImages());
  }

  public ImageModalityOptions options() {
    return options;
  }

  /** The image-to-sample pipeline (with its cache). */
  public ImageSamples samples() {
    return samples;
  }

  /** The inclusive timestep range drawn from. */
  protected int maxTimestep() {
    return options.maxTimestep() < 0 ? schedule().steps() - 1 : options.maxTimestep();
  }

  /** Clean samples of {@code images} [N, C, h, w]. */
  protected NDArray clean(List<Image> images, NDManager m) {
    return samples.samples(images, m);
  }

  /**
   * The captions a batch is conditioned on: when training with caption dropout, each is replaced by "" with that
   * probability, drawn from the engine's generator (so the same seed and step drop the same ones). Without
   * dropout no random number is drawn, so the noise draws are those of a run without the option.
   */
  protected List<String> conditioning(List<String> texts, NDManager m, boolean training) {
    double p = options.captionDropout();
    if (!training || p == 0) return texts;
    float[] u;
    try (NDArray draw = m.randomUniform(0f, 1f, new Shape(texts.size()))) {
      u = draw.toFloatArray();
    }
    List<String> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) out.add(u[i] < p ? "" : texts.get(i));
    return out;
  }

  /** One draw per example: from the engine when training, keyed by {@code keys} otherwise. */
  protected NoiseDraw draw(NDManager m, long[] keys, long[] sampleShape, boolean training) {
    return training ? NoiseDraw.fromEngine(m, keys.length, sampleShape, options.minTimestep(), maxTimestep())
        : NoiseDraw.keyed(m, keys, sampleShape, options.minTimestep(), maxTimestep());
  }

  /**
   * A stable key for an example's evaluation draw: its caption and its source without directories ("file:
   * row 3"), so that the draw survives moving the data.
   */
  protected static long key(String caption, String source, int index) {
    long h = 1125899906842597L;
    h = 31 * h + caption.hashCode();
    if (source == null) {
      h = 31 * h + index;
    } else {
      int cut = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
      h = 31 * h + source.substring(cut + 1).hashCode();
    }
    return new SplittableRandom(h).nextLong();
  }

  /** The winner's raw predictions, reference predictions and target, flattened to [B, D]. */
  protected static DenoisingTerms denoising(DenoisingErrors e, int from, int to) {
    ai.djl.ndarray.index.NDIndex rows = new ai.djl.ndarray.index.NDIndex(from + ":" + to);
    return new DenoisingTerms(flat(e.policyPrediction().get(rows)), flat(e.referencePrediction().get(rows)),
        flat(e.target().get(rows)));
  }

  private static NDArray flat(NDArray a) {
    return a.reshape(a.getShape().get(0), -1);
  }

  /** Runs the errors for clean samples and context under one draw. */
  protected DenoisingErrors errors(Denoiser policy, Reference<Denoiser> reference, boolean withReference, NDArray x0,
      NDArray context, NoiseDraw draw, boolean training) {
    return DenoisingErrors.compute(policy, reference, withReference, schedule(), x0, context, draw, training);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + samples.codec() + ", " + options.resolution() + "px, t in ["
        + options.minTimestep() + ", " + maxTimestep() + "]]";
  }
}
