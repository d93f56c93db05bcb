package dev.align4j.video.world;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import dev.align4j.image.diffusion.Pixels;
import java.util.ArrayList;
import java.util.List;

/** Between clips of 8-bit RGB frames and the [-1, 1] tensors {@code [B, 3, F, H, W]} video diffusion works on. */
public final class ClipTensors {
  private ClipTensors() {}

  /** Clips of one frame count and size to a torch-owned {@code [B, 3, F, H, W]} array in [-1, 1]. */
  public static NDArray toTensor(NDManager manager, List<Video> clips) {
    int frames = clips.get(0).frames().size();
    List<Image> all = new ArrayList<>(clips.size() * frames);
    for (Video v : clips) {
      Preconditions.checkArgument(v.frames().size() == frames, "clips of %s and %s frames", frames,
          v.frames().size());
      all.addAll(v.frames());
    }
    NDArray flat = Pixels.toTensor(manager, all);
    long h = flat.getShape().get(2);
    long w = flat.getShape().get(3);
    return flat.reshape(clips.size(), frames, 3, h, w).transpose(0, 2, 1, 3, 4).duplicate();
  }

  /** {@code [B, 3, F, H, W]} in [-1, 1] (clamped) to clips of 8-bit frames at {@code fps}. */
  public static List<Video> toClips(NDArray clips, double fps) {
    long b = clips.getShape().get(0);
    int frames = (int) clips.getShape().get(2);
    NDArray flat = clips.transpose(0, 2, 1, 3, 4).reshape(b * frames, 3, clips.getShape().get(3),
        clips.getShape().get(4));
    List<Image> images = Pixels.toRgb(flat);
    List<Video> out = new ArrayList<>((int) b);
    for (int i = 0; i < b; i++) out.add(new Video(images.subList(i * frames, (i + 1) * frames), fps));
    return out;
  }
}
