package dev.align4j.distributed;

import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;

/**
 * The reward models of this JVM: each (models directory, name) is opened once, on first use, and shared by every
 * task and partition the JVM runs after that (ONNX Runtime sessions are safe for concurrent runs); closed when the
 * JVM exits. On an executor the models directory is the path given, else the directory of that name shipped with
 * the job ({@code --archives models.tgz#models} or {@code --files}).
 */
public final class ModelCache {
  private static final Map<String, RewardModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger OPENED = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "align4j-model-cache-close"));
  }

  private ModelCache() {}

  /**
   * The model {@code name} of the registry in {@code modelsDir} on {@code device} (cpu, cuda[:N]), running up to
   * {@code batch} images per ONNX Runtime call, opened on first use.
   */
  public static RewardModel get(String modelsDir, String name, String device, int batch) {
    return MODELS.computeIfAbsent(String.join("\u0000", modelsDir, name, device, Integer.toString(batch)), k -> {
      OPENED.incrementAndGet();
      return Rewards.registry(resolve(modelsDir), SessionConfig.forDevice(device).withBatchSize(batch)).open(name);
    });
  }

  /** How many models this JVM has opened so far (tests: one per JVM, however many partitions). */
  public static int opened() {
    return OPENED.get();
  }

  private static Path resolve(String modelsDir) {
    Path p = Path.of(modelsDir);
    if (Files.isDirectory(p)) return p;
    try {
      Path shipped = Path.of(SparkFiles.get(p.getFileName().toString()));
      if (Files.isDirectory(shipped)) return shipped;
    } catch (RuntimeException e) {
      // no SparkContext in this JVM, or nothing shipped: the registry names the missing directory
    }
    return p;
  }

  private static void closeAll() {
    MODELS.values().forEach(m -> {
      try {
        m.close();
      } catch (RuntimeException e) {
        // the JVM is exiting
      }
    });
    MODELS.clear();
  }
}
