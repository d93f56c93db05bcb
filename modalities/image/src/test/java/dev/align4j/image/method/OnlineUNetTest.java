package dev.align4j.image.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.IdentityCodec;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.image.unet.UNetConfig;
import dev.align4j.image.unet.UNetDenoiser;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SPO and D3PO terms on the Java UNet (DJL blocks): no-grad sampling inside an open collector, gradients, no leaks. */
class OnlineUNetTest {
  static final CaptionEncoder WORDS = (captions, m) -> {
    float[] v = new float[captions.size() * 5 * 16];
    for (int i = 0; i < captions.size(); i++) {
      SplittableRandom r = new SplittableRandom(captions.get(i).hashCode());
      for (int j = 0; j < 80; j++) v[i * 80 + j] = (float) r.nextGaussian();
    }
    return NoiseSchedule.owned(m, v, new Shape(captions.size(), 5, 16));
  };

  @Test
  void spoAndD3poTrainTheUNet() {
    try (NDManager m = NDManager.newBaseManager()) {
      UNetDenoiser policy = UNetDenoiser.create(new UNetConfig(3, 8, List.of(16, 32), 4, 32, 16, 2, "epsilon"), 1, m);
      Reference<Denoiser> ref = Reference.frozenCopy(policy);
      List<OnlineModality> mods = List.of(
          new Spo(WORDS, new IdentityCodec(), SpoTest.SCHEDULE, SpoTest.SAMPLER.withSteps(3),
              SpoTest.RED, new Spo.Config(2, 0.0, 1.0, 1)),
          new D3po(WORDS, new IdentityCodec(), SpoTest.SCHEDULE, SpoTest.SAMPLER.withSteps(3),
              SpoTest.RED, 1));
      for (OnlineModality mod : mods) {
        PreferenceLoss loss = LossRegistry.create(mod instanceof Spo ? "spo" : "d3po", Map.of());
        for (NamedParameter p : policy.parameters()) {
          if (p.array().hasGradient()) p.array().getGradient().subi(p.array().getGradient());
        }
        NDManager pm = policy.parameters().get(0).array().getManager();
        int before = -1;
        for (int step = 0; step < 2; step++) {
          Engine.getInstance().setRandomSeed(step);
          try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            PreferenceTerms t = mod.terms(policy, ref, SpoTest.prompts(1, step), loss.needs(), true);
            assertArrayEquals(t.refChosen().toFloatArray(), t.policyChosen().toFloatArray(), 1e-4f);
            gc.backward(loss.compute(t).loss());
          }
          if (step == 0) before = pm.getManagedArrays().size();
        }
        assertTrue(pm.getManagedArrays().size() <= before,
            mod + ": arrays " + before + " -> " + pm.getManagedArrays().size());
        double norm = 0;
        for (NamedParameter p : policy.parameters()) {
          if (p.array().hasGradient()) for (float x : p.array().getGradient().toFloatArray()) norm += x * x;
        }
        assertTrue(norm > 0, mod + ": no gradient reached the UNet");
      }
      ref.close();
    }
  }
}
