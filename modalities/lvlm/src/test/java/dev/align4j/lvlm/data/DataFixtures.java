package dev.align4j.lvlm.data;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small files for the readers' tests. */
final class DataFixtures {
  private DataFixtures() {}

  /** A 2x2 image of one grey level. */
  static Image grey(int level) {
    byte[] rgb = new byte[12];
    java.util.Arrays.fill(rgb, (byte) level);
    return new Image(2, 2, rgb);
  }

  /** Writes a 2x2 PNG of {@code level} at {@code dir/name}. */
  static Path png(Path dir, String name, int level) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, MediaCodec.encodePng(grey(level)));
    return file;
  }

  /** Writes {@code rows} as a JSON list, one row per line. */
  static Path jsonList(Path dir, String name, String... rows) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "[\n" + String.join(",\n", rows) + "\n]\n");
    return file;
  }

  /** Writes {@code lines} as JSON lines. */
  static Path jsonl(Path dir, String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines));
    return file;
  }
}
