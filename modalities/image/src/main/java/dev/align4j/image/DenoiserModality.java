package dev.align4j.image;

import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoGrad;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.core.train.Modality;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.losses.Need;
import java.util.List;
import java.util.Set;

/**
 * What every image modality shares, whether its examples are images ({@link DiffusionModality}) or captions the
 * policy samples itself ({@link dev.align4j.image.method.OnlineModality}): a denoiser policy, a frozen caption
 * encoder, a codec between images and samples, and a noise schedule.
 *
 * @param <E> the example type
 */
public abstract class DenoiserModality<E> implements Modality<E, Denoiser> {
  private final CaptionEncoder captions;
  private final LatentCodec codec;
  private final NoiseSchedule schedule;

  protected DenoiserModality(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule) {
    this.captions = Preconditions.checkNotNull(captions, "captions");
    this.codec = Preconditions.checkNotNull(codec, "codec");
    this.schedule = Preconditions.checkNotNull(schedule, "schedule");
  }

  @Override
  public String name() {
    return "image";
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  public CaptionEncoder captionEncoder() {
    return captions;
  }

  public LatentCodec codec() {
    return codec;
  }

  /** Whether the loss needs reference terms (or reference predictions). */
  protected static boolean wantsReference(Set<Need> needs) {
    return needs.contains(Need.REFERENCE) || needs.contains(Need.DENOISING);
  }

  /** The manager a batch's arrays live in: the policy's parameters' (the engine's step scope frees them). */
  protected static NDManager managerOf(Denoiser policy) {
    return policy.parameters().get(0).array().getManager();
  }

  /** Frozen caption embeddings [N, L, D]. */
  protected NDArray context(List<String> texts, NDManager m) {
    return NoGrad.get(() -> captions.encode(texts, m)).stopGradient();
  }
}
