package dev.align4j.benchmarks.throughput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The output of {@code bench throughput}, shared by scoring and training rows: a markdown table for people
 * and a JSON document for tools ({@code {"machine": {...}, "rows": [...]}}, one object per
 * {@link ThroughputRow} with snake_case keys).
 */
public final class ThroughputTable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ThroughputTable() {}

  /** The markdown table: one line per row, rates to three significant figures. */
  public static String markdown(List<ThroughputRow> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| task | modality | method | setup | batch | steps/s | samples/s | min-max samples/s | repeats | device "
        + "|\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (ThroughputRow r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s-%s | %d | %s |%n", r.task(),
          r.modality(), r.method(), r.setup(), r.batchSize(), num(r.stepsPerSecond()), num(r.samplesPerSecond()),
          num(r.samplesPerSecondMin()), num(r.samplesPerSecondMax()), r.repeats(), r.device()));
    }
    return b.toString();
  }

  /** The JSON document, with a description of this machine. */
  public static ObjectNode json(List<ThroughputRow> rows) {
    ObjectNode root = JSON.createObjectNode();
    root.set("machine", machine());
    ArrayNode a = root.putArray("rows");
    for (ThroughputRow r : rows) {
      a.addObject().put("task", r.task()).put("modality", r.modality()).put("method", r.method())
          .put("setup", r.setup()).put("batch_size", r.batchSize()).put("steps_per_s", r.stepsPerSecond())
          .put("samples_per_s", r.samplesPerSecond()).put("samples_per_s_min", r.samplesPerSecondMin())
          .put("samples_per_s_max", r.samplesPerSecondMax()).put("repeats", r.repeats()).put("device", r.device());
    }
    return root;
  }

  /** Writes {@link #json} to {@code file} through a temporary file. */
  public static void writeJson(List<ThroughputRow> rows, Path file) {
    try {
      Path abs = file.toAbsolutePath();
      if (abs.getParent() != null) Files.createDirectories(abs.getParent());
      Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(rows)) + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  /** CPU model, cores, OS and Java: enough to know what a figure was measured on. */
  public static ObjectNode machine() {
    ObjectNode m = JSON.createObjectNode();
    m.put("cpu", cpuModel()).put("cores", Runtime.getRuntime().availableProcessors())
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"))
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: fall through
    }
    return "unknown";
  }

  private static String num(double v) {
    if (Double.isNaN(v)) return "-";
    if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
    if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
