package dev.align4j.video.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.pairs.PairOrigin;
import dev.align4j.video.shapes.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video data into clip pairs: the writer's JSONL + MP4 read back within the codec's loss, VideoDPO directories
 * resampled in time and space, and bad clips as one line naming the file.
 */
class VideoDatasetsTest {
  /** The world's clips: 8 frames of 16x16 at 8 fps. */
  private static final ClipFormat WORLD = new ClipFormat(8, 16, 8);
  /**
   * The codec's loss allowed: the mean absolute difference per 8-bit channel value between a written clip and the
   * clip read back. H.264 (4 Mbit/s, 4:2:0) of the 16x16 renders enlarged 4x, area-averaged back, was measured at
   * 0.5 to 2.1 levels of 255 (60 clips of seed 1); written at 16x16 it was 0.9 to 7.2, the 8x8 chroma planes
   * blurring the shapes' coloured edges enough that the checker lost some shapes.
   */
  public static final double MP4_MEAN_ERROR = 3.0;
  private static final Consumer<String> ANY_CAPTION = c -> {};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void framesNearestToTheModelsFrameTimes() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, ClipLoader.frameIndices(8, 8, WORLD));
    assertArrayEquals(new int[] {0, 3, 6, 9, 12, 15, 18, 21}, ClipLoader.frameIndices(24, 24, WORLD));
    // 30 fps: k * 3.75 rounded (half up)
    assertArrayEquals(new int[] {0, 4, 8, 11, 15, 19, 23, 26}, ClipLoader.frameIndices(27, 30, WORLD));
    assertNull(ClipLoader.frameIndices(26, 30, WORLD), "frame 26 is past the end");
    assertNull(ClipLoader.frameIndices(7, 8, WORLD));
  }

  /** Built pairs written as JSONL + MP4 come back as the same pairs, frames within the codec's loss. */
  @Test
  void writtenPairsReadBackWithinTheCodecsLoss() throws Exception {
    List<ClipPair> built = VideoDataFixtures.perturbedPairs(6);
    Map<String, Path> files = VideoPairsWriter.write(dir.resolve("pairs"), List.of(
        new VideoPairsWriter.Split("train", built, 5), new VideoPairsWriter.Split("eval", List.of(), 6)), null);
    assertEquals(Set.of("train"), files.keySet(), "an empty split writes no file");
    Path train = files.get("train");
    List<String> rows = Files.readAllLines(train);
    assertEquals(built.size(), rows.size());
    JsonNode first = JSON.readTree(rows.get(0));
    assertEquals("videos/train-000000-0.mp4", first.get("video_0").asText());
    assertEquals(16 * VideoPairsWriter.ZOOM, MediaCodec.readVideo(train.resolveSibling("videos/train-000000-0.mp4"))
        .width(), "written enlarged");
    assertEquals("perturbed", first.get("builder").asText());
    assertEquals(built.get(0).origin().perturbation().key(), first.get("perturbation").asText());
    assertEquals(5, first.get("seed").asLong());
    assertTrue(first.get("model").isNull());
    assertEquals(built.get(0).winnerScore().motion(), first.get("score_0").get("motion").asDouble());

    VideoDatasets.VideoData read = VideoDatasets.read(DataConfig.of(train.toString()), dir, WORLD, null,
        ANY_CAPTION);
    assertEquals(built.size(), read.train().size());
    assertTrue(read.eval().isEmpty());
    for (int i = 0; i < built.size(); i++) {
      ClipPair a = built.get(i);
      ClipPair b = read.train().get(i);
      assertEquals(a.caption(), b.caption());
      assertEquals(PairOrigin.read(train + ":" + (i + 1)), b.origin());
      assertEquals(1.0, b.weight());
      assertNotNull(b.winnerScore(), "a world caption is scored");
      for (boolean winner : new boolean[] {true, false}) {
        Video written = winner ? a.winner() : a.loser();
        Video back = winner ? b.winner() : b.loser();
        assertEquals(WORLD.fps(), back.fps());
        assertEquals(written.frames().size(), back.frames().size());
        double error = VideoDataFixtures.meanAbsoluteError(written, back);
        assertTrue(error <= MP4_MEAN_ERROR, "pair " + i + ": mean error " + error);
      }
      Level broken = a.origin().perturbation().level();
      assertTrue(b.loserScore().level(broken) < b.winnerScore().level(broken),
          "the read-back pair still breaks the edit's level: " + a.caption());
    }
  }

  /**
   * A VideoDPO directory of 32x32 clips at 16 fps: every other frame is kept (frame k of a clip is grey 16 k, so
   * the frame's level says which was taken), halved to 16x16; dupbeta weights the scored pair.
   */
  @Test
  void videoDpoClipsAreResampledInTimeAndSpace() throws Exception {
    Path data = VideoDataFixtures.videoDpo(dir.resolve("videodpo"), 16, 16);
    VideoDatasets.VideoData read = VideoDatasets.read(DataConfig.of("videodpo").withEvalFraction(0.5), dir, WORLD,
        new VideoDpoReader(1.0, 1.0, 0.72), ANY_CAPTION);
    assertEquals(1, read.train().size());
    assertEquals(1, read.eval().size(), "the last pair held out");
    ClipPair p = read.train().get(0);
    assertEquals("a small red circle moves left", p.caption());
    assertEquals(2.0, p.weight(), 1e-12, "(0.72 / 0.36)^1");
    assertEquals(1.0, read.eval().get(0).weight(), "no score, no weight");
    assertEquals(data.resolve("pair.json") + "[0]", p.origin().source());
    assertEquals(8, p.winner().frames().size());
    assertEquals(16, p.winner().width());
    for (int k = 0; k < 8; k++) {
      double level = mean(p.winner().frames().get(k));
      assertEquals(16 * 2 * k, level, 3, "frame " + k + " is source frame " + 2 * k);
    }
    // the same directory through its pair.json, and the clip too short for 8 frames at 8 fps
    assertEquals(2, VideoDatasets.read(DataConfig.of("videodpo/pair.json"), dir, WORLD, null, ANY_CAPTION).train()
        .size());
    VideoDataFixtures.videoDpo(dir.resolve("short"), 6, 8); // 0.75 s: kept with clip_length 0.7
    UserError shortClip = assertThrows(UserError.class, () -> VideoDatasets.read(DataConfig.of("short"), dir, WORLD,
        new VideoDpoReader(0.7, 0, 0.72), ANY_CAPTION));
    assertOneLine(shortClip, dir.resolve("short/pair.json") + "[0], " + dir.resolve("short/clips/0.mp4")
        + ": 6 frames at 8 fps (0.75 s), too short for 8 frames at 8 fps");
  }

  @Test
  void aCorruptClipIsOneLineNamingTheFileOrASkippedRow() throws Exception {
    Path train = VideoPairsWriter.write(dir.resolve("pairs"), List.of(new VideoPairsWriter.Split("train",
        VideoDataFixtures.perturbedPairs(4), 1)), null).get("train");
    Path corrupt = train.resolveSibling("videos/train-000001-1.mp4");
    byte[] bytes = Files.readAllBytes(corrupt);
    Files.write(corrupt, Arrays.copyOf(bytes, 40)); // the header cut short
    UserError e = assertThrows(UserError.class, () -> VideoDatasets.read(DataConfig.of(train.toString()), dir, WORLD,
        null, ANY_CAPTION));
    assertOneLine(e, train + ":2, ");
    assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());
    assertTrue(e.getMessage().endsWith("(set data.skip_bad_rows to skip such rows)"), e.getMessage());

    VideoDatasets.VideoData skipped = VideoDatasets.read(DataConfig.of(train.toString()).withSkipBadRows(true), dir,
        WORLD, null, ANY_CAPTION);
    assertEquals(3, skipped.train().size(), "only the pair with the corrupt clip is lost");
    assertEquals(1, skipped.rowsSkipped());
    assertTrue(skipped.skipReasons().get(0).contains(corrupt.toString()), skipped.skipReasons().toString());

    UserError caption = assertThrows(UserError.class, () -> VideoDatasets.read(DataConfig.of(train.toString()), dir,
        WORLD, null, c -> {
          throw new UserError("caption '" + c + "': not for this model");
        }));
    assertOneLine(caption, train + ":1, caption '");
  }

  @Test
  void pathsAndSettingsThatCannotBeRead() throws Exception {
    UserError missing = assertThrows(UserError.class, () -> VideoDatasets.read(DataConfig.of("nope.jsonl"), dir,
        WORLD, null, ANY_CAPTION));
    assertOneLine(missing, dir.resolve("nope.jsonl") + ": no such file or directory (data.train)");
    Path train = VideoPairsWriter.write(dir.resolve("pairs"), List.of(new VideoPairsWriter.Split("train",
        VideoDataFixtures.perturbedPairs(2), 1)), null).get("train");
    UserError settings = assertThrows(UserError.class, () -> VideoDatasets.read(DataConfig.of(train.toString()), dir,
        WORLD, VideoDpoReader.defaults(), ANY_CAPTION));
    assertOneLine(settings, "videodpo: applies to VideoDPO directories");
    UserError format = assertThrows(UserError.class, () -> VideoDatasets.check(DataConfig.of("x.jsonl")
        .withFormat(DataConfig.Format.UNPAIRED)));
    assertOneLine(format, "data.format unpaired: video data is paired");
  }

  static void assertOneLine(UserError e, String start) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }

  private static double mean(Image image) {
    double sum = 0;
    for (byte v : image.rgb()) sum += v & 0xff;
    return sum / image.rgb().length;
  }
}
