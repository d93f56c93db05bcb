package dev.align4j.benchmarks.peers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.ShapePreference;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.train.GradientClipping;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.train.TrainingContext;
import dev.align4j.core.train.TrainingListener;
import dev.align4j.core.util.FileTrees;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DenoisingErrors;
import dev.align4j.diffusion.IdentityCodec;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseDraw;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.image.ImageModality;
import dev.align4j.image.ImageModalityOptions;
import dev.align4j.image.ImageSamples;
import dev.align4j.image.data.ImagePair;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.image.unet.UNetDenoiser;
import dev.align4j.image.unet.WordCaptionEncoder;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Diffusion-DPO training step of the shapes UNet, the step {@code benchmarks/peers/diffusion_dpo_peer.py}
 * repeats in PyTorch: {@link #export} writes the weights, the batch and a reference computation for the peer
 * (plain float32 little-endian arrays and a JSON index, readable without extra Python packages), and
 * {@link #time} times the step through the engine itself: the {@link Trainer}'s loop over an
 * {@link ImageModality}, the {@code diffusion_dpo} loss, global-norm clipping and {@link
 * dev.align4j.core.train.AdamW}, with a frozen-copy reference, as {@code examples/image-diffusion-dpo.yaml}
 * trains.
 *
 * <p>A step: per-step engine seed; B pairs to 2B clean samples (cached after the first step), their captions
 * through the frozen caption encoder; one timestep and noise per pair shared by winner and loser; the frozen
 * reference's forward pass (no graph); the policy's forward and backward pass over the 2B samples; the loss
 * and its six metrics read back as numbers; clipping to max_grad_norm; AdamW; gradients zeroed.
 */
public final class DiffusionDpoStep {
  /** The index file {@link #export} writes. */
  public static final String INDEX = "index.json";
  /** The array file {@link #export} writes: every array as float32 little-endian, at the index's offsets. */
  public static final String TENSORS = "tensors.bin";
  public static final String FORMAT = "align4j-diffusion-dpo-peer";
  public static final int VERSION = 1;
  /** The parameter whose gradient the reference computation records element by element. */
  public static final String GRADIENT_SAMPLE = "conv_out";

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private DiffusionDpoStep() {}

  /**
   * What the step does, as in {@code examples/image-diffusion-dpo.yaml}.
   *
   * @param batchSize pairs per step (2x as many images)
   * @param beta Diffusion-DPO's beta, official convention ({@code -log s(-0.5 beta ...)})
   * @param learningRate constant learning rate of AdamW
   * @param maxGradNorm global-norm clipping (0: none)
   * @param seed the batch's pairs, the check's draw and the engine's per-step seeds
   */
  public record Settings(int batchSize, double beta, double learningRate, double maxGradNorm, long seed) {
    public static Settings defaults() {
      return new Settings(16, 5000, 1e-4, 1.0, 1);
    }
  }

  /**
   * Timed steps.
   *
   * @param stepMillis each timed step's wall time, in order
   * @param medianMillis their median
   * @param losses the loss of every step, warm-up included
   */
  public record Timing(List<Double> stepMillis, double medianMillis, List<Double> losses) {
    public double stepsPerSecond() {
      return 1000 / medianMillis;
    }

    public double min() {
      return stepMillis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
      return stepMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  /** The benchmark's batch: {@code n} shapes-world pairs (a faithful render over a perturbed one) from {@code seed}. */
  public static List<ImagePair> pairs(int n, long seed) {
    List<ImagePair> out = new ArrayList<>(n);
    int i = 0;
    for (ShapePreference p : new ShapesDataset(ShapesImageWorld.renderer(), seed, 1).preferences(n, 0)) {
      out.add(new ImagePair(p.caption(), p.chosen().pixels(), p.rejected().pixels(),
          "bench:" + i++));
    }
    return out;
  }

  /** The diffusion_dpo loss of {@code s}. */
  public static PreferenceLoss loss(Settings s) {
    return LossRegistry.create("diffusion_dpo", Map.of("beta", s.beta(), "beta_convention", "official"));
  }

  /**
   * Writes {@link #INDEX} and {@link #TENSORS} into {@code dir}: the UNet's and the caption encoder's configs
   * and every parameter (DJL's names), the noise schedule's abar_t, the settings, the batch (captions, token
   * ids, clean samples winners then losers) and a reference computation on a fixed draw (timesteps, noise,
   * caption embeddings, the UNet's output, the loss, the gradient norm and the gradient of {@code conv_out}'s
   * bias). Leaves the networks as they were (gradients zeroed).
   */
  public static void export(UNetDenoiser unet, WordCaptionEncoder encoder, NoiseSchedule schedule,
      List<ImagePair> pairs, Settings s, Path dir) throws IOException {
    Files.createDirectories(dir);
    int n = pairs.size();
    int size = unet.config().sampleSize();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT).put("version", VERSION);
    try (Arrays32 out = new Arrays32(dir.resolve(TENSORS));
        Reference<Denoiser> reference = Reference.frozenCopy(unet);
        NDScope scope = new NDScope()) {
      ObjectNode u = root.putObject("unet");
      u.set("config", JSON.valueToTree(unet.config()));
      u.set("params", out.parameters(unet.parameters()));
      ObjectNode e = root.putObject("caption_encoder");
      e.set("config", JSON.valueToTree(encoder.config()));
      e.set("params", out.parameters(encoder.parameters()));
      ArrayNode abar = root.putObject("schedule").put("steps", schedule.steps()).putArray("alphas_cumprod");
      for (int t = 0; t < schedule.steps(); t++) abar.add(schedule.alphaBar(t));
      root.putObject("settings").put("batch_size", n).put("loss", "diffusion_dpo").put("beta", s.beta())
          .put("beta_convention", "official").put("learning_rate", s.learningRate())
          .put("max_grad_norm", s.maxGradNorm()).put("adam_beta1", 0.9).put("adam_beta2", 0.999)
          .put("adam_epsilon", 1e-8).put("weight_decay", 0.0).put("seed", s.seed())
          .put("min_timestep", 0).put("max_timestep", schedule.steps() - 1)
          .put("reference", "frozen_copy").put("prediction_type", unet.config().predictionType());

      NDManager m = unet.parameters().get(0).array().getManager();
      List<Image> images = new ArrayList<>(2 * n);
      List<String> captions = new ArrayList<>(n);
      for (ImagePair p : pairs) {
        images.add(p.winner());
        captions.add(p.caption());
      }
      for (ImagePair p : pairs) images.add(p.loser());
      NDArray x0 = new ImageSamples(new IdentityCodec(), size, 0).samples(images, m);
      ObjectNode batch = root.putObject("batch");
      ArrayNode caps = batch.putArray("captions");
      captions.forEach(caps::add);
      ArrayNode tokens = batch.putArray("tokens");
      for (String c : captions) {
        ArrayNode row = tokens.addArray();
        for (int id : encoder.tokenize(c)) row.add(id);
      }
      batch.set("x0", out.array("x0", x0));

      long[] keys = new long[n];
      for (int i = 0; i < n; i++) keys[i] = s.seed() * 1_000_003L + i;
      NoiseDraw draw = NoiseDraw.keyed(m, keys, new long[] {3, size, size}, 0, schedule.steps() - 1).twice();
      NDArray ctx = NoGrad.get(() -> encoder.encode(captions, m)).stopGradient();
      NDArray ctx2 = ctx.concat(ctx, 0);
      PreferenceLoss loss = loss(s);
      List<NamedParameter> params = unet.parameters();
      ObjectNode check = root.putObject("check");
      ArrayNode ts = check.putArray("timesteps");
      for (int t : draw.timesteps()) ts.add(t);
      check.set("noise", out.array("noise", draw.noise()));
      check.set("context", out.array("context", ctx));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        DenoisingErrors err = DenoisingErrors.compute(unet, reference, true, schedule, x0, ctx2, draw, true);
        NDIndex w = new NDIndex("0:" + n);
        NDIndex l = new NDIndex(n + ":");
        PreferenceTerms terms = PreferenceTerms.builder()
            .policy(err.policy().get(w).neg(), err.policy().get(l).neg())
            .reference(err.reference().get(w).neg(), err.reference().get(l).neg()).build();
        LossOutput lo = loss.compute(terms);
        gc.backward(lo.loss());
        check.set("unet_output", out.array("unet_output", err.policyPrediction().stopGradient()));
        check.put("loss", lo.loss().toType(DataType.FLOAT64, false).getDouble());
        ArrayNode pe = check.putArray("policy_errors");
        for (float v : err.policy().stopGradient().toFloatArray()) pe.add(v);
      }
      // Each parameter's squared gradient norm, in parameter order: a mismatch in the total names its parameter.
      ArrayNode squares = check.putArray("grad_square_sums");
      for (NamedParameter p : params) {
        squares.add(p.array().getGradient().square().sum().toType(DataType.FLOAT64, false).getDouble());
      }
      check.put("grad_norm", GradientClipping.clip(params, 0));
      NamedParameter sample = params.stream()
          .filter(p -> p.name().contains(GRADIENT_SAMPLE) && p.name().endsWith("bias"))
          .findFirst().orElseThrow();
      check.put("grad_sample_param", sample.name());
      check.set("grad_sample", out.array("grad_sample", sample.array().getGradient()));
      for (NamedParameter p : params) {
        NDArray g = p.array().getGradient();
        g.subi(g);
      }
      root.put("tensors", TENSORS).put("tensors_bytes", out.bytes());
    }
    JSON.writeValue(dir.resolve(INDEX).toFile(), root);
  }

  /**
   * Times {@code steps} Diffusion-DPO steps after {@code warmup} untimed ones, through the {@link Trainer}:
   * every parameter of {@code policy} trains, a frozen copy is the reference, the batch is {@code pairs}
   * (all of them each step). Each step's time is the wall time between the ends of consecutive steps; the
   * policy's weights change.
   */
  public static Timing time(UNetDenoiser policy, WordCaptionEncoder encoder, NoiseSchedule schedule,
      List<ImagePair> pairs, Settings s, int warmup, int steps, NDManager optimizerManager) throws IOException {
    return time(policy, encoder, schedule, pairs, s, warmup, steps, optimizerManager, null);
  }

  /**
   * As {@link #time(UNetDenoiser, WordCaptionEncoder, NoiseSchedule, List, Settings, int, int, NDManager)}, with
   * libtorch's profiler over the timed steps when {@code profile} is not null: a Chrome trace written there
   * (the profiler's overhead is in the times then).
   */
  public static Timing time(UNetDenoiser policy, WordCaptionEncoder encoder, NoiseSchedule schedule,
      List<ImagePair> pairs, Settings s, int warmup, int steps, NDManager optimizerManager, Path profile)
      throws IOException {
    ImageModality modality = new ImageModality(encoder, new IdentityCodec(), schedule,
        ImageModalityOptions.of(policy.config().sampleSize()));
    return time(policy, modality, pairs, s, warmup, steps, optimizerManager, profile);
  }

  /**
   * The same step for any diffusion policy and the modality that turns its pairs into terms (the video
   * modality's clips, ...): {@code steps} timed steps after {@code warmup} untimed ones through the {@link
   * Trainer}, every parameter training, a frozen copy as the reference, all of {@code pairs} each step.
   */
  public static <E> Timing time(Denoiser policy, Modality<E, Denoiser> modality, List<E> pairs, Settings s,
      int warmup, int steps, NDManager optimizerManager, Path profile) throws IOException {
    if (warmup < 1 || steps < 1) throw new IllegalArgumentException("warmup and steps must be >= 1");
    int last = warmup + steps;
    // One step beyond the last timed one, never run: the loop's final save and log are out of the timing.
    TrainerConfig cfg = new TrainerConfig(s.learningRate(), last + 1, null, pairs.size(), pairs.size(), 1,
        s.maxGradNorm(), 0.0, 0.9, 0.999, 1e-8, "constant", 0, 0.0, 1_000_000, 0, 1_000_000, null, s.seed(), "cpu");
    List<NamedParameter> trainable = policy.parameters();
    for (NamedParameter p : trainable) p.array().setRequiresGradient(true);
    long[] ends = new long[last + 1];
    List<Double> losses = new ArrayList<>();
    Path runDir = Files.createTempDirectory("align4j-dpo-step");
    try (Reference<Denoiser> reference = Reference.frozenCopy(policy)) {
      TrainingListener timer = new TrainingListener() {
        @Override
        public void onStepEnd(TrainingContext c, java.util.Map<String, Double> metrics) {
          int step = c.step();
          if (profile != null && step == last) JniUtils.stopProfile(profile.toAbsolutePath().toString());
          ends[step] = System.nanoTime();
          if (profile != null && step == warmup) JniUtils.startProfile(false, false, false);
        }
      };
      Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()), false, 0, last + 1);
      Trainer<E, Denoiser> trainer = Trainer.preference(cfg, modality, lossRecorder(loss(s), losses), policy)
          .reference(reference).trainable(trainable).data(pairs, List.of()).runDir(runDir)
          .optimizerManager(optimizerManager).stopAfterStep(last).listener(timer).build();
      ends[0] = System.nanoTime();
      trainer.train(null, quiet);
    } finally {
      FileTrees.deleteTree(runDir);
    }
    List<Double> times = new ArrayList<>(steps);
    for (int k = warmup + 1; k <= last; k++) times.add((ends[k] - ends[k - 1]) / 1e6);
    return new Timing(times, median(times), losses);
  }

  /** {@code loss}, noting each training loss it computes. */
  private static PreferenceLoss lossRecorder(PreferenceLoss loss, List<Double> into) {
    return new PreferenceLoss() {
      @Override
      public String name() {
        return loss.name();
      }

      @Override
      public java.util.Set<dev.align4j.losses.Need> needs() {
        return loss.needs();
      }

      @Override
      public LossOutput compute(PreferenceTerms terms) {
        LossOutput out = loss.compute(terms);
        into.add(out.loss().toType(DataType.FLOAT64, false).getDouble());
        return out;
      }
    };
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Appends float32 little-endian arrays to one file, describing each as {@code {name, shape, offset}}. */
  private static final class Arrays32 implements AutoCloseable {
    private final OutputStream out;
    private long bytes;

    Arrays32(Path file) throws IOException {
      out = new BufferedOutputStream(Files.newOutputStream(file));
    }

    ArrayNode parameters(List<NamedParameter> params) {
      ArrayNode list = JSON.createArrayNode();
      for (NamedParameter p : params) list.add(array(p.name(), p.array()));
      return list;
    }

    ObjectNode array(String name, NDArray a) {
      ObjectNode node = JSON.createObjectNode();
      node.put("name", name);
      ArrayNode shape = node.putArray("shape");
      for (long d : a.getShape().getShape()) shape.add(d);
      node.put("offset", bytes);
      float[] values = a.toType(DataType.FLOAT32, false).toFloatArray();
      ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(values);
      try {
        out.write(buf.array());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bytes += buf.capacity();
      return node;
    }

    long bytes() {
      return bytes;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
