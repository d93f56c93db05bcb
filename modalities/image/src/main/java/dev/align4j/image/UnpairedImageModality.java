package dev.align4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.media.Image;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DenoisingErrors;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoiseDraw;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.image.data.LabelledImageExample;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Text-to-image diffusion on unpaired, labelled images (Diffusion-KTO). Each image gets its own timestep and
 * noise; its terms go in the chosen slots ({@code -e}, {@code -e^ref}) with label 1 (desirable) or 0.
 * The KTO reference point comes from the batch itself ({@code diffusion_kto}), so no mismatched pairs are
 * computed.
 */
public final class UnpairedImageModality extends DiffusionModality<LabelledImageExample> {
  public UnpairedImageModality(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule,
      ImageModalityOptions options) {
    super(captions, codec, schedule, options);
  }

  @Override
  public PreferenceTerms terms(Denoiser policy, Reference<Denoiser> reference, List<LabelledImageExample> batch,
      Set<Need> needs, boolean training) {
    if (needs.contains(Need.DENOISING)) {
      throw new IllegalArgumentException("a loss that needs denoising vectors (DSPO) needs paired data");
    }
    int n = batch.size();
    NDManager m = managerOf(policy);
    List<Image> images = new ArrayList<>(n);
    List<String> texts = new ArrayList<>(n);
    long[] keys = new long[n];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      LabelledImageExample x = batch.get(i);
      images.add(x.image());
      texts.add(x.caption());
      keys[i] = key(x.caption(), x.source() + (x.desirable() ? "+" : "-"), i);
      labels[i] = x.desirable() ? 1 : 0;
    }
    NDArray x0 = clean(images, m);
    NoiseDraw draw = draw(m, keys, x0.getShape().slice(1).getShape(), training);
    boolean withReference = wantsReference(needs);
    DenoisingErrors e = errors(policy, reference, withReference, x0, context(conditioning(texts, m, training), m), draw,
        training);
    PreferenceTerms.Builder b = PreferenceTerms.builder().policy(e.policy().neg(), null)
        .labels(NoiseSchedule.owned(m, labels, new Shape(n)));
    if (withReference) b.reference(e.reference().neg(), null);
    return b.build();
  }
}
