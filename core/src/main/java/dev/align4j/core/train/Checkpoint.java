package dev.align4j.core.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training checkpoint directory {@code step-N/}: {@code model/}, {@code reference/} (when TR-DPO moves
 * it), {@code optimizer.bin}, {@code state.json} (step, data cursor, loss state) and {@code config.yaml}.
 * Written to a temporary directory and renamed, so a crash never leaves a half-written checkpoint.
 */
public final class Checkpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String STATE = "state.json";

  /** What a checkpoint holds besides tensors. */
  public record State(int step, long examplesConsumed, Map<String, Double> lossState) {}

  private Checkpoint() {}

  /** Writes {@code dir/step-N} atomically and returns it. */
  public static Path save(Path checkpoints, State state, PolicyModel policy, PolicyModel reference,
      AdamW optimizer, String configYaml) {
    Path target = checkpoints.resolve("step-" + state.step());
    Path tmp = checkpoints.resolve(".tmp-step-" + state.step() + "-" + System.nanoTime());
    try {
      Files.createDirectories(tmp);
      policy.save(tmp.resolve("model"));
      if (reference != null) reference.save(tmp.resolve("reference"));
      try (OutputStream out = Files.newOutputStream(tmp.resolve("optimizer.bin"))) {
        optimizer.save(out);
      }
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE).toFile(), state);
      Files.writeString(tmp.resolve("config.yaml"), configYaml);
      if (Files.exists(target)) FileTrees.deleteTree(target);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      FileTrees.deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /** Restores model, reference, optimizer; returns the saved state. */
  public static State load(Path dir, PolicyModel policy, PolicyModel reference, AdamW optimizer) {
    if (!Files.isRegularFile(dir.resolve(STATE))) {
      throw new UserError(dir + ": not a checkpoint (no " + STATE + ")");
    }
    try {
      policy.load(dir.resolve("model"));
      if (reference != null && Files.isDirectory(dir.resolve("reference"))) reference.load(dir.resolve("reference"));
      try (InputStream in = Files.newInputStream(dir.resolve("optimizer.bin"))) {
        optimizer.load(in);
      }
      return JSON.readValue(dir.resolve(STATE).toFile(), State.class);
    } catch (IOException e) {
      throw new UserError(dir + ": cannot read checkpoint (" + e.getMessage() + ")");
    }
  }

  /**
   * The checkpoint to resume from: {@code path} itself when it is one, else the latest {@code step-N} under
   * {@code path/checkpoints}.
   */
  public static Path resolve(Path path) {
    if (Files.isRegularFile(path.resolve(STATE))) return path;
    Path dir = path.resolve("checkpoints");
    try (Stream<Path> s = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
      return s.filter(p -> p.getFileName().toString().matches("step-\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .max(Comparator.comparingInt(Checkpoint::stepOf))
          .orElseThrow(() -> new UserError(path + ": no checkpoint to resume from"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps the newest {@code limit} checkpoints. */
  public static void prune(Path checkpoints, Integer limit) {
    if (limit == null) return;
    try (Stream<Path> s = Files.list(checkpoints)) {
      List<Path> all = s.filter(p -> p.getFileName().toString().matches("step-\\d+"))
          .sorted(Comparator.comparingInt(Checkpoint::stepOf)).toList();
      for (int i = 0; i < all.size() - limit; i++) FileTrees.deleteTree(all.get(i));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int stepOf(Path p) {
    return Integer.parseInt(p.getFileName().toString().substring("step-".length()));
  }
}
