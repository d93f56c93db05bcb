package dev.align4j.image.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.stats.PairedDifference;
import dev.align4j.core.util.PairsFixture;
import dev.align4j.image.shapes.ShapesImageWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance: starting from the shipped base UNet, Diffusion-DPO, MaPO and Diffusion-KTO should each
 * raise the shapes-pick reward of samples on held-out prompts (64 prompts x 4 seeds, the same before and after,
 * the world's sampler: DDIM 20, guidance 3) by a margin a paired t-test tells from noise, without lowering the
 * pixel checker's exact-match rate. MaPO (paired t 4.2-4.7 in three runs: two trainer seeds, two draws of the
 * data; 4.49 on the shipped pairs) and Diffusion-DPO after SFT (t 3.8 and 3.3 on an earlier draw, seeds 1 and 2;
 * 3.2 and 2.2 on another; 3.81 on the shipped pairs) and Diffusion-KTO (t 2.98 to 3.53, three seeds) run in every
 * build.
 *
 * <p>Data: real-vs-generated pairs, as SPIN-Diffusion trains on, built by the {@code pairs:} section with
 * {@code reference: true}: for each of 1,400 training prompts the base draws 2 samples, shapes-pick scores them
 * with the caption's noise-free render, and best against worst (in practice the render against the worse sample)
 * becomes a pair. KTO reads the same file unpaired (render desirable, sample
 * undesirable). No training prompt is a held-out prompt. Large batches matter: the implicit rewards saturate
 * within a few steps at these betas, and then only the pairs that a noise draw puts in the wrong order move the
 * weights, so small batches mostly follow noise. docs/image.md has the measurements.
 */
class ImageMethodsBehaviourTest {
  static final Path MODELS = Path.of("../../models").toAbsolutePath().normalize();
  static final String FIXTURE = "/fixtures/shapes-pairs-1400.zip";
  static final String EMBEDDED = ShapesImageWorld.REF;
  @TempDir static Path dir;

  /**
   * The pairs, built once by {@code tools/fixtures/shapes-pairs/make.sh} (the {@code pairs:} section above, about
   * 17 minutes on 2 cores) and shipped as {@value #FIXTURE}: building them here took 38% of this class's time.
   */
  @BeforeAll
  static void unpackPairs() throws IOException {
    int files = PairsFixture.unpack(ImageMethodsBehaviourTest.class, FIXTURE, dir.resolve("pairs/train"),
        MODELS.resolve(ShapesImageWorld.MODEL_NAME), "tools/fixtures/shapes-pairs/make.sh");
    System.out.println("on-policy pairs: " + files + " files from " + FIXTURE);
  }

  /**
   * Diffusion-DPO the way the papers run it: from a model already fine-tuned on the data's winners (its SFT
   * baseline; here 64 x 100 on the renders), with that model as the reference. From the base itself the gain
   * depends on the seed (docs/image.md): the winners are renders the base cannot draw, and DPO then raises both
   * errors.
   */
  @Test
  void diffusionDpoAfterSftRaisesHeldOutReward() {
    ImageRun.Result sft = train("sft", "{loss_type: diffusion_sft}", 64, 100, 10, EMBEDDED);
    report("diffusion_sft", sft);
    check("diffusion_dpo", train("dpo", "{loss_type: diffusion_dpo, beta: 5000}", 128, 15, 10, "sft/final"));
  }

  @Test
  void mapoRaisesHeldOutReward() {
    check("mapo", train("mapo", "{loss_type: mapo, beta: 0.01}", 64, 100, 10, EMBEDDED));
  }

  /**
   * On the shipped pairs under the native settings of docs/native.md: paired t 2.98, 3.53 and 3.37 with trainer seeds
   * 1, 2 and 3 (exact matches up each time). It had been disabled after t 1.49 on an earlier, in-test draw of the
   * pairs; with the pairs fixed, seeds were the remaining source of variation to measure (docs/image.md).
   */
  @Test
  void diffusionKtoRaisesHeldOutReward() {
    check("diffusion_kto", train("kto", "{loss_type: diffusion_kto, beta: 1000}", 64, 200, 20, EMBEDDED));
  }

  private static ImageRun.Result train(String name, String lossYaml, int batch, int steps, int warmup, String base) {
    return ImageRun.run(config(lossYaml, batch, steps, warmup, base), "test", dir, MODELS, dir.resolve(name), null,
        System.out);
  }

  private static double report(String loss, ImageRun.Result r) {
    double t = PairedDifference.of(r.before().rewards(), r.after().rewards()).t();
    System.out.printf(Locale.ROOT, "%s: held-out reward paired t %.2f over %d images; %s%n", loss, t,
        r.before().rewards().length, ImageRun.compare(r.before(), r.after()));
    return t;
  }

  private static void check(String loss, ImageRun.Result r) {
    double t = report(loss, r);
    assertTrue(t > 2.5, loss + ": held-out reward did not rise clearly (paired t " + t + ")");
    double matchBefore = r.before().checker().matchRate();
    double matchAfter = r.after().checker().matchRate();
    assertTrue(matchAfter >= matchBefore, loss + ": checker match rate fell, " + matchBefore + " -> " + matchAfter);
  }

  static ObjectNode config(String lossYaml, int batch, int steps, int warmup, String base) {
    String yaml = """
        modality: image
        model: {base: %s}
        data: {train: pairs/%s}
        samples: {grid_prompts: 0, eval_prompts: 64, eval_seeds: 4, reward: shapes-pick}
        loss: %s
        trainer:
          learning_rate: 1.0e-4
          max_steps: %d
          per_device_train_batch_size: %d
          lr_scheduler_type: constant_with_warmup
          warmup_steps: %d
          max_grad_norm: 1.0
          logging_steps: 10
          save_steps: %d
          seed: 1
        """.formatted(base, OnPolicyData.TRAIN, lossYaml, steps, batch, warmup, steps);
    try {
      return (ObjectNode) ConfigLoader.YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static {
    if (!Files.isDirectory(MODELS)) throw new IllegalStateException("no models directory at " + MODELS);
  }
}
