package dev.align4j.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.benchmarks.peers.DiffusionDpoStep;
import dev.align4j.benchmarks.throughput.ThroughputTable;
import dev.align4j.core.util.UserError;
import dev.align4j.image.data.ImagePair;
import dev.align4j.image.shapes.ShapesBaseModel;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.rewards.Rewards;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code align4j bench dpo-step}: the median time of one Diffusion-DPO training step of the shapes UNet
 * through the trainer (what {@code benchmarks/peers/run.sh --task dpo-step} compares with PyTorch), and
 * optionally the export of weights, batch and reference computation that the PyTorch peer reads.
 */
@Command(name = "dpo-step", mixinStandardHelpOptions = true,
    description = {"Median time of one Diffusion-DPO training step of the shapes UNet (frozen-copy reference,",
        "diffusion_dpo loss, clipping, AdamW) through the trainer; --export writes what the PyTorch peer reads."})
final class BenchDpoStepCommand implements Runnable {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Option(names = "--model", paramLabel = "DIR",
      description = "a shapes diffusion model directory (model_index.json, unet/, caption_encoder/); "
          + "default: the shipped models/shapes-unet") Path model;
  @Option(names = "--batch-size", defaultValue = "16", description = "pairs per step (default ${DEFAULT-VALUE})")
  int batchSize;
  @Option(names = "--steps", defaultValue = "10", description = "timed steps (default ${DEFAULT-VALUE})") int steps;
  @Option(names = "--warmup", defaultValue = "2", description = "untimed steps first (default ${DEFAULT-VALUE})")
  int warmup;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--beta", defaultValue = "5000", description = "official convention (default ${DEFAULT-VALUE})")
  double beta;
  @Option(names = "--learning-rate", defaultValue = "1e-4") double learningRate;
  @Option(names = "--max-grad-norm", defaultValue = "1.0") double maxGradNorm;
  @Option(names = "--export", paramLabel = "DIR",
      description = "first write weights, batch and a reference computation for the PyTorch peer") Path export;
  @Option(names = "--json", paramLabel = "FILE", description = "also write the timing as JSON") Path json;
  @Option(names = "--threads", defaultValue = "0",
      description = "torch intra-op threads for this run (0: as the engine started, "
          + "-Dai.djl.pytorch.num_threads or one per core)") int threadsOption;
  @Option(names = "--profile", paramLabel = "FILE.json",
      description = "libtorch's profiler over the timed steps, as a Chrome trace (inflates the times)") Path profile;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    if (batchSize < 1 || steps < 1 || warmup < 1) {
      throw new UserError("--batch-size, --steps and --warmup must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = model != null ? model : ShapesImageWorld.baseModelDir(Rewards.defaultModelsDir(), System.err);
    DiffusionDpoStep.Settings settings = new DiffusionDpoStep.Settings(batchSize, beta, learningRate, maxGradNorm,
        seed);
    List<ImagePair> pairs = DiffusionDpoStep.pairs(batchSize, seed);
    if (threadsOption < 0) throw new UserError("--threads must be >= 0, got " + threadsOption);
    String interop = System.getProperty("ai.djl.pytorch.num_interop_threads", "default");
    int before = -1;
    try (NDManager root = NDManager.newBaseManager(); ShapesBaseModel m = ShapesImageWorld.load(dir, root)) {
      before = JniUtils.getNumThreads();
      if (threadsOption > 0) JniUtils.setNumThreads(threadsOption);
      String threads = Integer.toString(JniUtils.getNumThreads());
      if (export != null) {
        DiffusionDpoStep.export(m.unet(), m.encoder(), m.schedule(), pairs, settings, export);
        out.println("wrote " + export.resolve(DiffusionDpoStep.INDEX) + " and " + DiffusionDpoStep.TENSORS);
      }
      out.printf(Locale.ROOT, "Diffusion-DPO step, %s: %d pairs (%d images %dpx), %d warm-up + %d timed steps, "
          + "torch threads %s, interop %s%n", dir, batchSize, 2 * batchSize, m.unet().config().sampleSize(), warmup,
          steps, threads, interop);
      out.flush();
      DiffusionDpoStep.Timing t = DiffusionDpoStep.time(m.unet(), m.encoder(), m.schedule(), pairs, settings, warmup,
          steps, root, profile);
      if (profile != null) out.println("wrote " + profile + " (profiled: the times include the profiler's overhead)");
      out.printf(Locale.ROOT, "median %.1f ms/step (%.2f steps/s), min %.1f, max %.1f; loss %.4f -> %.4f%n",
          t.medianMillis(), t.stepsPerSecond(), t.min(), t.max(), t.losses().get(0),
          t.losses().get(t.losses().size() - 1));
      if (json != null) {
        ObjectNode root2 = JSON.createObjectNode();
        root2.put("side", "align4j");
        root2.set("machine", ThroughputTable.machine());
        root2.put("engine", "DJL " + ai.djl.engine.Engine.getDjlVersion() + ", libtorch "
            + ai.djl.engine.Engine.getInstance().getVersion());
        root2.put("threads", threads).put("interop_threads", interop).put("batch_size", batchSize)
            .put("warmup", warmup).put("steps", steps).put("median_ms", t.medianMillis())
            .put("steps_per_s", t.stepsPerSecond()).put("min_ms", t.min()).put("max_ms", t.max());
        t.stepMillis().forEach(root2.putArray("step_ms")::add);
        t.losses().forEach(root2.putArray("losses")::add);
        Path abs = json.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        JSON.writeValue(abs.toFile(), root2);
        out.println("wrote " + json);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (before > 0 && threadsOption > 0) JniUtils.setNumThreads(before);  // the engine is shared by the JVM
    }
  }
}
