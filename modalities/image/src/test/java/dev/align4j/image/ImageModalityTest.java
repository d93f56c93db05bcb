package dev.align4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.media.Image;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.BetaSchedule;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.IdentityCodec;
import dev.align4j.diffusion.NoiseDraw;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Prediction;
import dev.align4j.image.data.ImagePair;
import dev.align4j.image.data.LabelledImageExample;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image modality's terms on a tiny linear denoiser: shapes, shared draws, detachment, and learning. */
class ImageModalityTest {
  static final int SIZE = 8;
  static final NoiseSchedule SCHEDULE = new NoiseSchedule(BetaSchedule.LINEAR, 100, 1e-3, 0.1);

  @TempDir Path tmp;

  /** A noisy image whose dominant channel is {@code channel} (0 red, 2 blue). */
  static Image image(SplittableRandom rnd, int channel, int side) {
    byte[] rgb = new byte[side * side * 3];
    for (int p = 0; p < side * side; p++) {
      for (int c = 0; c < 3; c++) {
        int base = c == channel ? 200 : 50;
        rgb[p * 3 + c] = (byte) Math.max(0, Math.min(255, base + (int) (25 * rnd.nextGaussian())));
      }
    }
    return new Image(side, side, rgb);
  }

  /** Red images preferred over blue ones. */
  static List<ImagePair> pairs(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<ImagePair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String caption = "a square " + (i % 3);
      out.add(new ImagePair(caption, image(rnd, 0, SIZE), image(rnd, 2, SIZE), "toy:" + seed + ":" + i));
    }
    return out;
  }

  static ImageModality modality() {
    return new ImageModality(new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE, ImageModalityOptions.of(SIZE));
  }

  static TinyDenoiser denoiser(NDManager m) {
    return new TinyDenoiser(m, 3, SIZE, HashCaptionEncoder.DIM, 11);
  }

  static PreferenceLoss loss(String name) {
    return LossRegistry.create(name, Map.of());
  }

  @Test
  void termsHaveTheShapesTheLossNeeds() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      Engine.getInstance().setRandomSeed(1);
      PreferenceTerms t = modality().terms(policy, ref, pairs(3, 1), Set.of(Need.REFERENCE, Need.DENOISING), true);
      assertEquals(new Shape(3), t.policyChosen().getShape());
      assertEquals(new Shape(3), t.policyRejected().getShape());
      assertEquals(new Shape(3), t.refChosen().getShape());
      assertEquals(new Shape(3), t.refRejected().getShape());
      assertEquals(new Shape(3, 3 * SIZE * SIZE), t.denoising().policy().getShape());
      assertEquals(new Shape(3, 3 * SIZE * SIZE), t.denoising().reference().getShape());
      assertEquals(new Shape(3, 3 * SIZE * SIZE), t.denoising().target().getShape());
      // Terms are negative errors; the reference starts equal to the policy.
      for (float v : t.policyChosen().toFloatArray()) assertTrue(v < 0);
      assertArrayEquals(t.policyChosen().toFloatArray(), t.refChosen().toFloatArray(), 1e-6f);
      // Only what the loss asks for.
      PreferenceTerms mapo = modality().terms(policy, null, pairs(3, 1), loss("mapo").needs(), true);
      assertFalse(mapo.hasReference());
      assertThrows(IllegalStateException.class, mapo::denoising);
      ref.close();
    }
  }

  @Test
  void winnerAndLoserShareTimestepAndNoise() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      List<ImagePair> same = new ArrayList<>();
      SplittableRandom rnd = new SplittableRandom(5);
      for (int i = 0; i < 6; i++) {
        Image a = image(rnd, i % 3, SIZE);
        Image copy = new Image(SIZE, SIZE, a.rgb().clone());
        same.add(new ImagePair("c" + i, a, copy, "s" + i));
      }
      Engine.getInstance().setRandomSeed(3);
      PreferenceTerms t = modality().terms(policy, null, same, Set.of(), true);
      float[] w = t.policyChosen().toFloatArray();
      float[] l = t.policyRejected().toFloatArray();
      assertArrayEquals(w, l, 0f);
      // ... while different pairs draw different timesteps and noise.
      assertNotEquals(w[0], w[1]);
    }
  }

  @Test
  void drawsFollowTheEngineSeedAndEvaluationIsFixed() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      ImageModality mod = modality();
      List<ImagePair> batch = pairs(4, 2);
      Engine.getInstance().setRandomSeed(42);
      float[] a = mod.terms(policy, null, batch, Set.of(), true).policyChosen().toFloatArray();
      Engine.getInstance().setRandomSeed(42);
      float[] b = mod.terms(policy, null, batch, Set.of(), true).policyChosen().toFloatArray();
      Engine.getInstance().setRandomSeed(43);
      float[] c = mod.terms(policy, null, batch, Set.of(), true).policyChosen().toFloatArray();
      assertArrayEquals(a, b, 0f);
      assertFalse(java.util.Arrays.equals(a, c));
      Engine.getInstance().setRandomSeed(1);
      float[] e1 = mod.terms(policy, null, batch, Set.of(), false).policyChosen().toFloatArray();
      Engine.getInstance().setRandomSeed(2);
      float[] e2 = mod.terms(policy, null, batch, Set.of(), false).policyChosen().toFloatArray();
      assertArrayEquals(e1, e2, 0f);
      // An example's evaluation draw does not depend on its batch neighbours.
      float[] alone = mod.terms(policy, null, batch.subList(2, 3), Set.of(), false).policyChosen().toFloatArray();
      assertEquals(e1[2], alone[0], 1e-6f);
    }
  }

  @Test
  void timestepRangeIsRespected() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(9);
      NoiseDraw d = NoiseDraw.fromEngine(m, 200, new long[] {3, 2, 2}, 10, 12);
      int[] seen = new int[3];
      for (int t : d.timesteps()) seen[t - 10]++;
      for (int s : seen) assertTrue(s > 0, "every timestep in [10, 12] drawn");
      assertEquals(new Shape(200, 3, 2, 2), d.noise().getShape());
      NoiseDraw k = NoiseDraw.keyed(m, new long[] {1, 2, 3}, new long[] {3, 2, 2}, 10, 12);
      for (int t : k.timesteps()) assertTrue(t >= 10 && t <= 12);
      assertThrows(IllegalArgumentException.class,
          () -> new ImageModality(new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE,
              ImageModalityOptions.of(SIZE).withTimesteps(0, 100)));
    }
  }

  @Test
  void captionDropoutEmptiesTrainingCaptionsOnly() {
    try (NDManager m = NDManager.newBaseManager()) {
      List<String> captions = new ArrayList<>();
      for (int i = 0; i < 2000; i++) captions.add("a square " + i);
      ImageModality dropping = new ImageModality(new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE,
          ImageModalityOptions.of(SIZE).withCaptionDropout(0.25));
      Engine.getInstance().setRandomSeed(5);
      List<String> a = dropping.conditioning(captions, m, true);
      Engine.getInstance().setRandomSeed(5);
      assertEquals(a, dropping.conditioning(captions, m, true), "the engine's seed fixes which captions drop");
      long empty = a.stream().filter(String::isEmpty).count();
      assertTrue(empty > 400 && empty < 600, "about a quarter dropped, got " + empty);
      for (int i = 0; i < a.size(); i++) assertTrue(a.get(i).isEmpty() || a.get(i).equals(captions.get(i)));
      assertEquals(captions, dropping.conditioning(captions, m, false), "evaluation keeps every caption");
      // Without dropout no random number is drawn: the noise draws stay those of runs before the option.
      Engine.getInstance().setRandomSeed(5);
      assertEquals(captions, modality().conditioning(captions, m, true));
      float after = m.randomUniform(0f, 1f, new Shape(1)).getFloat(0);
      Engine.getInstance().setRandomSeed(5);
      assertEquals(m.randomUniform(0f, 1f, new Shape(1)).getFloat(0), after, 0f);
      assertThrows(IllegalArgumentException.class, () -> ImageModalityOptions.of(SIZE).withCaptionDropout(1.0));
    }
  }

  @Test
  void vPredictionRegressesOnTheVelocity() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m).predicting(Prediction.V_PREDICTION);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      ImageModality mod = modality();
      List<ImagePair> batch = pairs(2, 9);
      PreferenceTerms t = mod.terms(policy, ref, batch, Set.of(Need.REFERENCE, Need.DENOISING), false);
      long[] keys = new long[2];
      for (int i = 0; i < 2; i++) keys[i] = DiffusionModality.key(batch.get(i).caption(), batch.get(i).source(), i);
      NoiseDraw d = NoiseDraw.keyed(m, keys, new long[] {3, SIZE, SIZE}, 0, SCHEDULE.steps() - 1);
      NDArray x0 = mod.samples().samples(List.of(batch.get(0).winner(), batch.get(1).winner()), m);
      NDArray v = SCHEDULE.target(Prediction.V_PREDICTION, x0, d.noise(), d.timesteps());
      assertArrayEquals(v.reshape(2, -1).toFloatArray(), t.denoising().target().toFloatArray(), 1e-6f);
      assertFalse(java.util.Arrays.equals(d.noise().toFloatArray(), t.denoising().target().toFloatArray()));
      ref.close();
    }
  }

  @Test
  void gradientsReachOnlyThePolicy() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      PreferenceLoss dpo = loss("diffusion_dpo");
      Engine.getInstance().setRandomSeed(4);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        PreferenceTerms t = modality().terms(policy, ref, pairs(4, 3), dpo.needs(), true);
        // Reference terms carry no graph: nothing to backpropagate through.
        assertThrows(EngineException.class, () -> gc.backward(t.refChosen().add(t.refRejected()).sum()));
        gc.backward(dpo.compute(t).loss());
      }
      for (NamedParameter p : policy.parameters()) {
        float[] g = p.array().getGradient().toFloatArray();
        double norm = 0;
        for (float x : g) norm += x * x;
        assertTrue(norm > 0, p.name() + " has a gradient");
      }
      for (NamedParameter p : ref.copy().parameters()) assertFalse(p.array().hasGradient(), p.name());
      ref.close();
    }
  }

  @Test
  void unpairedTermsCarryLabels() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      SplittableRandom rnd = new SplittableRandom(8);
      List<LabelledImageExample> batch = List.of(
          new LabelledImageExample("red", image(rnd, 0, SIZE), true, "u1"),
          new LabelledImageExample("red", image(rnd, 2, SIZE), false, "u2"),
          new LabelledImageExample("blue", image(rnd, 2, SIZE), true, "u3"));
      UnpairedImageModality mod = new UnpairedImageModality(new HashCaptionEncoder(), new IdentityCodec(), SCHEDULE,
          ImageModalityOptions.of(SIZE));
      PreferenceLoss kto = loss("diffusion_kto");
      Engine.getInstance().setRandomSeed(5);
      PreferenceTerms t = mod.terms(policy, ref, batch, kto.needs(), true);
      assertTrue(t.isUnpaired());
      assertArrayEquals(new float[] {1, 0, 1}, t.labels().toFloatArray());
      assertEquals(new Shape(3), t.refChosen().getShape());
      assertTrue(Float.isFinite(kto.compute(t).loss().getFloat()));
      ref.close();
    }
  }

  @Test
  void precomputedReferenceIsRefused() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.precomputed(new dev.align4j.core.train.ReferenceTable("x"), tmp);
      UserError e = assertThrows(UserError.class,
          () -> modality().terms(policy, ref, pairs(2, 1), Set.of(Need.REFERENCE), true));
      assertTrue(e.getMessage().contains("precomputed"), e.getMessage());
    }
  }

  @Test
  void diffusionDpoRaisesTheHeldOutMargin() {
    try (NDManager m = NDManager.newBaseManager()) {
      TinyDenoiser policy = denoiser(m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      TrainerConfig cfg = new ObjectMapper().convertValue(Map.of("learning_rate", 0.01, "max_steps", 60,
          "per_device_train_batch_size", 8, "per_device_eval_batch_size", 16, "eval_steps", 60, "save_steps", 1000,
          "logging_steps", 20, "lr_scheduler_type", "constant", "seed", 3), TrainerConfig.class);
      Trainer.Result r = Trainer.preference(cfg, modality(), loss("diffusion_dpo"), policy).reference(ref)
          .data(pairs(256, 100), pairs(64, 200)).runDir(tmp).configYaml("x: 1\n").optimizerManager(m).build()
          .train(null, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 60));
      double margin = r.lastEval().get("eval_rewards/margins");
      double accuracy = r.lastEval().get("eval_rewards/accuracies");
      System.out.println("toy diffusion_dpo: held-out margin " + margin + ", accuracy " + accuracy);
      assertTrue(margin > 0, "held-out margin " + margin);
      assertTrue(accuracy > 0.75, "held-out accuracy " + accuracy);
      ref.close();
    }
  }
}
