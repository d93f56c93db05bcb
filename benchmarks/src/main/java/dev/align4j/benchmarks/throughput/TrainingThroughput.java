package dev.align4j.benchmarks.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training rows for {@link ThroughputTable} from a finished run directory of the shared trainer: its
 * {@code config.yaml} names the modality, the loss and the batch, and its {@code metrics.jsonl} holds
 * {@code steps_per_s} and {@code samples_per_s} per logging window. The row is the median window after
 * skipping the first ones (start-up: JIT, native warm-up). Windows that contain an evaluation run slower;
 * for clean figures train with {@code --set trainer.eval_steps=0}.
 */
public final class TrainingThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TrainingThroughput() {}

  /**
   * The row of run {@code runDir}.
   *
   * @param skipWindows logging windows to drop at the start (at least one is always kept)
   * @throws UserError when the directory lacks {@code config.yaml} or {@code metrics.jsonl}, or the log has
   *     no throughput figures
   */
  public static ThroughputRow fromRun(Path runDir, int skipWindows) {
    Path config = runDir.resolve("config.yaml");
    Path metrics = runDir.resolve("metrics.jsonl");
    if (!Files.isRegularFile(config) || !Files.isRegularFile(metrics)) {
      throw new UserError(runDir + ": not a training run directory (needs config.yaml and metrics.jsonl)");
    }
    JsonNode cfg;
    List<double[]> windows = new ArrayList<>(); // {steps/s, samples/s}
    try {
      cfg = YAML.readTree(config.toFile());
      int line = 0;
      for (String text : Files.readAllLines(metrics)) {
        line++;
        if (text.isBlank()) continue;
        JsonNode o;
        try {
          o = JSON.readTree(text);
        } catch (IOException e) {
          throw new UserError(metrics + ": line " + line + ": not JSON");
        }
        if (o.path("steps_per_s").isNumber() && o.path("samples_per_s").isNumber()) {
          windows.add(new double[] {o.get("steps_per_s").asDouble(), o.get("samples_per_s").asDouble()});
        }
      }
    } catch (IOException e) {
      throw new UserError(runDir + ": cannot read the run (" + e.getMessage() + ")", e);
    }
    if (windows.isEmpty()) throw new UserError(metrics + ": no steps_per_s / samples_per_s figures");
    List<double[]> kept = windows.subList(Math.min(Math.max(0, skipWindows), windows.size() - 1), windows.size());
    double[] steps = kept.stream().mapToDouble(w -> w[0]).sorted().toArray();
    double[] samples = kept.stream().mapToDouble(w -> w[1]).sorted().toArray();
    JsonNode trainer = cfg.path("trainer");
    int batch = trainer.path("per_device_train_batch_size").asInt(1)
        * trainer.path("gradient_accumulation_steps").asInt(1);
    JsonNode lossType = cfg.path("loss").path("loss_type");
    List<String> losses = new ArrayList<>();
    if (lossType.isArray()) lossType.forEach(n -> losses.add(n.asText()));
    else losses.add(lossType.asText("sigmoid"));
    String device = trainer.path("device").asText("cpu");
    return new ThroughputRow(ThroughputRow.TRAINING, cfg.path("modality").asText("?"), String.join("+", losses),
        "run " + runDir.getFileName() + ", median of " + kept.size() + " logged windows", Math.max(1, batch),
        ThroughputRow.median(steps), ThroughputRow.median(samples), samples[0], samples[samples.length - 1],
        kept.size(), device.isEmpty() ? "cpu" : device);
  }
}
