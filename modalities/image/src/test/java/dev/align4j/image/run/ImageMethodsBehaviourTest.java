package dev.align4j.image.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.shapes.PickapicRow;
import dev.align4j.core.shapes.PickapicWriter;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
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
 * parquet (a faithful render preferred over one with one or two attributes changed; KTO reads it unpaired),
 * as Diffusion-DPO trains on Pick-a-Pic; no training caption is a held-out prompt.
 *
 * <p>Measured (this 2-core machine, 200 steps x 16, paired differences over 256 images): every full fine-tune
 * at lr 1e-4 lowers the guided samples' reward (DPO beta 5000: -0.85, t -3.2; timesteps >= 400: -1.06; beta
 * 500: -1.57; MaPO: -0.81; on-policy best-vs-worst-of-8 pairs likewise), lr 1e-5 leaves them unchanged
 * (+-0.01), although the implicit reward ranks held-out pairs at 0.74-0.77. Sampled WITHOUT guidance, the DPO
 * model (timesteps >= 400) is better than the base (+1.13, t 3.5) while with guidance 3 it is worse (-0.55,
 * t -2.2): the conditional model learns, guidance undoes it. Caption dropout 0.2 in tuning did not help (DPO
 * -1.66). See the closing note of the session that wrote this for the next ideas.
 */
@EnabledIfSystemProperty(named = "align4j.imageBehaviour", matches = "true")
class ImageMethodsBehaviourTest {
  static final Path MODELS = Path.of("../../models").toAbsolutePath().normalize();
  @TempDir static Path dir;

  @BeforeAll
  static void writeData() {
    Set<String> heldOut = new HashSet<>(ShapesImageWorld.heldOutPrompts(64));
    List<PickapicRow> rows = new ShapesDataset(new Renderer(RenderOptions.square(ShapesImageWorld.IMAGE_SIZE)), 11, 2)
        .pickapic(2000, 0.0, 0.1).stream().filter(r -> !heldOut.contains(r.caption())).toList();
    new PickapicWriter().write(dir.resolve("train.parquet"), rows);
  }

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
        model: {base: embedded:shapes, min_timestep: 400}
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
