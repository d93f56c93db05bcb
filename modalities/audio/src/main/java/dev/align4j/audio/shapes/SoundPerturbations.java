package dev.align4j.audio.shapes;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Audio;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ways to break one thing the checker measures (SyncDPO-style temporal negatives and their semantic
 * counterparts): shift a waveform in time, add clicks, or change the events before rendering (another colour:
 * wrong pitch; another kind: wrong timbre; an event dropped).
 */
public final class SoundPerturbations {
  private SoundPerturbations() {}

  /** {@code audio} delayed by {@code seconds} (earlier when negative), the length kept, zeros shifted in. */
  public static Audio shift(Audio audio, double seconds) {
    int c = audio.channels();
    int by = (int) Math.round(seconds * audio.sampleRate());
    float[] s = audio.samples();
    float[] out = new float[s.length];
    for (int i = 0; i < audio.frames(); i++) {
      int from = i - by;
      if (from >= 0 && from < audio.frames()) System.arraycopy(s, from * c, out, i * c, c);
    }
    return new Audio(out, audio.sampleRate(), c);
  }

  /** {@code audio} with a 2 ms click of {@code amplitude} (a rectangular pulse) at each of {@code times}. */
  public static Audio clicks(Audio audio, double amplitude, double... times) {
    int c = audio.channels();
    float[] out = audio.samples().clone();
    int width = Math.max(1, audio.sampleRate() / 500);
    for (double t : times) {
      int start = (int) Math.round(t * audio.sampleRate());
      for (int i = Math.max(0, start); i < Math.min(audio.frames(), start + width); i++) {
        for (int ch = 0; ch < c; ch++) out[i * c + ch] += (float) amplitude;
      }
    }
    return new Audio(out, audio.sampleRate(), c);
  }

  /** Every event with its shape's colour changed to another, drawn from {@code rnd} (the same per shape). */
  public static List<SoundEvent> recolour(List<SoundEvent> events, SplittableRandom rnd) {
    return replaceSpecs(events, rnd, (spec, r) -> {
      ShapeColor[] colors = ShapeColor.values();
      ShapeColor other = colors[(spec.color().ordinal() + 1 + r.nextInt(colors.length - 1)) % colors.length];
      return new ShapeSpec(spec.kind(), other, spec.size());
    });
  }

  /** Every event with its shape's kind changed to another, drawn from {@code rnd} (the same per shape). */
  public static List<SoundEvent> rekind(List<SoundEvent> events, SplittableRandom rnd) {
    return replaceSpecs(events, rnd, (spec, r) -> {
      ShapeKind[] kinds = ShapeKind.values();
      ShapeKind other = kinds[(spec.kind().ordinal() + 1 + r.nextInt(kinds.length - 1)) % kinds.length];
      return new ShapeSpec(other, spec.color(), spec.size());
    });
  }

  /** {@code events} without event {@code index}. */
  public static List<SoundEvent> drop(List<SoundEvent> events, int index) {
    Preconditions.checkElementIndex(index, events.size(), "event");
    List<SoundEvent> out = new ArrayList<>(events);
    out.remove(index);
    return List.copyOf(out);
  }

  private interface SpecChange {
    ShapeSpec apply(ShapeSpec spec, SplittableRandom rnd);
  }

  private static List<SoundEvent> replaceSpecs(List<SoundEvent> events, SplittableRandom rnd, SpecChange change) {
    Map<Integer, ShapeSpec> byShape = new HashMap<>();
    List<SoundEvent> out = new ArrayList<>(events.size());
    for (SoundEvent e : events) {
      ShapeSpec spec = byShape.computeIfAbsent(e.shape(), s -> change.apply(e.spec(), rnd));
      out.add(e.withSpec(spec));
    }
    return List.copyOf(out);
  }
}
