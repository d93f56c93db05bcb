package dev.align4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.align4j.core.media.Image;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DenoisingErrors;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoiseDraw;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.image.data.ImagePair;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Text-to-image diffusion on preference pairs (Diffusion-DPO, MaPO, DSPO, ...). Per batch of B pairs: one
 * timestep {@code t ~ U{min..max}} and one noise {@code eps} per pair, shared by winner and loser and by
 * policy and reference; {@code x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps}; the terms are the negative
 * denoising errors {@code -e_w, -e_l} (policy) and {@code -e_w^ref, -e_l^ref} (reference, only when the loss
 * needs them). DSPO's winner predictions come along when the loss asks for {@link Need#DENOISING}.
 */
public class ImageModality extends DiffusionModality<ImagePair> {
  public ImageModality(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule,
      ImageModalityOptions options) {
    super(captions, codec, schedule, options);
  }

  @Override
  public PreferenceTerms terms(Denoiser policy, Reference<Denoiser> reference, List<ImagePair> batch, Set<Need> needs,
      boolean training) {
    int n = batch.size();
    NDManager m = managerOf(policy);
    List<Image> images = new ArrayList<>(2 * n);
    List<String> texts = new ArrayList<>(n);
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      ImagePair p = batch.get(i);
      images.add(p.winner());
      texts.add(p.caption());
      keys[i] = key(p.caption(), p.source(), i);
    }
    for (ImagePair p : batch) images.add(p.loser());
    NDArray x0 = clean(images, m);
    NDArray ctx = context(conditioning(texts, m, training), m);
    NDArray ctx2 = ctx.concat(ctx, 0);
    NoiseDraw draw = pairDraw(policy, x0, ctx2, keys, training);
    boolean withReference = wantsReference(needs);
    DenoisingErrors e = errors(policy, reference, withReference, x0, ctx2, draw, training);
    NDIndex winners = new NDIndex("0:" + n);
    NDIndex losers = new NDIndex(n + ":");
    PreferenceTerms.Builder b = PreferenceTerms.builder()
        .policy(e.policy().get(winners).neg(), e.policy().get(losers).neg());
    if (withReference) b.reference(e.reference().get(winners).neg(), e.reference().get(losers).neg());
    if (needs.contains(Need.DENOISING)) b.denoising(denoising(e, 0, n));
    return b.build();
  }

  /**
   * The timesteps and noise for the batch's 2B clean samples {@code x0} (winners then losers) with context
   * {@code ctx2}: here one draw per pair, shared by winner and loser. Subclasses may derive the noise
   * differently (InPO: from DDIM inversion), as long as {@code sqrt(abar_t) x0 + sqrt(1 - abar_t) eps} is the
   * noisy sample they mean.
   *
   * @param keys per pair, for evaluation draws
   */
  protected NoiseDraw pairDraw(Denoiser policy, NDArray x0, NDArray ctx2, long[] keys, boolean training) {
    return draw(x0.getManager(), keys, x0.getShape().slice(1).getShape(), training).twice();
  }
}
