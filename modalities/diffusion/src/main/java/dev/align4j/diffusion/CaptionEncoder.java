package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** Turns captions into the context a denoiser cross-attends to. Frozen during preference tuning. */
public interface CaptionEncoder extends AutoCloseable {
  /** Caption embeddings [B, L, D] on {@code manager}'s device; "" is the unconditional (CFG) caption. */
  NDArray encode(List<String> captions, NDManager manager);

  @Override
  default void close() {}
}
