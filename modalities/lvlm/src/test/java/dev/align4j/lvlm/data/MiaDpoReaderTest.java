package dev.align4j.lvlm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.Message;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MIA-DPO's pair files: lists and single images, placeholders checked, bad rows named by file and row. */
class MiaDpoReaderTest {
  private static final String SEQUENCE = "{\"id\": \"a\", \"image\": [\"img/1.png\", \"img/2.png\"], "
      + "\"prompt\": \"Image1:<image>\\nImage2:<image>\\nIn Image2, what colour is the circle?\", "
      + "\"chosen\": \"red\", \"rejected\": \"blue\", \"gt\": \"red\"}";
  @TempDir Path dir;

  @BeforeEach
  void images() throws Exception {
    DataFixtures.png(dir, "img/1.png", 10);
    DataFixtures.png(dir, "img/2.png", 200);
  }

  @Test
  void readsListsAndSingleImages() throws Exception {
    Path file = DataFixtures.jsonList(dir, "pairs.json", SEQUENCE,
        "{\"id\": 7, \"image\": \"img/1.png\", \"prompt\": \"What is this?\", \"chosen\": \"a\", \"rejected\": \"b\"}");
    FileRows<ImagePair> read = MiaDpoReader.read(file, false);
    assertEquals(2, read.rowsRead());
    assertEquals(0, read.rowsSkipped());
    ImagePair seq = read.items().get(0);
    assertEquals("a", seq.id());
    assertEquals(List.of(dir.resolve("img/1.png"), dir.resolve("img/2.png")), seq.images());
    assertEquals("red", seq.chosen());
    assertEquals("blue", seq.rejected());
    assertEquals(Map.of("gt", "red"), seq.extra());
    assertEquals(file.toAbsolutePath() + "[0]", seq.source());
    List<Image> images = seq.loadImages();
    assertArrayEquals(DataFixtures.grey(200).rgb(), images.get(1).rgb());
    Message m = seq.promptMessage(images);
    assertEquals("user", m.role());
    assertEquals(5, m.parts().size());
    assertEquals(new TextPart("\nIn Image2, what colour is the circle?"), m.parts().get(4));
    ImagePair single = read.items().get(1);
    assertEquals("7", single.id());
    assertEquals(2, single.promptMessage(single.loadImages()).parts().size());
  }

  @Test
  void badRowsStopWithOneLineNamingFileRowAndField() throws Exception {
    Path file = DataFixtures.jsonList(dir, "pairs.json", SEQUENCE,
        "{\"image\": [\"img/1.png\"], \"prompt\": \"<image><image> what?\", \"chosen\": \"a\", \"rejected\": \"b\"}");
    UserError e = assertThrows(UserError.class, () -> MiaDpoReader.read(file, false));
    assertEquals(file.toAbsolutePath() + "[1], field 'prompt': 2 <image> placeholders for 1 image in 'image'"
        + " (set data.skip_bad_rows to skip such rows)", e.getMessage());
  }

  @Test
  void skippedRowsAreCountedWithTheirReasons() throws Exception {
    Path file = DataFixtures.jsonl(dir, "pairs.jsonl",
        "{\"image\": [\"img/1.png\", \"img/gone.png\"], \"prompt\": \"<image><image>\", \"chosen\": \"a\", "
            + "\"rejected\": \"b\"}",
        "",
        "{\"image\": [\"img/1.png\"], \"prompt\": \"<image>\", \"chosen\": \"a\", \"rejected\": \"a\"}",
        "{\"image\": [\"img/1.png\"], \"prompt\": \"<image>\", \"chosen\": \"a\"}",
        "[1, 2]",
        "{not json",
        "{\"image\": [\"img/1.png\", \"img/2.png\"], \"prompt\": \"<image> and <image>\", \"chosen\": \"a\", "
            + "\"rejected\": \"b\"}");
    FileRows<ImagePair> read = MiaDpoReader.read(file, null, true, Long.MAX_VALUE);
    assertEquals(6, read.rowsRead());
    assertEquals(5, read.rowsSkipped());
    assertEquals(1, read.items().size());
    assertEquals(file.toAbsolutePath() + ":7", read.items().get(0).source());
    assertNull(read.items().get(0).id());
    String at = file.toAbsolutePath().toString();
    assertEquals(List.of(
        at + ":1, field 'image[1]': no such image file " + dir.resolve("img/gone.png"),
        at + ":3, field 'rejected': the same as chosen",
        at + ":4, field 'rejected': missing"), read.skipReasons());
  }

  @Test
  void nothingUsableIsOneLine() throws Exception {
    Path file = DataFixtures.jsonList(dir, "pairs.json",
        "{\"image\": \"img/1.png\", \"prompt\": \"<image>\", \"chosen\": \"\", \"rejected\": \"b\"}");
    UserError e = assertThrows(UserError.class, () -> MiaDpoReader.read(file, null, true, Long.MAX_VALUE));
    assertEquals(file.toAbsolutePath() + ": no usable pairs (1 rows read, all skipped as bad; first: "
        + file.toAbsolutePath() + "[0], field 'chosen': empty)", e.getMessage());
    Path notList = DataFixtures.jsonList(dir, "obj.json", "{}");
    Files.writeString(notList, "{\"a\": 1}");
    assertTrue(assertThrows(UserError.class, () -> MiaDpoReader.read(notList, false)).getMessage()
        .endsWith(": expected a JSON list of rows (or JSON lines in a .jsonl file)"));
  }

  @Test
  void aCorruptImageIsOneLineNamingRowImageAndFile() throws Exception {
    Files.writeString(dir.resolve("img/2.png"), "not a png");
    ImagePair pair = MiaDpoReader.read(DataFixtures.jsonList(dir, "pairs.json", SEQUENCE), false).items().get(0);
    UserError e = assertThrows(UserError.class, pair::loadImages);
    assertTrue(e.getMessage().startsWith(pair.source() + ", image 2 (" + dir.resolve("img/2.png") + "): "),
        e.getMessage());
  }

  @Test
  void imagesMayBeRelativeToAnotherFolder() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path file = DataFixtures.jsonList(data, "pairs.json", SEQUENCE);
    assertEquals(dir.resolve("img/2.png"), MiaDpoReader.read(file, dir, false, 10).items().get(0).images().get(1));
  }
}
