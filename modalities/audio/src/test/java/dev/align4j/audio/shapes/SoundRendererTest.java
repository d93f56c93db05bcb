package dev.align4j.audio.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.audio.Padding;
import dev.align4j.core.audio.Stft;
import dev.align4j.core.audio.WindowFunction;
import dev.align4j.core.media.Audio;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ground-truth notes: timing, pitch, harmonics, noise, loudness, and seeds. */
class SoundRendererTest {
  static final SoundRenderer RENDERER = new SoundRenderer();

  static SoundEvent event(ShapeKind kind, ShapeColor color, ShapeSize size, int frame) {
    return new SoundEvent(EventType.APPEARS, 0, new ShapeSpec(kind, color, size), frame, frame / 8.0);
  }

  /** The power spectrum of the 4096 samples from {@code start}: 3.9 Hz bins. */
  static float[] spectrum(float[] x, int start) {
    float[] seg = Arrays.copyOfRange(x, start, start + 4096);
    return Stft.of(4096, 4096, 4096, WindowFunction.HANN, true, false, Padding.CONSTANT).power(seg)[0];
  }

  static double near(float[] p, double hz) {
    double sum = 0;
    for (int k = (int) Math.round((hz - 12) / 3.90625); k <= Math.round((hz + 12) / 3.90625); k++) sum += p[k];
    return sum;
  }

  @Test
  void aNoteStartsAtItsEventsFrameTime() {
    Audio a = RENDERER.render(List.of(event(ShapeKind.CIRCLE, ShapeColor.GREEN, ShapeSize.LARGE, 3)), 1, 7);
    assertEquals(16000, a.frames());
    int first = 0;
    while (a.samples()[first] == 0) first++;
    assertEquals(6000, first, 1, "3 / 8 s at 16 kHz");
    int end = a.frames() - 1;
    while (a.samples()[end] == 0) end--;
    assertEquals(6000 + 4800, end, 2, "300 ms later it is over");
  }

  @Test
  void pitchFollowsColourAndTheHarmonicsFollowKind() {
    for (ShapeColor color : ShapeColor.values()) {
      double f0 = SoundLaws.pitch(color);
      double[] thirdDb = new double[ShapeKind.values().length];
      double[] highShare = new double[ShapeKind.values().length];
      for (ShapeKind kind : ShapeKind.values()) {
        float[] x = RENDERER.render(List.of(event(kind, color, ShapeSize.LARGE, 0)), 1, 3).samples();
        float[] p = spectrum(x, 0);
        int peak = 0;
        for (int k = 1; k < 400; k++) if (p[k] > p[peak]) peak = k; // below 1.56 kHz
        assertEquals(f0, peak * 3.90625, 4, color + " " + kind + " fundamental");
        thirdDb[kind.ordinal()] = 10 * Math.log10(near(p, 3 * f0) / near(p, f0));
        double high = 0;
        double total = 0;
        for (int k = 0; k < p.length; k++) {
          total += p[k];
          if (k * 3.90625 > 3000) high += p[k];
        }
        highShare[kind.ordinal()] = high / total;
      }
      String what = color + " third harmonic (dB) by kind " + Arrays.toString(thirdDb);
      assertTrue(thirdDb[ShapeKind.CIRCLE.ordinal()] < -40, what);
      assertEquals(-9.54, thirdDb[ShapeKind.SQUARE.ordinal()], 1.0, what);
      assertEquals(-19.08, thirdDb[ShapeKind.TRIANGLE.ordinal()], 1.0, what);
      assertTrue(thirdDb[ShapeKind.CROSS.ordinal()] < -30, what);
      assertTrue(highShare[ShapeKind.CROSS.ordinal()] > 0.3, color + " noise share " + highShare[3]);
      assertTrue(highShare[ShapeKind.CIRCLE.ordinal()] < 1e-4, color + " sine's share above 3 kHz");
    }
  }

  @Test
  void smallShapesAreNineDecibelsQuieterAndNothingClips() {
    float[] large = RENDERER.render(List.of(event(ShapeKind.SQUARE, ShapeColor.RED, ShapeSize.LARGE, 0)), 1, 5)
        .samples();
    float[] small = RENDERER.render(List.of(event(ShapeKind.SQUARE, ShapeColor.RED, ShapeSize.SMALL, 0)), 1, 5)
        .samples();
    double db = 10 * Math.log10(energy(small) / energy(large));
    assertEquals(-9, db, 1e-6);
    double peak = 0;
    for (SoundingClip c : SoundingShapes.defaults().sample(100, 4)) {
      for (float v : c.audio().samples()) peak = Math.max(peak, Math.abs(v));
    }
    assertTrue(peak < 1, "peak " + peak);
  }

  static double energy(float[] x) {
    double e = 0;
    for (float v : x) e += v * v;
    return e;
  }

  @Test
  void theSeedFixesPhasesAndNoise() {
    List<SoundEvent> events = List.of(event(ShapeKind.CROSS, ShapeColor.WHITE, ShapeSize.SMALL, 1),
        event(ShapeKind.TRIANGLE, ShapeColor.BLUE, ShapeSize.LARGE, 4));
    assertArrayEquals(RENDERER.render(events, 1, 11).samples(), RENDERER.render(events, 1, 11).samples());
    assertFalse(Arrays.equals(RENDERER.render(events, 1, 11).samples(), RENDERER.render(events, 1, 12).samples()));
    SoundingClip a = SoundingShapes.defaults().sample(99);
    SoundingClip b = SoundingShapes.defaults().sample(99);
    assertEquals(a.events(), b.events());
    assertArrayEquals(a.audio().samples(), b.audio().samples());
    assertEquals(1.0, a.seconds());
  }
}
