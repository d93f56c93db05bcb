package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.common.base.Preconditions;
import dev.align4j.losses.Scalars;
import java.util.Collections;
import java.util.List;

/**
 * A denoiser with its conditioning fixed and classifier-free guidance folded in (Ho and Salimans 2022):
 * {@code out = u + s (c - u)} where c and u are the network's outputs (noise or velocity) under the
 * conditioning and under the unconditional one (the empty caption ""). Conditional and unconditional passes run
 * as one batch of 2B. Scale 1 is the conditional output alone (one pass of B).
 */
public final class GuidedModel {
  private final Denoiser denoiser;
  private final Conditioning conditional;
  private final Conditioning unconditional;
  private final double scale;

  /**
   * @param conditional caption embeddings [B, L, D]
   * @param unconditional embeddings of "" [B, L, D]; may be null only when {@code scale == 1}
   */
  public GuidedModel(Denoiser denoiser, NDArray conditional, NDArray unconditional, double scale) {
    this(denoiser, Conditioning.captions(conditional),
        unconditional == null ? null : Conditioning.captions(unconditional), scale);
  }

  /** @param unconditional may be null only when {@code scale == 1} */
  public GuidedModel(Denoiser denoiser, Conditioning conditional, Conditioning unconditional, double scale) {
    Preconditions.checkArgument(unconditional != null || scale == 1,
        "classifier-free guidance (scale %s) needs the unconditional context", scale);
    this.denoiser = denoiser;
    this.conditional = Preconditions.checkNotNull(conditional, "conditioning");
    this.unconditional = unconditional;
    this.scale = scale;
  }

  /** Encodes {@code captions} (and "" when guiding) with {@code encoder} on {@code manager}. */
  public static GuidedModel of(Denoiser denoiser, CaptionEncoder encoder, List<String> captions, double scale,
      NDManager manager) {
    NDArray cond = encoder.encode(captions, manager);
    NDArray uncond = scale == 1 ? null : encoder.encode(Collections.nCopies(captions.size(), ""), manager);
    return new GuidedModel(denoiser, cond, uncond, scale);
  }

  public Denoiser denoiser() {
    return denoiser;
  }

  public Prediction prediction() {
    return denoiser.prediction();
  }

  public double scale() {
    return scale;
  }

  /** Batch size B the contexts were built for. */
  public long batchSize() {
    return conditional.batchSize();
  }

  /** The same captions on another network (the reference, for instance). */
  public GuidedModel withDenoiser(Denoiser other) {
    return new GuidedModel(other, conditional, unconditional, scale);
  }

  /** The guided output at {@code xt [B, ...]}, integer timesteps {@code t} (one per example). */
  public NDArray output(NDArray xt, int[] t, boolean training) {
    NDManager m = xt.getManager();
    return guided(xt, scale == 1 ? timesteps(m, t, 1) : timesteps(m, t, 2), training);
  }

  /** The guided output at {@code xt [B, ...]}, timesteps {@code [B]} of any type (flow matching's floats). */
  public NDArray output(NDArray xt, NDArray timesteps, boolean training) {
    return guided(xt, scale == 1 ? timesteps : timesteps.concat(timesteps, 0), training);
  }

  /** @param timesteps [B] without guidance, [2B] (twice over) with */
  private NDArray guided(NDArray xt, NDArray timesteps, boolean training) {
    if (scale == 1) {
      return denoiser.predict(xt, timesteps, conditional, training);
    }
    long b = xt.getShape().get(0);
    NDArray both = denoiser.predict(NDArrays.concat(new NDList(xt, xt), 0), timesteps,
        conditional.concat(unconditional), training);
    NDArray c = both.get("0:" + b);
    NDArray u = both.get(b + ":");
    return u.add(c.sub(u).mul(Scalars.of(scale)));
  }

  /** Timesteps as the int64 array [repeat * B] a denoiser takes. */
  public static NDArray timesteps(NDManager m, int[] t, int repeat) {
    long[] v = new long[t.length * repeat];
    for (int r = 0; r < repeat; r++) for (int i = 0; i < t.length; i++) v[r * t.length + i] = t[i];
    try (NDArray blob = m.create(v)) {
      return blob.duplicate().toType(DataType.INT64, false);
    }
  }
}
