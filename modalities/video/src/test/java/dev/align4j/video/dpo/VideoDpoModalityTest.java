package dev.align4j.video.dpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.media.Video;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.image.unet.WordCaptionEncoder;
import dev.align4j.losses.LevelTerms;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.pairs.PairOrigin;
import dev.align4j.video.unet.VideoUNetDenoiser;
import dev.align4j.video.world.ClipPool;
import dev.align4j.video.world.ShapesVideoWorld;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VideoDpoModalityTest {
  private static final Set<Need> REF = Set.of(Need.REFERENCE);

  @Test
  void pairsShareNoiseAndLevelsRestrictFrames() {
    try (NDManager m = NDManager.newBaseManager();
        VideoUNetDenoiser unet = VideoUNetDenoiser.create(ShapesVideoWorld.unetConfig().withChannels(List.of(8, 16), 4),
            1, m);
        WordCaptionEncoder encoder = WordCaptionEncoder.create(ShapesVideoWorld.encoderConfig(), 2, m);
        Reference<Denoiser> ref = Reference.frozenCopy(unet)) {
      ClipPool pool = ClipPool.render(ShapesVideoWorld.clips(), 3, 5);
      Video a = pool.clip(0).video();
      Video b = pool.clip(1).video();
      List<ClipPair> batch = List.of(new ClipPair(pool.caption(0), a, a, 1, null, null, PairOrigin.ON_POLICY),
          new ClipPair(pool.caption(0), a, b, 1, null, null, PairOrigin.ON_POLICY));
      VideoDpoModality modality = new VideoDpoModality(encoder, ShapesVideoWorld.schedule(), 0, -1,
          FrameLevels.defaults());
      PreferenceTerms t = modality.terms(unet, ref, batch, REF, false);
      float[] chosen = t.policyChosen().toFloatArray();
      float[] rejected = t.policyRejected().toFloatArray();
      // the same clip as winner and loser under the shared draw gives the same error
      assertEquals(chosen[0], rejected[0], 1e-6f);
      assertTrue(Math.abs(chosen[1] - rejected[1]) > 1e-6f);
      // a frozen copy of the policy is the reference: the same terms
      assertArrayEquals(chosen, t.refChosen().toFloatArray(), 1e-5f);
      LevelTerms levels = t.get(LevelTerms.KEY);
      assertEquals(List.of("instance", "state", "motion"), List.copyOf(levels.levels().keySet()));
      // all frames: VideoDPO's mean over every non-batch axis
      assertArrayEquals(chosen, levels.levels().get("instance").terms().policyChosen().toFloatArray(), 1e-5f);
      float[] state = levels.levels().get("state").terms().policyRejected().toFloatArray();
      assertFalse(Math.abs(state[1] - rejected[1]) < 1e-7f, "the boundary frames' error is the clip's");
      assertEquals(0.6, levels.levels().get("state").weight());
      // evaluation draws are fixed: the same batch gives the same terms
      assertArrayEquals(rejected, modality.terms(unet, ref, batch, REF, false).policyRejected().toFloatArray());
    }
  }

  @Test
  void dupfactorWeightsRideAlongOnlyWhenTheyMatter() {
    try (NDManager m = NDManager.newBaseManager();
        VideoUNetDenoiser unet = VideoUNetDenoiser.create(ShapesVideoWorld.unetConfig().withChannels(List.of(8, 16), 4),
            1, m);
        WordCaptionEncoder encoder = WordCaptionEncoder.create(ShapesVideoWorld.encoderConfig(), 2, m)) {
      ClipPool pool = ClipPool.render(ShapesVideoWorld.clips(), 2, 5);
      Video a = pool.clip(0).video();
      Video b = pool.clip(1).video();
      VideoDpoModality modality = new VideoDpoModality(encoder, ShapesVideoWorld.schedule(), 0, -1, null);
      PreferenceTerms plain = modality.terms(unet, null,
          List.of(new ClipPair(pool.caption(0), a, b, 1, null, null, PairOrigin.ON_POLICY)), Set.of(), false);
      assertTrue(plain.weights().isEmpty());
      assertFalse(plain.has(LevelTerms.KEY));
      PreferenceTerms weighted = modality.terms(unet, null,
          List.of(new ClipPair(pool.caption(0), a, b, 2.5, null, null, PairOrigin.ON_POLICY)), Set.of(), false);
      assertEquals(2.5f, weighted.weights().orElseThrow().getFloat(0));
    }
  }
}
