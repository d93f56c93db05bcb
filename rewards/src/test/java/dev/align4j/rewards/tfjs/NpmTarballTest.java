package dev.align4j.rewards.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.util.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmTarballTest {
  /** A ustar header + data for one regular file; a name over 100 characters goes to the prefix field. */
  static void entry(OutputStream out, String path, byte[] data) throws IOException {
    byte[] h = new byte[512];
    String name = path;
    String prefix = "";
    if (path.length() > 100) {
      int cut = path.lastIndexOf('/', 155);
      prefix = path.substring(0, cut);
      name = path.substring(cut + 1);
    }
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 124, String.format("%011o", data.length));
    h[156] = '0';
    put(h, 257, "ustar");
    put(h, 345, prefix);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) sum += b & 0xff;
    put(h, 148, String.format("%06o", sum));
    out.write(h);
    out.write(data);
    out.write(new byte[(512 - data.length % 512) % 512]);
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  @Test
  void readsWantedFilesAndChecksTheIntegrity(@TempDir Path dir) throws IOException {
    String deep = "dist/" + "x".repeat(90) + "/models/model.min.js";
    Path tgz = dir.resolve("p-1.0.0.tgz");
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    entry(tar, "package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
    entry(tar, "package/" + deep, new byte[700]);
    entry(tar, "package/README.md", "hello".getBytes(StandardCharsets.UTF_8));
    tar.write(new byte[1024]);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      tar.writeTo(out);
    }
    String integrity = NpmTarball.integrity(tgz);
    assertTrue(integrity.startsWith("sha512-") && integrity.length() == 7 + 88, integrity);
    Map<String, byte[]> files = NpmTarball.read(tgz, integrity, Set.of("README.md", deep));
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), files.get("README.md"));
    assertEquals(700, files.get(deep).length);
    assertEquals(2, files.size());

    String other = "sha512-" + "A".repeat(86) + "==";
    UserError wrong = assertThrows(UserError.class, () -> NpmTarball.read(tgz, other, Set.of("README.md")));
    assertTrue(wrong.getMessage().contains("differs from the expected " + other), wrong.getMessage());
    UserError missing = assertThrows(UserError.class, () -> NpmTarball.read(tgz, integrity, Set.of("index.js")));
    assertEquals(tgz + ": no file package/index.js", missing.getMessage());
  }
}
