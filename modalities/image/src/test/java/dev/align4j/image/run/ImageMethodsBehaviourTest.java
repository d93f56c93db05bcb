package dev.align4j.image.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.shapes.PickapicRow;
import dev.align4j.core.shapes.PickapicWriter;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.image.shapes.ShapesImageWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance test, NOT YET PASSING and therefore opt-in ({@code -Dalign4j.imageBehaviour=true}):
 * starting from the shipped base UNet, Diffusion-DPO, MaPO and Diffusion-KTO should each raise the shapes-pick
 * reward of samples on held-out prompts (64 prompts x 4 seeds, the same before and after, the world's sampler:
 * DDIM 20, guidance 3) by a margin a paired t-test tells from noise. Data: the shapes world's Pick-a-Pic v2
 * parquet of noise-free renders (a faithful render preferred over one with one or two attributes changed; KTO
 * reads it unpaired), as Diffusion-DPO trains on Pick-a-Pic; no training caption is a held-out prompt.
 *
 * <p>Measured with exactly these settings (2-core machine; mean reward change, paired t over 256 images):
 * diffusion_sft (the SFT baseline on the winners) +0.52, t 3.15 (passes); diffusion_dpo -1.89 (lr 3e-5 x 600
 * steps: -0.46); with rpo_alpha 3000 (mostly SFT) +0.33, t 2.42; mapo -1.41; diffusion_kto (beta 1000) -13.9 (collapses). The
 * implicit rewards rank held-out pairs well (0.74-0.77) but the sampled images get worse: the preference terms
 * push the losers' denoising error up faster than they keep the winners', and the model's sampling suffers.
 * docs/image.md has the table of what was tried.
 */
@EnabledIfSystemProperty(named = "align4j.imageBehaviour", matches = "true")
class ImageMethodsBehaviourTest {
  static final Path MODELS = Path.of("../../models").toAbsolutePath().normalize();
  @TempDir static Path dir;

  @BeforeAll
  static void writeData() {
    Set<String> heldOut = new HashSet<>(ShapesImageWorld.heldOutPrompts(64));
    List<PickapicRow> rows = new ShapesDataset(ShapesImageWorld.trainingRenderer(), 11, 2)
        .pickapic(2000, 0.0, 0.1).stream().filter(r -> !heldOut.contains(r.caption())).toList();
    new PickapicWriter().write(dir.resolve("train.parquet"), rows);
  }

  @Test
  void diffusionDpoRaisesHeldOutReward() {
    check("diffusion_dpo", "beta: 5000\n");
  }

  /** The SFT baseline on the same winners: the one that passes (see the class comment). */
  @Test
  void sftBaselineRaisesHeldOutReward() {
    check("diffusion_sft", "");
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
    ImageRun.Result r = ImageRun.run(cfg, dir, MODELS, dir.resolve(loss), null, System.out);
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
        data: {train: train.parquet}
        samples: {grid_prompts: 0, eval_prompts: 64, eval_seeds: 4, reward: shapes-pick}
        loss:
          loss_type: %s
          %s
        trainer:
          learning_rate: 1.0e-4
          max_steps: 200
          per_device_train_batch_size: 16
          lr_scheduler_type: constant_with_warmup
          warmup_steps: 10
          max_grad_norm: 1.0
          logging_steps: 50
          save_steps: 200
          seed: 1
        """.formatted(loss, params.strip());
    try {
      return ImageRun.bind((ObjectNode) ConfigLoader.YAML.readTree(yaml), "test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static {
    if (!Files.isDirectory(MODELS)) throw new IllegalStateException("no models directory at " + MODELS);
  }
}
