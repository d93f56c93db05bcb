package dev.align4j.video.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.util.UserError;
import dev.align4j.video.pairs.DupFactor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VideoDPO directories: indices into the clips kept by clip_length, captions, dupfactor weights, bad pairs. */
class VideoDpoReaderTest {
  @TempDir Path dir;

  private static String clip(String path, double seconds) {
    return "{\"basic\": {\"clip_path\": \"" + path + "\", \"clip_duration\": " + seconds
        + "}, \"misc\": {\"frame_caption\": [\"a clip\"]}}";
  }

  private void write(String metadata, String pairs) throws Exception {
    Files.writeString(dir.resolve("metadata.json"), metadata);
    Files.writeString(dir.resolve("pair.json"), pairs);
  }

  private void clips(String... names) throws Exception {
    Files.createDirectories(dir.resolve("clips"));
    for (String n : names) Files.write(dir.resolve("clips").resolve(n), new byte[] {0});
  }

  @Test
  void indicesCountTheClipsKeptByClipLength() throws Exception {
    clips("a.mp4", "short.mp4", "b.mp4", "c.mp4");
    // kept: a (0), b (1), c (2); short.mp4 (0.5 s) is dropped and shifts the indices
    write("[" + clip("clips/a.mp4", 2.0) + ", " + clip("clips/short.mp4", 0.5) + ", " + clip("clips/b.mp4", 1.0)
        + ", " + clip("clips/c.mp4", 3.0) + "]",
        "[{\"video1\": 1, \"video2\": 0, \"frame_caption\": \"b beats a\", \"score\": 0.36},"
        + " {\"video1\": 2, \"video2\": 1, \"frame_caption\": [\"c beats b\", \"ignored\"]}]");
    VideoPairs read = VideoDpoReader.defaults().read(dir, false);
    assertEquals(2, read.pairs().size());
    VideoPair first = read.pairs().get(0);
    assertEquals("b beats a", first.caption());
    assertEquals(dir.resolve("clips/b.mp4"), first.chosen());
    assertEquals(dir.resolve("clips/a.mp4"), first.rejected());
    assertTrue(first.weight().isEmpty(), "dupbeta 0: no weights");
    assertEquals(dir.resolve("pair.json") + "[0]", first.source());
    VideoPair second = read.pairs().get(1);
    assertEquals("c beats b", second.caption());
    assertEquals(dir.resolve("clips/c.mp4"), second.chosen());

    VideoPairs weighted = new VideoDpoReader(1.0, 1.0, DupFactor.VIDEODPO_C).read(dir, false);
    assertEquals(2.0, weighted.pairs().get(0).weight().orElseThrow(), 1e-12);
    assertTrue(weighted.pairs().get(1).weight().isEmpty(), "no score: no weight");
    // clip_length 0 keeps the short clip: index 1 is now short.mp4
    VideoPairs all = new VideoDpoReader(0, 0, DupFactor.VIDEODPO_C).read(dir, false);
    assertEquals(dir.resolve("clips/short.mp4"), all.pairs().get(0).chosen());
  }

  @Test
  void badPairsAreStoppedOnOrSkipped() throws Exception {
    clips("a.mp4", "b.mp4");
    write("[" + clip("clips/a.mp4", 2.0) + ", " + clip("clips/b.mp4", 2.0) + ", " + clip("clips/gone.mp4", 2.0) + "]",
        "[{\"video1\": 0, \"video2\": 1, \"frame_caption\": \"ok\"},"
        + " {\"video1\": 0, \"video2\": 3, \"frame_caption\": \"past the end\"},"
        + " {\"video1\": 2, \"video2\": 1, \"frame_caption\": \"missing file\"},"
        + " {\"video1\": 0, \"video2\": 1},"
        + " {\"video1\": 0, \"video2\": 1, \"frame_caption\": \"x\", \"score\": -1},"
        + " {\"video1\": \"0\", \"video2\": 1, \"frame_caption\": \"x\"},"
        + " {\"video1\": 1, \"video2\": 1, \"frame_caption\": \"x\"}]");
    Path pairs = dir.resolve("pair.json");
    UserError stop = assertThrows(UserError.class, () -> VideoDpoReader.defaults().read(dir, false));
    assertEquals(pairs + "[1], field 'video2': 3 is not among the 3 clips metadata.json keeps (set "
        + "data.skip_bad_rows to skip such rows)", stop.getMessage());
    VideoPairs read = VideoDpoReader.defaults().read(dir, true);
    assertEquals(1, read.pairs().size());
    assertEquals(7, read.rowsRead());
    assertEquals(6, read.rowsSkipped());
    assertEquals(pairs + "[2], field 'video1': clip 2 is unusable: " + dir.resolve("metadata.json")
        + "[2], field 'basic.clip_path': no such video file " + dir.resolve("clips/gone.mp4"),
        read.skipReasons().get(1));
    assertEquals(pairs + "[3], field 'frame_caption': missing", read.skipReasons().get(2));
  }

  @Test
  void anUnusableDurationStopsTheRead() throws Exception {
    clips("a.mp4", "b.mp4");
    write("[" + clip("clips/a.mp4", 2.0) + ", {\"basic\": {\"clip_path\": \"clips/b.mp4\"}}]",
        "[{\"video1\": 0, \"video2\": 1, \"frame_caption\": \"x\"}]");
    UserError e = assertThrows(UserError.class, () -> VideoDpoReader.defaults().read(dir, true));
    assertEquals(dir.resolve("metadata.json") + "[1], field 'basic.clip_duration': missing; pair.json's indices "
        + "count the clips of at least clip_length 1.0 s, so the read stops", e.getMessage());
    Files.delete(dir.resolve("pair.json"));
    assertThrows(UserError.class, () -> VideoDpoReader.defaults().read(dir, true));
    write("{\"not\": \"a list\"}", "[]");
    assertThrows(UserError.class, () -> VideoDpoReader.defaults().read(dir, true));
  }
}
