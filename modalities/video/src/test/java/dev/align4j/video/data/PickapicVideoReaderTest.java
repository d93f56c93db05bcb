package dev.align4j.video.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.ClipOptions;
import dev.align4j.video.shapes.ClipRenderer;
import dev.align4j.video.shapes.ClipSampler;
import dev.align4j.video.shapes.MotionCaption;
import dev.align4j.video.shapes.Perturbations;
import dev.align4j.video.shapes.ShapeClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pick-a-Pic-style JSONL of videos: winner first, ties dropped, bad rows stopped on or skipped. */
class PickapicVideoReaderTest {
  @TempDir Path dir;

  private Path touch(String name) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {0});
    return file;
  }

  private Path jsonl(String... lines) throws Exception {
    Path file = dir.resolve("pairs.jsonl");
    Files.write(file, List.of(lines));
    return file;
  }

  @Test
  void winnerFirstAndTiesDropped() throws Exception {
    touch("v/a.mp4");
    touch("v/b.mp4");
    Path file = jsonl(
        "{\"caption\": \"a cat\", \"video_0\": \"v/a.mp4\", \"video_1\": \"v/b.mp4\", \"label_0\": 1}",
        "",
        "{\"caption\": \"a dog\", \"video_0\": \"v/a.mp4\", \"video_1\": \"v/b.mp4\", \"label_0\": 0}",
        "{\"caption\": \"a cow\", \"video_0\": \"v/a.mp4\", \"video_1\": \"v/b.mp4\", \"label_0\": 0.5}");
    VideoPairs read = PickapicVideoReader.read(file, false);
    assertEquals(3, read.rowsRead());
    assertEquals(1, read.tiesDropped());
    assertEquals(0, read.rowsSkipped());
    assertEquals(2, read.pairs().size());
    VideoPair cat = read.pairs().get(0);
    assertEquals("a cat", cat.caption());
    assertEquals(dir.resolve("v/a.mp4"), cat.chosen());
    assertEquals(dir.resolve("v/b.mp4"), cat.rejected());
    assertTrue(cat.weight().isEmpty());
    assertEquals(file.toAbsolutePath() + ":1", cat.source());
    VideoPair dog = read.pairs().get(1);
    assertEquals(dir.resolve("v/b.mp4"), dog.chosen());
    assertEquals(file.toAbsolutePath() + ":3", dog.source());
  }

  @Test
  void badRowsStopTheReadOrAreSkippedWithAReason() throws Exception {
    touch("a.mp4");
    touch("b.mp4");
    Path file = jsonl(
        "{\"caption\": \"ok\", \"video_0\": \"a.mp4\", \"video_1\": \"b.mp4\", \"label_0\": 1}",
        "{\"caption\": \"gone\", \"video_0\": \"a.mp4\", \"video_1\": \"missing.mp4\", \"label_0\": 1}",
        "{\"caption\": \"odd\", \"video_0\": \"a.mp4\", \"video_1\": \"b.mp4\", \"label_0\": 2}",
        "{\"caption\": 7, \"video_0\": \"a.mp4\", \"video_1\": \"b.mp4\", \"label_0\": 0}",
        "not json",
        "[1, 2]");
    UserError stop = assertThrows(UserError.class, () -> PickapicVideoReader.read(file, false));
    assertEquals(file.toAbsolutePath() + ":2, field 'video_1': no such video file " + dir.resolve("missing.mp4")
        + " (set data.skip_bad_rows to skip such rows)", stop.getMessage());
    VideoPairs read = PickapicVideoReader.read(file, true);
    assertEquals(1, read.pairs().size());
    assertEquals(6, read.rowsRead());
    assertEquals(5, read.rowsSkipped());
    assertEquals(3, read.skipReasons().size());
    assertEquals(file.toAbsolutePath() + ":3, field 'label_0': expected 1, 0 or 0.5 (a tie), got 2.0",
        read.skipReasons().get(1));
    assertEquals(file.toAbsolutePath() + ":4, field 'caption': expected a string, got number 7",
        read.skipReasons().get(2));
  }

  @Test
  void nothingUsableIsAnError() throws Exception {
    touch("a.mp4");
    Path ties = jsonl("{\"caption\": \"x\", \"video_0\": \"a.mp4\", \"video_1\": \"a.mp4\", \"label_0\": 0.5}");
    UserError e = assertThrows(UserError.class, () -> PickapicVideoReader.read(ties, true));
    assertTrue(e.getMessage().endsWith("no usable pairs (1 rows read, all ties)"), e.getMessage());
    assertThrows(UserError.class, () -> PickapicVideoReader.read(jsonl("", " "), true));
    assertThrows(UserError.class, () -> PickapicVideoReader.read(dir.resolve("none.jsonl"), true));
  }

  /** Real MP4s: the chosen file decodes to the render of its caption, the rejected one to its reversal. */
  @Test
  void pairsPointAtTheRightMp4s() throws Exception {
    ClipOptions options = ClipOptions.defaults();
    ClipRenderer renderer = new ClipRenderer(options);
    String caption = "a large red circle moves right";
    ShapeClip clip = renderer.render(new ClipSampler(options).paths(MotionCaption.parse(caption),
        new SplittableRandom(1)), 3);
    MediaCodec.writeVideo(clip.video(), dir.resolve("render.mp4"));
    MediaCodec.writeVideo(Perturbations.reversed(clip.video()), dir.resolve("reversed.mp4"));
    Path file = jsonl("{\"caption\": \"" + caption
        + "\", \"video_0\": \"reversed.mp4\", \"video_1\": \"render.mp4\", \"label_0\": 0}");
    VideoPair pair = PickapicVideoReader.read(file, false).pairs().get(0);
    Video chosen = MediaCodec.readVideo(pair.chosen());
    Video rejected = MediaCodec.readVideo(pair.rejected());
    assertEquals(8, chosen.frames().size());
    assertEquals(16, chosen.width());
    double good = ClipChecker.score(chosen, pair.caption()).semantic();
    double bad = ClipChecker.score(rejected, pair.caption()).semantic();
    System.out.printf("decoded MP4s, semantic: chosen %.3f, rejected %.3f%n", good, bad);
    assertTrue(good > 0.9 && bad < 0.1, good + " vs " + bad);
  }
}
