package dev.align4j.benchmarks.throughput;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.benchmarks.peers.DiffusionDpoStep;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.FileTrees;
import dev.align4j.video.dpo.VideoDpoModality;
import dev.align4j.video.pairs.CaptionRenders;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.pairs.PerturbedClipPairs;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.Perturbations;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The video rows of {@code bench throughput}, in the moving-shapes world: Diffusion-DPO training steps of a video
 * model (the step {@code examples/video-dpo.yaml} trains with), clips per second of the world's checker, the
 * reward on-policy pairs are chosen by ({@link ClipChecker}: every level, temporal consistency and dynamic
 * degree), and clips per second of MP4 decoding (FFmpeg, to RGB frames).
 */
public final class VideoThroughput {
  /** A caption and a clip of it. */
  public record Clip(String caption, Video video) {}

  private VideoThroughput() {}

  /**
   * {@code n} clips of the world as the held-out clips look (8 frames of 16x16, light pixel noise): random
   * captions from {@code seed}, each rendered, skipping captions whose shapes have no room in the frame.
   */
  public static List<Clip> clips(int n, long seed) {
    Preconditions.checkArgument(n >= 1, "n >= 1, not %s", n);
    CaptionRenders renders = new CaptionRenders(ShapesVideoWorld.clips());
    List<Clip> out = new ArrayList<>(n);
    for (int round = 0; out.size() < n; round++) {
      if (round > 100) throw new IllegalStateException("cannot render " + n + " clips");
      List<String> captions = ShapesVideoWorld.prompts(2 * n, seed + round * 1_000_003L, Set.of());
      for (int i = 0; i < captions.size() && out.size() < n; i++) {
        String caption = captions.get(i);
        renders.render(caption, seed * 31 + i).ifPresent(c -> out.add(new Clip(caption, c.video())));
      }
    }
    return out;
  }

  /**
   * {@code n} training pairs without sampling: the caption's noise-free render over an edit of it that breaks a
   * level ({@code pairs.builder: perturbed}, every edit). The step's cost does not depend on which pairs.
   */
  public static List<ClipPair> pairs(int n, long seed) {
    Preconditions.checkArgument(n >= 1, "n >= 1, not %s", n);
    CaptionRenders renders = new CaptionRenders(ShapesVideoWorld.trainingClips());
    List<Perturbations.Kind> kinds = List.of(Perturbations.Kind.values());
    List<ClipPair> out = new ArrayList<>(n);
    for (int round = 0; out.size() < n; round++) {
      if (round > 100) throw new IllegalStateException("cannot build " + n + " pairs");
      List<String> prompts = ShapesVideoWorld.prompts(2 * n, seed + round * 1_000_003L, Set.of());
      for (ClipPair p : PerturbedClipPairs.build(renders, prompts, kinds, seed + round).pairs()) {
        if (out.size() < n) out.add(p);
      }
    }
    return out;
  }

  /**
   * Times Diffusion-DPO steps of {@code model}'s UNet on {@code batchSize} pairs per step, through the trainer
   * as {@code examples/video-dpo.yaml} trains (loss diffusion_dpo, beta 5000 official, a frozen copy as the
   * reference, AdamW at 1e-4, clipping to 1.0; one timestep and noise per pair): each timed step is a repeat of
   * the row. The model's weights change.
   */
  public static ThroughputRow training(VideoBaseModel model, int batchSize, int warmup, int steps, long seed,
      NDManager optimizerManager) {
    List<ClipPair> pairs = pairs(batchSize, seed);
    DiffusionDpoStep.Settings s = new DiffusionDpoStep.Settings(batchSize, 5000, 1e-4, 1.0, seed);
    VideoDpoModality modality = new VideoDpoModality(model.encoder(), model.schedule(), 0, -1, null);
    DiffusionDpoStep.Timing t;
    try {
      t = DiffusionDpoStep.time(model.unet(), modality, pairs, s, warmup, steps, optimizerManager, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double[] seconds = t.stepMillis().stream().mapToDouble(ms -> ms / 1000).toArray();
    Video clip = pairs.get(0).winner();
    String setup = String.format(Locale.ROOT, "%s, pairs of %dx%dx%d clips, diffusion_dpo step (frozen copy, AdamW)",
        model.dir().getFileName(), clip.frames().size(), clip.width(), clip.height());
    return ThroughputRow.fromTimings(ThroughputRow.TRAINING, "video", "diffusion_dpo", setup, batchSize, 1,
        batchSize, seconds, deviceName(optimizerManager.getDevice()));
  }

  /** Clips per second of the checker scoring each clip against its caption (one clip per call). */
  public static ThroughputRow checker(List<Clip> clips, int warmup, int repeats) {
    double[] seconds = repeat(warmup, repeats, () -> {
      for (Clip c : clips) ClipChecker.score(c.video(), c.caption());
    });
    return ThroughputRow.fromTimings(ThroughputRow.SCORING, "video", "clip-checker", size(clips)
        + " clips, every level + temporal consistency + dynamic degree", 1, clips.size(), clips.size(), seconds, "cpu");
  }

  /**
   * Clips per second of decoding MP4 files (written here by {@code MediaCodec.writeVideo}: H.264, 4:2:0) to RGB
   * frames with {@code MediaCodec.readVideo}, one file per clip: opening, demuxing and decoding.
   */
  public static ThroughputRow mp4Decode(List<Clip> clips, int warmup, int repeats) {
    Path dir;
    try {
      dir = Files.createTempDirectory("align4j-video-decode");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      List<Path> files = new ArrayList<>(clips.size());
      for (int i = 0; i < clips.size(); i++) {
        Path f = dir.resolve(String.format(Locale.ROOT, "%05d.mp4", i));
        MediaCodec.writeVideo(clips.get(i).video(), f);
        files.add(f);
      }
      double[] seconds = repeat(warmup, repeats, () -> {
        for (Path f : files) MediaCodec.readVideo(f);
      });
      return ThroughputRow.fromTimings(ThroughputRow.SCORING, "video", "mp4-decode", size(clips)
          + " MP4 (H.264), FFmpeg decode to RGB", 1, clips.size(), clips.size(), seconds, "cpu");
    } finally {
      FileTrees.deleteQuietly(dir);
    }
  }

  /** {@code cpu} or {@code cuda:N}, as the other rows name devices. */
  private static String deviceName(Device d) {
    return d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu";
  }

  private static String size(List<Clip> clips) {
    Video v = clips.get(0).video();
    return String.format(Locale.ROOT, "%dx%dx%d", v.frames().size(), v.width(), v.height());
  }

  /** The seconds of each timed run of {@code work}, after {@code warmup} untimed ones. */
  private static double[] repeat(int warmup, int repeats, Runnable work) {
    Preconditions.checkArgument(warmup >= 0 && repeats >= 1, "warm-up >= 0 and repeats >= 1");
    double[] seconds = new double[repeats];
    for (int r = -warmup; r < repeats; r++) {
      long t0 = System.nanoTime();
      work.run();
      if (r >= 0) seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    return seconds;
  }
}
