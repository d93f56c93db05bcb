package dev.align4j.lvlm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mDPO's pair files: one image per row by img_path. */
class MdpoReaderTest {
  @TempDir Path dir;

  @Test
  void readsRowsWithOrWithoutAPlaceholder() throws Exception {
    DataFixtures.png(dir, "merged_images/a.png", 5);
    Path file = DataFixtures.jsonList(dir, "vlfeedback.json",
        "{\"prompt\": \"Describe the image.\", \"chosen\": \"a dog\", \"rejected\": \"a cat\", "
            + "\"img_path\": \"merged_images/a.png\", \"source\": \"svit\"}",
        "{\"prompt\": \"<image>\\nDescribe.\", \"chosen\": \"x\", \"rejected\": \"y\", "
            + "\"img_path\": \"merged_images/a.png\"}");
    FileRows<ImagePair> read = MdpoReader.read(file, false);
    ImagePair first = read.items().get(0);
    assertEquals(List.of(dir.resolve("merged_images/a.png")), first.images());
    assertEquals("Describe the image.", first.prompt());
    assertEquals(Map.of("source", "svit"), first.extra());
    assertEquals(2, first.promptMessage(first.loadImages()).parts().size());
    assertEquals(2, read.items().size());
  }

  @Test
  void aMissingImageIsABadRow() throws Exception {
    Path file = DataFixtures.jsonList(dir, "vlfeedback.json",
        "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\", \"img_path\": \"gone.png\"}");
    UserError e = assertThrows(UserError.class, () -> MdpoReader.read(file, false));
    assertEquals(file.toAbsolutePath() + "[0], field 'img_path': no such image file " + dir.resolve("gone.png")
        + " (set data.skip_bad_rows to skip such rows)", e.getMessage());
  }
}
