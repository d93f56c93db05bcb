package dev.align4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.NoiseSchedule;
import java.util.List;
import java.util.SplittableRandom;

/** A frozen test caption encoder: each caption maps to fixed pseudo-random embeddings [L, D]. */
public final class HashCaptionEncoder implements CaptionEncoder {
  public static final int LENGTH = 3;
  public static final int DIM = 4;

  @Override
  public NDArray encode(List<String> captions, NDManager manager) {
    float[] v = new float[captions.size() * LENGTH * DIM];
    for (int i = 0; i < captions.size(); i++) {
      SplittableRandom rnd = new SplittableRandom(captions.get(i).hashCode());
      for (int j = 0; j < LENGTH * DIM; j++) v[i * LENGTH * DIM + j] = (float) rnd.nextGaussian();
    }
    return NoiseSchedule.owned(manager, v, new Shape(captions.size(), LENGTH, DIM));
  }
}
