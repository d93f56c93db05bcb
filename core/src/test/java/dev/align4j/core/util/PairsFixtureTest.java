package dev.align4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsFixtureTest {
  @TempDir Path dir;

  @Test
  void unpacksWhileTheModelIsTheOneRecordedAndRefusesItOnceItChanged() throws IOException {
    Path model = Files.createDirectories(dir.resolve("model/unet"));
    Files.writeString(model.resolve("model.params"), "weights v1");
    String listing = Hashing.sha256().hashString("weights v1", StandardCharsets.UTF_8) + "  unet/model.params\n";
    byte[] zip = zip("train.jsonl", "{}\n", "videos/train-000000-0.mp4", "clip");

    Path target = dir.resolve("pairs");
    assertEquals(2, PairsFixture.unpack(zip, listing, target, dir.resolve("model"), "test.zip"));
    assertEquals("clip", Files.readString(target.resolve("videos/train-000000-0.mp4")));

    Files.writeString(model.resolve("model.params"), "weights v2");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PairsFixture.unpack(zip, listing, dir.resolve("again"), dir.resolve("model"), "test.zip"));
    assertTrue(e.getMessage().contains("changed since the pairs fixture test.zip"), e.getMessage());
  }

  @Test
  void refusesEntriesOutsideTheFolder() throws IOException {
    Path model = Files.createDirectories(dir.resolve("m"));
    Files.writeString(model.resolve("a"), "x");
    String listing = Hashing.sha256().hashString("x", StandardCharsets.UTF_8) + "  a\n";
    byte[] zip = zip("../escape.txt", "no");
    assertThrows(IOException.class, () -> PairsFixture.unpack(zip, listing, dir.resolve("t"), model, "z"));
    assertTrue(Files.notExists(dir.resolve("escape.txt")));
  }

  private static byte[] zip(String... nameThenContent) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (int i = 0; i < nameThenContent.length; i += 2) {
        out.putNextEntry(new ZipEntry(nameThenContent[i]));
        out.write(nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
