package dev.align4j.audio.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.audio.AudioConvert;
import dev.align4j.core.media.Audio;
import dev.align4j.core.media.MediaCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker scores the rendered truth near perfect, and each perturbation lower on the component it breaks
 * (and not much on the others).
 */
class SoundCheckerTest {
  static final SoundingShapes WORLD = SoundingShapes.defaults();
  static final SoundChecker CHECKER = SoundChecker.of(WORLD.options());
  static List<SoundingClip> clips;

  @TempDir Path dir;

  @BeforeAll
  static void sample() {
    clips = WORLD.sample(60, 2024);
  }

  /** Mean scores over the clips of {@code audio(clip)} against the clip's own events. */
  static double[] mean(String what, Function<SoundingClip, Audio> audio) {
    double[] sum = new double[6];
    for (SoundingClip c : clips) {
      SoundScore s = CHECKER.score(audio.apply(c), c.events());
      double[] v = {s.sync(), s.pitch(), s.timbre(), s.spuriousEnergy(), s.spuriousOnsets(), s.meanOffset()};
      for (int i = 0; i < v.length; i++) sum[i] += v[i] / clips.size();
    }
    System.out.printf(Locale.ROOT, "%-28s sync %.3f pitch %.3f timbre %.3f spurious energy %.3f onsets %.3f"
        + " offset %.4f s%n", what, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]);
    return sum;
  }

  @Test
  void theTruthIsNearPerfect() {
    double[] s = mean("truth", SoundingClip::audio);
    assertTrue(s[0] >= 0.99, "sync " + s[0]);
    assertTrue(s[1] >= 0.99, "pitch " + s[1]);
    assertTrue(s[2] >= 0.95, "timbre " + s[2]);
    assertTrue(s[3] <= 0.01, "spurious energy " + s[3]);
    assertTrue(s[4] <= 0.05, "spurious onsets per clip " + s[4]);
    assertTrue(s[5] <= 0.01, "mean offset " + s[5]);
    SoundScore one = CHECKER.score(clips.get(0).audio(), clips.get(0).events());
    assertTrue(one.combined() > 0.95, one.toString());
  }

  @Test
  void lateSoundLosesSyncNotPitch() {
    double[] truth = mean("truth", SoundingClip::audio);
    double[] late = mean("shifted 2 frames later", c -> SoundPerturbations.shift(c.audio(), 2 / 8.0));
    assertTrue(late[0] < 0.1, "sync " + late[0]);
    assertTrue(late[1] > 0.8 && late[1] > late[0] + 0.6, "pitch " + late[1] + " is heard at the late onsets");
    assertTrue(late[4] > truth[4] + 1, "the late onsets are no event's: " + late[4]);
    assertTrue(late[5] > truth[5], "offset");
  }

  @Test
  void wrongColoursLosePitchOnly() {
    SplittableRandom rnd = new SplittableRandom(5);
    double[] s = mean("every shape recoloured",
        c -> WORLD.render(SoundPerturbations.recolour(c.events(), rnd), rnd.nextLong()));
    assertTrue(s[1] < 0.05, "pitch " + s[1]);
    assertTrue(s[0] >= 0.97, "sync " + s[0]);
    assertTrue(s[2] >= 0.9, "timbre " + s[2]);
  }

  @Test
  void wrongKindsLoseTimbreOnly() {
    SplittableRandom rnd = new SplittableRandom(6);
    double[] s = mean("every shape another kind",
        c -> WORLD.render(SoundPerturbations.rekind(c.events(), rnd), rnd.nextLong()));
    assertTrue(s[2] < 0.15, "timbre " + s[2]);
    assertTrue(s[0] >= 0.97, "sync " + s[0]);
    assertTrue(s[1] >= 0.97, "pitch " + s[1]);
  }

  @Test
  void clicksAreSpuriousSound() {
    int n = 0;
    for (SoundingClip c : clips) {
      if (c.events().stream().anyMatch(e -> e.frame() > 0)) continue; // clips whose events all sound at once
      Audio clicked = SoundPerturbations.clicks(c.audio(), 0.5, 0.6, 0.85);
      SoundScore truth = CHECKER.score(c.audio(), c.events());
      SoundScore s = CHECKER.score(clicked, c.events());
      assertEquals(truth.sync(), s.sync(), 1e-12, "sync holds");
      assertEquals(truth.pitch(), s.pitch(), 1e-12, "pitch holds");
      assertEquals(2, s.spuriousOnsets() - truth.spuriousOnsets(), "two clicks, two spurious onsets: " + s);
      assertTrue(s.spuriousEnergy() > truth.spuriousEnergy() + 0.05, "spurious energy " + s);
      assertTrue(s.onsetPrecision() < truth.onsetPrecision() && s.avAlignIou() < truth.avAlignIou(), s.toString());
      n++;
    }
    assertTrue(n >= 20, "clips with events at the first frame only: " + n);
  }

  @Test
  void silenceAndAMissingNoteScoreLow() {
    SoundingClip c = clips.stream().filter(x -> x.events().size() >= 2).findFirst().orElseThrow();
    SoundScore silent = CHECKER.score(new Audio(new float[16000], 16000, 1), c.events());
    assertEquals(0, silent.sync());
    assertEquals(0, silent.pitch());
    assertEquals(0, silent.timbre());
    assertEquals(0, silent.spuriousEnergy());
    int last = c.events().size() - 1;
    SoundScore dropped = CHECKER.score(WORLD.render(SoundPerturbations.drop(c.events(), last), 1), c.events());
    assertTrue(dropped.sync() < 1 || c.events().get(last).frame() == c.events().get(last - 1).frame(),
        dropped.toString());
    SoundScore none = CHECKER.score(c.audio(), List.of());
    assertEquals(1, none.sync());
    assertTrue(none.spuriousEnergy() > 0.99, "with no events, all sound is spurious: " + none);
  }

  /** The truth survives the ways users' audio reaches the checker: stereo at another rate, AAC in an MP4. */
  @Test
  void theTruthStillScoresWellThroughFilesAndOtherRates() {
    for (SoundingClip c : clips.subList(0, 4)) {
      Audio stereo = AudioConvert.to(c.audio(), 22050, 2);
      SoundScore s = CHECKER.score(stereo, c.events());
      assertTrue(s.sync() == 1 && s.pitch() == 1, "22.05 kHz stereo: " + s);
      Path mp4 = dir.resolve("clip.mp4");
      MediaCodec.writeVideo(c.clip().video(), c.audio(), mp4);
      SoundScore fromMp4 = CHECKER.score(MediaCodec.readAudio(mp4), c.events());
      assertTrue(fromMp4.sync() == 1 && fromMp4.pitch() == 1 && fromMp4.spuriousOnsets() == 0,
          "AAC in MP4: " + fromMp4 + " " + CHECKER.check(MediaCodec.readAudio(mp4), c.events()).onsets() + " "
          + c.events());
      assertTrue(fromMp4.timbre() >= CHECKER.score(c.audio(), c.events()).timbre() - 0.5, fromMp4.toString());
    }
  }
}
