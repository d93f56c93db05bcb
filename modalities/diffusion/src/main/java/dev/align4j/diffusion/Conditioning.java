package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;

/**
 * What a denoiser is conditioned on, per example: caption embeddings {@code [B, L, D]} (text-to-image and
 * text-to-video cross-attention), frame features {@code [B, F, D']} (video-to-audio), or both. A part the
 * model does not use is null; at least one is present and both share the batch size.
 *
 * @param captions caption embeddings [B, L, D] from a {@link CaptionEncoder}, or null
 * @param frames per-frame features [B, F, D'] of a conditioning video, or null
 */
public record Conditioning(NDArray captions, NDArray frames) {
  public Conditioning {
    Preconditions.checkArgument(captions != null || frames != null, "conditioning needs captions or frames");
    Preconditions.checkArgument(captions == null || frames == null
        || captions.getShape().get(0) == frames.getShape().get(0),
        "captions %s and frames %s differ in batch size", captions == null ? null : captions.getShape(),
        frames == null ? null : frames.getShape());
  }

  /** Caption embeddings alone. */
  public static Conditioning captions(NDArray embeddings) {
    return new Conditioning(Preconditions.checkNotNull(embeddings, "caption embeddings"), null);
  }

  /** Frame features alone. */
  public static Conditioning frames(NDArray features) {
    return new Conditioning(null, Preconditions.checkNotNull(features, "frame features"));
  }

  /** Both captions and frame features. */
  public static Conditioning of(NDArray captions, NDArray frames) {
    return new Conditioning(captions, frames);
  }

  /** B, the number of examples. */
  public long batchSize() {
    return (captions != null ? captions : frames).getShape().get(0);
  }

  /** The caption embeddings, or a user error naming {@code model} when this conditioning has none. */
  public NDArray requireCaptions(Object model) {
    if (captions == null) throw new UserError(model + " is conditioned on captions, but got only frame features");
    return captions;
  }

  /** The frame features, or a user error naming {@code model} when this conditioning has none. */
  public NDArray requireFrames(Object model) {
    if (frames == null) throw new UserError(model + " is conditioned on frames, but got only caption embeddings");
    return frames;
  }

  /** This batch followed by {@code other}'s (same parts): {@code [this; other]} along the batch axis. */
  public Conditioning concat(Conditioning other) {
    Preconditions.checkArgument((captions == null) == (other.captions == null)
        && (frames == null) == (other.frames == null), "cannot join conditionings with different parts");
    return new Conditioning(captions == null ? null : captions.concat(other.captions, 0),
        frames == null ? null : frames.concat(other.frames, 0));
  }

  /** The examples {@code from} (inclusive) to {@code to} (exclusive). */
  public Conditioning rows(long from, long to) {
    NDIndex rows = new NDIndex(from + ":" + to);
    return new Conditioning(captions == null ? null : captions.get(rows), frames == null ? null : frames.get(rows));
  }
}
