package dev.align4j.core.train;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.align4j.core.util.UserError;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reference terms computed once before training (TRL's {@code precompute_ref_log_probs}), so the reference
 * model need not stay in memory. Stored on disk under a fingerprint of everything they depend on (data,
 * reference weights, tokenizer, encoding settings): a changed input gives a new fingerprint and a fresh
 * table, and a file whose header does not match its name, or that lacks a sequence, is an error, never
 * silently used.
 */
public final class ReferenceTable {
  private static final String MAGIC = "align4j-reference-v1";
  private final String fingerprint;
  private final Map<String, Float> values;

  public ReferenceTable(String fingerprint) {
    this(fingerprint, new HashMap<>());
  }

  private ReferenceTable(String fingerprint, Map<String, Float> values) {
    this.fingerprint = fingerprint;
    this.values = values;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public int size() {
    return values.size();
  }

  public void put(String key, float value) {
    values.put(key, value);
  }

  /** The stored value; a missing key means the table does not belong to this run. */
  public float get(String key, Path file) {
    Float v = values.get(key);
    if (v == null) {
      throw new UserError("reference cache " + file + " has no entry for a sequence of this run: it is stale "
          + "(delete it to recompute)");
    }
    return v;
  }

  /** Writes atomically. */
  public void save(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + System.nanoTime());
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        out.writeUTF(MAGIC);
        out.writeUTF(fingerprint);
        out.writeInt(values.size());
        for (Map.Entry<String, Float> e : values.entrySet()) {
          out.writeUTF(e.getKey());
          out.writeFloat(e.getValue());
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a table and checks it was computed for {@code expected}. */
  public static ReferenceTable load(Path file, String expected) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (!MAGIC.equals(in.readUTF())) throw new UserError(file + ": not a reference cache");
      String stored = in.readUTF();
      if (!stored.equals(expected)) {
        throw new UserError(file + ": reference cache computed for other data, model or settings (fingerprint "
            + stored.substring(0, 12) + ", expected " + expected.substring(0, 12) + "); delete it to recompute");
      }
      int n = in.readInt();
      Map<String, Float> values = new HashMap<>(n * 2);
      for (int i = 0; i < n; i++) values.put(in.readUTF(), in.readFloat());
      return new ReferenceTable(stored, values);
    } catch (IOException e) {
      throw new UserError(file + ": unreadable reference cache (" + e.getMessage() + "); delete it to recompute");
    }
  }

  /** Builds fingerprints: SHA-256 over labelled parts. */
  public static final class Fingerprint {
    private final Hasher hasher = Hashing.sha256().newHasher();

    public Fingerprint add(String label, String value) {
      hasher.putString(label, StandardCharsets.UTF_8).putString(value, StandardCharsets.UTF_8);
      return this;
    }

    public Fingerprint add(String label, byte[] bytes) {
      hasher.putString(label, StandardCharsets.UTF_8).putInt(bytes.length).putBytes(bytes);
      return this;
    }

    /** Adds a file's content (absent files add only their label). */
    public Fingerprint addFile(String label, Path file) {
      try {
        return add(label, file != null && Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String hex() {
      return hasher.hash().toString();
    }
  }
}
