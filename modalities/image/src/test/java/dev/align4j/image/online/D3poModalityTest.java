package dev.align4j.image.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
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
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** D3PO on the tiny denoiser: labels from final scores, terms at sampled steps, learning. */
class D3poModalityTest {
  @TempDir Path tmp;

  static D3poModality modality(StepScorer scorer, int steps) {
    return new D3poModality(new HashCaptionEncoder(), new IdentityCodec(), SpoModalityTest.SCHEDULE,
        SpoModalityTest.SAMPLER, scorer, steps);
  }

  /** Prefers trajectory a (rows 0..B-1 of the doubled batch) or b. */
  static StepScorer prefer(boolean a) {
    return (images, captions) -> {
      int n = captions.size();
      double[] s = new double[n];
      for (int i = 0; i < n; i++) s[i] = (i < n / 2) == a ? 1 : 0;
      return s;
    };
  }

  @Test
  void termsStartAtTheReferenceFollowTheLabelsAndRepeat() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = SpoModalityTest.denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      PreferenceLoss d3po = LossRegistry.create("d3po", Map.of());
      List<String> prompts = SpoModalityTest.prompts(3, 0);
      Engine.getInstance().setRandomSeed(2);
      PreferenceTerms a = modality(prefer(true), 2).terms(policy, ref, prompts, d3po.needs(), true);
      assertEquals(new Shape(6), a.policyChosen().getShape());
      assertArrayEquals(a.refChosen().toFloatArray(), a.policyChosen().toFloatArray(), 1e-5f);
      assertArrayEquals(a.refRejected().toFloatArray(), a.policyRejected().toFloatArray(), 1e-5f);
      assertTrue(a.weights().isEmpty());
      // The same draws labelled the other way round swap chosen and rejected.
      Engine.getInstance().setRandomSeed(2);
      PreferenceTerms b = modality(prefer(false), 2).terms(policy, ref, prompts, d3po.needs(), true);
      assertArrayEquals(a.policyChosen().toFloatArray(), b.policyRejected().toFloatArray());
      assertArrayEquals(a.policyRejected().toFloatArray(), b.policyChosen().toFloatArray());
      // Ties carry no preference: weight 0.
      Engine.getInstance().setRandomSeed(2);
      PreferenceTerms tie = modality((images, captions) -> new double[captions.size()], 0)
          .terms(policy, ref, prompts, d3po.needs(), true);
      assertEquals(new Shape(3 * (SpoModalityTest.SAMPLER.steps() - 1)), tie.policyChosen().getShape());
      for (float w : tie.weights().get().toFloatArray()) assertEquals(0f, w);
      ref.close();
    }
  }

  @Test
  void gradientsReachOnlyThePolicy() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = SpoModalityTest.denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      PreferenceLoss d3po = LossRegistry.create("d3po", Map.of());
      Engine.getInstance().setRandomSeed(4);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        PreferenceTerms t = modality(SpoModalityTest.RED, 1).terms(policy, ref, SpoModalityTest.prompts(4, 0),
            d3po.needs(), true);
        assertThrows(EngineException.class, () -> gc.backward(t.refChosen().add(t.refRejected()).sum()));
        gc.backward(d3po.compute(t).loss());
      }
      double norm = 0;
      for (NamedParameter p : policy.parameters()) for (float x : p.array().getGradient().toFloatArray()) norm += x * x;
      assertTrue(norm > 0, "the policy has a gradient");
      for (NamedParameter p : ref.copy().parameters()) assertFalse(p.array().hasGradient(), p.name());
      ref.close();
    }
  }

  @Test
  void sampledTermsLeaveNoArraysBehind() {
    try (NDManager m = NDManager.newBaseManager()) {
      TinyDenoiser policy = SpoModalityTest.denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      PreferenceLoss loss = LossRegistry.create("d3po", Map.of());
      List<OnlineModality> mods = List.of(modality(SpoModalityTest.RED, 2),
          SpoModalityTest.modality(SpoModalityTest.RED, SpoModalityTest.options()),
          SpoModalityTest.modality(SpoModalityTest.RED, SpoModalityTest.options().withThreshold(0.999)));
      for (OnlineModality mod : mods) {
        NDManager pm = policy.parameters().get(0).array().getManager();
        int before = -1;
        for (int step = 0; step < 3; step++) {
          Engine.getInstance().setRandomSeed(step);
          try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss.compute(mod.terms(policy, ref, SpoModalityTest.prompts(3, step), loss.needs(), true)).loss());
          }
          try (NDScope scope = new NDScope()) {
            mod.terms(policy, ref, SpoModalityTest.prompts(3, step), loss.needs(), false);
          }
          // After the first step (which allocates the gradients) nothing may accumulate.
          if (step == 0) before = pm.getManagedArrays().size();
        }
        int after = pm.getManagedArrays().size();
        assertTrue(after <= before, mod + ": " + before + " -> " + after + " arrays");
      }
      ref.close();
    }
  }

  @Test
  void d3poRaisesTheScorersMeanOnSamples() {
    try (NDManager m = NDManager.newBaseManager()) {
      TinyDenoiser policy = SpoModalityTest.denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      D3poModality mod = modality(SpoModalityTest.RED, 0);
      List<String> eval = SpoModalityTest.prompts(16, 100);
      double before = mod.meanScore(policy, eval, 77);
      TrainerConfig cfg = new ObjectMapper().convertValue(Map.of("learning_rate", 0.02, "max_steps", 30,
          "per_device_train_batch_size", 8, "per_device_eval_batch_size", 16, "eval_steps", 30, "save_steps", 1000,
          "logging_steps", 10, "lr_scheduler_type", "constant", "seed", 3), TrainerConfig.class);
      Trainer.preference(cfg, mod, LossRegistry.create("d3po", Map.of()), policy).reference(ref)
          .data(SpoModalityTest.prompts(64, 0), eval).runDir(tmp).configYaml("x: 1\n").optimizerManager(m).build()
          .train(null, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 30));
      double after = mod.meanScore(policy, eval, 77);
      System.out.println("toy D3PO: redness " + before + " -> " + after);
      assertTrue(after > before + 0.1, "redness " + before + " -> " + after);
      ref.close();
    }
  }
}
