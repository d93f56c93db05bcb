package dev.align4j.core.util;

import com.google.common.hash.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * On-policy pairs built once by a script under {@code tools/fixtures/} and shipped as a zip beside the
 * {@code sha256sum} listing of the base model that drew them ({@code NAME.zip}, {@code NAME.model.sha256}).
 * Pairs drawn by another model are off-policy, so {@link #unpack} refuses the fixture once the model's files change.
 * The behaviour tests of the diffusion modalities train on such fixtures instead of sampling their pairs.
 */
public final class PairsFixture {
  private PairsFixture() {}

  /**
   * Unzips the class path resource {@code zip} (relative to {@code owner}) into {@code target} and checks that
   * {@code modelDir}'s files still have the digests recorded beside it.
   *
   * @param rebuild the command that rebuilds the fixture, named in the error
   * @return the number of files unpacked
   * @throws IllegalStateException when the model changed since the fixture was built
   */
  public static int unpack(Class<?> owner, String zip, Path target, Path modelDir, String rebuild)
      throws IOException {
    String recorded = new String(resource(owner, zip.replace(".zip", ".model.sha256")), StandardCharsets.UTF_8);
    return unpack(resource(owner, zip), recorded, target, modelDir, zip + " (rebuild it with " + rebuild + ")");
  }

  /** The same from the zip's bytes and the recorded listing; {@code name} names the fixture in the error. */
  static int unpack(byte[] zip, String recorded, Path target, Path modelDir, String name) throws IOException {
    if (!recorded.equals(digests(modelDir, recorded))) {
      throw new IllegalStateException(modelDir + " changed since the pairs fixture " + name + " was built");
    }
    Files.createDirectories(target);
    return unzip(new ByteArrayInputStream(zip), target);
  }

  /** {@code sha256sum}'s lines for the files {@code listing} names, computed afresh under {@code dir}. */
  static String digests(Path dir, String listing) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String line : listing.split("\n")) {
      String file = line.substring(line.indexOf("  ") + 2);
      out.append(Hashing.sha256().hashBytes(Files.readAllBytes(dir.resolve(file)))).append("  ").append(file)
          .append('\n');
    }
    return out.toString();
  }

  private static byte[] resource(Class<?> owner, String name) throws IOException {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return in.readAllBytes();
    }
  }

  private static int unzip(InputStream in, Path target) throws IOException {
    int files = 0;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Path file = target.resolve(e.getName()).normalize();
        if (!file.startsWith(target)) throw new IOException("zip entry outside the folder: " + e.getName());
        if (e.isDirectory()) continue;
        Files.createDirectories(file.getParent());
        Files.copy(zip, file);
        files++;
      }
    }
    return files;
  }
}
