package dev.align4j.image.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.image.Denoiser;
import dev.align4j.image.HashCaptionEncoder;
import dev.align4j.image.IdentityCodec;
import dev.align4j.image.TinyDenoiser;
import dev.align4j.image.diffusion.BetaSchedule;
import dev.align4j.image.diffusion.NoiseSchedule;
import dev.align4j.image.diffusion.SamplerConfig;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPO on a tiny linear denoiser with a "redness" scorer. */
class SpoModalityTest {
  static final int SIZE = 8;
  static final NoiseSchedule SCHEDULE = new NoiseSchedule(BetaSchedule.LINEAR, 100, 1e-3, 0.1);
  static final SamplerConfig SAMPLER = SamplerConfig.ddim(4, 1.0, 2.0);

  @TempDir Path tmp;

  /** Mean red minus mean blue of images in [-1, 1]: in [-2, 2]. */
  static double[] redness(NDArray images) {
    long b = images.getShape().get(0);
    float[] v = images.toFloatArray();
    int plane = SIZE * SIZE;
    double[] out = new double[(int) b];
    for (int i = 0; i < b; i++) {
      double s = 0;
      for (int p = 0; p < plane; p++) s += v[i * 3 * plane + p] - v[i * 3 * plane + 2 * plane + p];
      out[i] = s / plane;
    }
    return out;
  }

  static final StepScorer RED = (images, captions) -> redness(images);

  static SpoModality modality(StepScorer scorer, SpoModality.Options options) {
    return new SpoModality(new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE, SAMPLER, scorer, options);
  }

  static SpoModality.Options options() {
    return SpoModality.Options.spo().withTemperature(0.05);
  }

  static TinyDenoiser denoiser(NDManager m) {
    return new TinyDenoiser(m, 3, SIZE, HashCaptionEncoder.DIM, 11);
  }

  static List<String> prompts(int n, int offset) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add("prompt " + (offset + i) % 5);
    return out;
  }

  @Test
  void startsAtTheReferenceAndRepeatsUnderTheEngineSeed() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      PreferenceLoss spo = LossRegistry.create("spo", Map.of());
      SpoModality mod = modality(RED, options());
      Engine.getInstance().setRandomSeed(7);
      PreferenceTerms t = mod.terms(policy, ref, prompts(6, 0), spo.needs(), true);
      int n = (int) t.policyChosen().getShape().get(0);
      assertEquals(mod.lastStats().pairs(), n);
      assertTrue(n >= 1);
      assertArrayEquals(t.refChosen().toFloatArray(), t.policyChosen().toFloatArray(), 1e-5f);
      assertArrayEquals(t.refRejected().toFloatArray(), t.policyRejected().toFloatArray(), 1e-5f);
      Engine.getInstance().setRandomSeed(7);
      PreferenceTerms again = mod.terms(policy, ref, prompts(6, 0), spo.needs(), true);
      assertArrayEquals(t.policyChosen().toFloatArray(), again.policyChosen().toFloatArray());
      assertArrayEquals(t.policyRejected().toFloatArray(), again.policyRejected().toFloatArray());
      ref.close();
    }
  }

  @Test
  void gradientsReachOnlyThePolicy() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      PreferenceLoss spo = LossRegistry.create("spo", Map.of());
      Engine.getInstance().setRandomSeed(4);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        PreferenceTerms t = modality(RED, options()).terms(policy, ref, prompts(4, 0), spo.needs(), true);
        assertThrows(EngineException.class, () -> gc.backward(t.refChosen().add(t.refRejected()).sum()));
        gc.backward(spo.compute(t).loss());
      }
      double norm = 0;
      for (NamedParameter p : policy.parameters()) for (float x : p.array().getGradient().toFloatArray()) norm += x * x;
      assertTrue(norm > 0, "the policy has a gradient");
      for (NamedParameter p : ref.copy().parameters()) assertFalse(p.array().hasGradient(), p.name());
      ref.close();
    }
  }

  @Test
  void pairsRespectTheGapAndFallBackWithWeightZero() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      PreferenceLoss spo = LossRegistry.create("spo", Map.of());
      // Record every score array the scorer returns: k per try, one row per caption.
      List<double[]> seen = new ArrayList<>();
      StepScorer recording = (images, captions) -> {
        double[] s = redness(images);
        seen.add(s);
        return s;
      };
      SpoModality mod = modality(recording, options());
      Engine.getInstance().setRandomSeed(5);
      PreferenceTerms t = mod.terms(policy, ref, prompts(6, 0), spo.needs(), true);
      SpoModality.Stats stats = mod.lastStats();
      assertFalse(stats.fellBack());
      int k = options().candidates();
      assertEquals(stats.stepsTried() * k, seen.size());
      int passing = 0;
      for (int tr = 0; tr < stats.stepsTried(); tr++) {
        for (int r = 0; r < 6; r++) {
          double[] s = new double[k];
          for (int j = 0; j < k; j++) s[j] = seen.get(tr * k + j)[r];
          double[] p = SpoModality.softmax(s, 0.05);
          double max = 0;
          double min = 1;
          for (double v : p) {
            max = Math.max(max, v);
            min = Math.min(min, v);
          }
          if (max - min > 0.3) passing++;
        }
      }
      assertEquals(passing, t.policyChosen().getShape().get(0));
      assertTrue(t.weights().isEmpty());
      // An impossible gap: the drawn step and every later trainable one are tried, then weight-0 pairs keep the graph.
      SpoModality strict = modality(RED, options().withThreshold(0.999).withTemperature(100));
      PreferenceTerms none = strict.terms(policy, ref, prompts(3, 0), spo.needs(), true);
      assertTrue(strict.lastStats().fellBack());
      assertTrue(strict.lastStats().stepsTried() >= 1 && strict.lastStats().stepsTried() <= SAMPLER.steps() - 1);
      Engine.getInstance().setRandomSeed(5);
      List<Integer> tries = new ArrayList<>();
      for (int rep = 0; rep < 6; rep++) {
        strict.terms(policy, ref, prompts(1, rep), spo.needs(), true);
        tries.add(strict.lastStats().stepsTried());
      }
      assertTrue(tries.contains(SAMPLER.steps() - 1), "a draw of step 0 tries all trainable steps: " + tries);
      assertArrayEquals(new float[3], none.weights().get().toFloatArray());
      assertEquals(0, spo.compute(none).loss().getFloat(), 1e-9);
      ref.close();
    }
  }

  @Test
  void spoRaisesTheScorersMeanOnSamples() {
    try (NDManager m = NDManager.newBaseManager()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      SpoModality mod = modality(RED, options().withStepsPerBatch(2));
      List<String> eval = prompts(16, 100);
      double before = mod.meanScore(policy, eval, 77);
      TrainerConfig cfg = new ObjectMapper().convertValue(Map.of("learning_rate", 0.02, "max_steps", 30,
          "per_device_train_batch_size", 8, "per_device_eval_batch_size", 16, "eval_steps", 30, "save_steps", 1000,
          "logging_steps", 10, "lr_scheduler_type", "constant", "seed", 3), TrainerConfig.class);
      Trainer.Result r = Trainer.preference(cfg, mod, LossRegistry.create("spo", Map.of()), policy).reference(ref)
          .data(prompts(64, 0), eval).runDir(tmp).configYaml("x: 1\n").optimizerManager(m).build()
          .train(null, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 30));
      double after = mod.meanScore(policy, eval, 77);
      System.out.println("toy SPO: redness " + before + " -> " + after + ", eval " + r.lastEval());
      assertTrue(after > before + 0.1, "redness " + before + " -> " + after);
      ref.close();
    }
  }
}
