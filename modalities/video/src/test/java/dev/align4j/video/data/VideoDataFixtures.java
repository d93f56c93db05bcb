package dev.align4j.video.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import dev.align4j.video.pairs.BuiltPairs;
import dev.align4j.video.pairs.CaptionRenders;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.pairs.PerturbedClipPairs;
import dev.align4j.video.shapes.Perturbations.Kind;
import dev.align4j.video.world.ShapesVideoWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Small video datasets made by the tests: built pairs, and VideoDPO directories of MP4s written with core's codec. */
public final class VideoDataFixtures {
  /** The captions of {@link #videoDpo}'s two pairs, words of the world's caption encoder. */
  public static final List<String> VIDEODPO_CAPTIONS = List.of("a small red circle moves left",
      "a large blue square falls");

  private VideoDataFixtures() {}

  /** The perturbed pairs (every edit) of the first prompts of seed 1: renders and edits only. */
  public static List<ClipPair> perturbedPairs(int pairs) {
    BuiltPairs b = PerturbedClipPairs.build(new CaptionRenders(ShapesVideoWorld.trainingClips()),
        ShapesVideoWorld.prompts(pairs + 4, 1, Set.of()), List.of(Kind.values()), 1);
    assertTrue(b.pairs().size() >= pairs, b.toString());
    return b.pairs().subList(0, pairs);
  }

  /**
   * A VideoDPO directory: metadata.json with a 0.5 s clip (dropped by clip_length 1: it shifts the indices) and
   * two clips of {@code frames} 32x32 frames at {@code fps}, frame k of clip c grey {@code 16 k + c};
   * pair.json with a scored pair (0.36) and an unscored one.
   */
  public static Path videoDpo(Path dir, int frames, double fps) throws Exception {
    Files.createDirectories(dir.resolve("clips"));
    List<String> meta = new ArrayList<>();
    meta.add(entry("clips/dropped.mp4", 0.5));
    Files.write(dir.resolve("clips/dropped.mp4"), new byte[] {0});
    for (int c = 0; c < 2; c++) {
      List<Image> images = new ArrayList<>();
      for (int k = 0; k < frames; k++) {
        byte[] rgb = new byte[32 * 32 * 3];
        Arrays.fill(rgb, (byte) Math.min(255, 16 * k + c));
        images.add(new Image(32, 32, rgb));
      }
      MediaCodec.writeVideo(new Video(images, fps), dir.resolve("clips/" + c + ".mp4"));
      meta.add(entry("clips/" + c + ".mp4", frames / fps));
    }
    Files.writeString(dir.resolve("metadata.json"), "[" + String.join(", ", meta) + "]");
    Files.writeString(dir.resolve("pair.json"), "[{\"video1\": 0, \"video2\": 1, \"frame_caption\": [\""
        + VIDEODPO_CAPTIONS.get(0) + "\"], \"score\": 0.36}, {\"video1\": 1, \"video2\": 0, \"frame_caption\": \""
        + VIDEODPO_CAPTIONS.get(1) + "\"}]");
    return dir;
  }

  private static String entry(String path, double seconds) {
    return "{\"basic\": {\"clip_path\": \"" + path + "\", \"clip_duration\": " + seconds + "}, \"misc\": "
        + "{\"frame_caption\": [\"a clip\"]}}";
  }

  /** The mean absolute difference per 8-bit channel value of two clips of one format. */
  public static double meanAbsoluteError(Video a, Video b) {
    double sum = 0;
    long n = 0;
    for (int k = 0; k < a.frames().size(); k++) {
      byte[] x = a.frames().get(k).rgb();
      byte[] y = b.frames().get(k).rgb();
      for (int i = 0; i < x.length; i++) sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
      n += x.length;
    }
    return sum / n;
  }
}
