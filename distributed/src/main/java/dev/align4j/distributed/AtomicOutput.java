package dev.align4j.distributed;

import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Outputs that appear whole or not at all, on any file system Spark writes to: a job writes under a hidden
 * temporary path next to the target ({@code .NAME.tmp-UUID}), and only a complete result is renamed into place
 * (replacing what was there). Spark's commit protocol already keeps retried and speculative tasks from leaving
 * doubles inside the temporary path.
 */
final class AtomicOutput {
  private final FileSystem fs;
  private final Path target;
  private final Path tmp;

  AtomicOutput(Configuration conf, String target) {
    this.target = new Path(target);
    try {
      this.fs = this.target.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path parent = this.target.getParent();
    if (parent == null) throw new UserError(target + ": not a file path");
    this.tmp = new Path(parent, "." + this.target.getName() + ".tmp-" + UUID.randomUUID());
  }

  /** Where the job writes. */
  String tmp() {
    return tmp.toString();
  }

  /** A path under the temporary one. */
  Path tmp(String child) {
    return new Path(tmp, child);
  }

  String target() {
    return target.toString();
  }

  /** Writes {@code text} to the temporary path as one file. */
  void writeText(String text) {
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves {@code from} (the temporary path or a path under it) to the target, replacing it. */
  void commit(Path from) {
    try {
      if (fs.exists(target) && !fs.delete(target, true)) throw new IOException("cannot remove " + target);
      if (!fs.rename(from, target)) throw new IOException("cannot rename " + from + " to " + target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void commit() {
    commit(tmp);
  }

  /** Removes whatever is left at the temporary path. */
  void discard() {
    try {
      fs.delete(tmp, true);
    } catch (IOException e) {
      // best effort: a hidden path
    }
  }

  boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
