package dev.align4j.audio.shapes;

import com.google.common.base.Preconditions;
import dev.align4j.core.audio.AudioConvert;
import dev.align4j.core.audio.Padding;
import dev.align4j.core.audio.Stft;
import dev.align4j.core.audio.WindowFunction;
import dev.align4j.core.media.Audio;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.video.shapes.ClipOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sounding-shapes world's checker: reads a waveform (any rate and channels; it is mixed to mono and
 * resampled to 16 kHz first) against a clip's events and scores it ({@link SoundScore}).
 *
 * <ul>
 *   <li><b>Sync.</b> Onsets come from {@link OnsetDetector}. Events at the same frame form one event time; event
 *       times and onsets are matched one to one, nearest pairs first, within one video frame ({@code 1 / fps}).
 *   <li><b>Pitch and timbre.</b> Each event time is heard at its matched onset, else at the nearest free onset
 *       within {@value #SEMANTIC_FRAMES} frames (so that audio that is late is scored late for sync only), else
 *       at its own time: a {@value #WINDOW}-sample Hann window from {@value #PRE_ONSET} samples before it. The
 *       energy within {@value #BAND_HZ} Hz of each colour's pitch ranks the colours; the {@code m} strongest,
 *       {@code m} the number of colours sounding at that time, are the heard ones. Each heard pitch's timbre:
 *       the third harmonic's energy over the fundamental's, {@code h}, gives square ({@code h >= }
 *       {@value #SQUARE_DB} dB), triangle ({@code >=} {@value #TRIANGLE_DB} dB) or sine; energy in 2..7 kHz
 *       away from every heard pitch's odd harmonics of at least {@value #NOISE_RATIO} of the fundamentals'
 *       turns one sine into a noise burst. An event's pitch is right when its colour is heard; the timbres
 *       heard at a time are matched to the events' as multisets (so a wrong pitch does not cost the timbre).
 *   <li><b>Spurious sound.</b> Onsets matched to no event time, and the share of energy outside every event's
 *       window (a frame before its time to a frame after its note's end).
 * </ul>
 * Thread-safe.
 */
public final class SoundChecker {
  /** Samples in a note's analysis window (128 ms at 16 kHz). */
  public static final int WINDOW = 2048;
  /** The analysis window starts this many samples before the onset. */
  public static final int PRE_ONSET = 256;
  /** Half-width of the band around a pitch or harmonic whose energy counts as that pitch's, in Hz. */
  public static final double BAND_HZ = 20;
  /** {@code h} (dB) at or above which a note is a square wave (the truth has -9.5 dB). */
  public static final double SQUARE_DB = -14;
  /** {@code h} (dB) at or above which a note is at least a triangle wave (the truth has -19 dB). */
  public static final double TRIANGLE_DB = -30;
  /** High-band noise over the fundamentals' energy at or above which a sine is a noise burst (truth: about 1). */
  public static final double NOISE_RATIO = 0.1;
  /** How far from an event time an onset may be to be heard as that event's note, in frames. */
  public static final int SEMANTIC_FRAMES = 4;
  /** Fundamental energy below which nothing is heard (a silent window). */
  public static final double MIN_POWER = 1e-3;

  private static final int RATE = SoundLaws.SAMPLE_RATE;
  private static final Stft ANALYSIS =
      Stft.of(WINDOW, WINDOW, WINDOW, WindowFunction.HANN, true, false, Padding.CONSTANT);

  private final double fps;
  private final OnsetDetector detector = new OnsetDetector();

  /** A checker for clips at {@code fps} frames per second: the sync tolerance is one frame. */
  public SoundChecker(double fps) {
    Preconditions.checkArgument(fps > 0, "fps must be positive, got %s", fps);
    this.fps = fps;
  }

  /** A checker for clips drawn with {@code options}. */
  public static SoundChecker of(ClipOptions options) {
    return new SoundChecker(options.fps());
  }

  /** The score of {@code audio} against {@code events}. */
  public SoundScore score(Audio audio, List<SoundEvent> events) {
    return check(audio, events).score();
  }

  /** The score with what was heard at each event time. */
  public Check check(Audio audio, List<SoundEvent> events) {
    float[] x = AudioConvert.to(audio, RATE, 1).samples();
    List<Double> onsets = detector.onsets(x);
    Map<Integer, List<SoundEvent>> byFrame = new LinkedHashMap<>();
    for (SoundEvent e : events) byFrame.computeIfAbsent(e.frame(), f -> new ArrayList<>()).add(e);
    List<List<SoundEvent>> groups = new ArrayList<>(byFrame.values());
    double tol = 1 / fps + 1e-9;
    int[] none = new int[groups.size()];
    Arrays.fill(none, -1);
    int[] sync = match(groups, onsets, tol, none);
    int[] heardAt = match(groups, onsets, SEMANTIC_FRAMES / fps + 1e-9, sync);

    int inSync = 0;
    int pitchRight = 0;
    int timbreRight = 0;
    int matched = 0;
    double offsets = 0;
    List<Heard> heard = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      List<SoundEvent> group = groups.get(g);
      double time = group.get(0).seconds();
      if (sync[g] >= 0) {
        matched++;
        inSync += group.size();
        offsets += Math.abs(onsets.get(sync[g]) - time);
      }
      double at = heardAt[g] >= 0 ? onsets.get(heardAt[g]) : time;
      Heard h = listen(x, at, group);
      heard.add(h);
      for (SoundEvent e : group) if (h.colors().contains(e.spec().color())) pitchRight++;
      timbreRight += multisetOverlap(group.stream().map(SoundEvent::timbre).toList(), h.timbres());
    }
    int n = events.size();
    double recall = n == 0 ? 1 : inSync / (double) n;
    double precision = onsets.isEmpty() ? 1 : matched / (double) onsets.size();
    double timesRecall = groups.isEmpty() ? 1 : matched / (double) groups.size();
    double f1 = precision + timesRecall == 0 ? 0 : 2 * precision * timesRecall / (precision + timesRecall);
    double union = groups.size() + onsets.size() - matched;
    SoundScore score = new SoundScore(recall, precision, f1, matched == 0 ? 1 / fps : offsets / matched,
        union == 0 ? 1 : matched / union, n == 0 ? 1 : pitchRight / (double) n,
        n == 0 ? 1 : timbreRight / (double) n, spuriousEnergy(x, events, tol), onsets.size() - matched, n,
        onsets.size());
    return new Check(score, onsets, heard);
  }

  /**
   * {@code given} (onset index per event time, -1 for none) extended by matching the event times without an onset
   * to the onsets not yet taken, within {@code tol}, one to one, nearest pairs first.
   */
  private static int[] match(List<List<SoundEvent>> groups, List<Double> onsets, double tol, int[] given) {
    int[] out = given.clone();
    boolean[] taken = new boolean[onsets.size()];
    for (int j : out) if (j >= 0) taken[j] = true;
    List<double[]> pairs = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      if (out[g] >= 0) continue;
      double time = groups.get(g).get(0).seconds();
      for (int j = 0; j < onsets.size(); j++) {
        double d = Math.abs(onsets.get(j) - time);
        if (!taken[j] && d <= tol) pairs.add(new double[] {d, g, j});
      }
    }
    pairs.sort(Comparator.comparingDouble(p -> p[0]));
    for (double[] p : pairs) {
      int g = (int) p[1];
      int j = (int) p[2];
      if (out[g] < 0 && !taken[j]) {
        out[g] = j;
        taken[j] = true;
      }
    }
    return out;
  }

  /** What is heard in the analysis window at {@code at} seconds, for a group of events sounding together. */
  private Heard listen(float[] x, double at, List<SoundEvent> group) {
    float[] segment = new float[WINDOW];
    int start = (int) Math.round(at * RATE) - PRE_ONSET;
    for (int j = 0; j < WINDOW; j++) {
      int i = start + j;
      if (i >= 0 && i < x.length) segment[j] = x[i];
    }
    float[] power = ANALYSIS.power(segment)[0];
    int m = (int) group.stream().map(e -> e.spec().color()).distinct().count();
    Map<ShapeColor, Double> strength = new EnumMap<>(ShapeColor.class);
    for (ShapeColor c : ShapeColor.values()) strength.put(c, band(power, SoundLaws.pitch(c)));
    List<ShapeColor> ranked = new ArrayList<>(strength.keySet());
    ranked.sort(Comparator.comparingDouble(c -> -strength.get(c)));
    List<ShapeColor> colors = new ArrayList<>();
    for (ShapeColor c : ranked.subList(0, m)) if (strength.get(c) >= MIN_POWER) colors.add(c);
    List<Timbre> timbres = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    double weakest = Double.POSITIVE_INFINITY;
    for (ShapeColor c : colors) {
      double f0 = SoundLaws.pitch(c);
      double db = 10 * Math.log10(Math.max(aboveFloor(power, 3 * f0), 1e-30) / strength.get(c));
      ratios.add(db);
      timbres.add(db >= SQUARE_DB ? Timbre.SQUARE : db >= TRIANGLE_DB ? Timbre.TRIANGLE : Timbre.SINE);
      weakest = Math.min(weakest, strength.get(c));
    }
    double noise = colors.isEmpty() ? 0 : highNoise(power, colors) / weakest;
    if (noise >= NOISE_RATIO && !timbres.isEmpty()) {
      if (group.size() > colors.size()) {
        timbres.add(Timbre.NOISE_BURST); // more notes than pitches heard: the noise is a note of its own
      } else {
        int sine = timbres.indexOf(Timbre.SINE);
        if (sine < 0) sine = ratios.indexOf(Collections.min(ratios));
        timbres.set(sine, Timbre.NOISE_BURST);
      }
    }
    return new Heard(group.get(0).frame(), group.get(0).seconds(), at, colors, timbres, noise);
  }

  /** Energy within {@link #BAND_HZ} of {@code hz}. */
  private static double band(float[] power, double hz) {
    double binHz = RATE / (double) WINDOW;
    int lo = (int) Math.ceil((hz - BAND_HZ) / binHz);
    int hi = (int) Math.floor((hz + BAND_HZ) / binHz);
    double sum = 0;
    for (int k = Math.max(0, lo); k <= Math.min(power.length - 1, hi); k++) sum += power[k];
    return sum;
  }

  /**
   * Energy within {@link #BAND_HZ} of {@code hz} above the local floor: the mean power per bin from 2 to 4 band
   * widths away on both sides, times the band's bins, is taken off (so broadband noise is not a harmonic).
   */
  private static double aboveFloor(float[] power, double hz) {
    double binHz = RATE / (double) WINDOW;
    double floor = 0;
    int n = 0;
    for (int k = (int) Math.ceil((hz - 4 * BAND_HZ) / binHz); k <= (int) Math.floor((hz + 4 * BAND_HZ) / binHz); k++) {
      double d = Math.abs(k * binHz - hz);
      if (d >= 2 * BAND_HZ && k >= 0 && k < power.length) {
        floor += power[k];
        n++;
      }
    }
    int bins = (int) Math.floor((hz + BAND_HZ) / binHz) - (int) Math.ceil((hz - BAND_HZ) / binHz) + 1;
    return Math.max(0, band(power, hz) - (n == 0 ? 0 : floor / n * bins));
  }

  /** Energy in 2..7 kHz outside the bands of the heard pitches' odd harmonics. */
  private static double highNoise(float[] power, List<ShapeColor> colors) {
    double binHz = RATE / (double) WINDOW;
    double sum = 0;
    for (int k = (int) Math.ceil(2000 / binHz); k <= (int) Math.floor(7000 / binHz); k++) {
      double hz = k * binHz;
      boolean harmonic = false;
      for (ShapeColor c : colors) {
        double f0 = SoundLaws.pitch(c);
        double n = Math.rint((hz / f0 - 1) / 2) * 2 + 1; // the nearest odd harmonic
        if (Math.abs(hz - n * f0) <= BAND_HZ) harmonic = true;
      }
      if (!harmonic) sum += power[k];
    }
    return sum;
  }

  private static <T> int multisetOverlap(List<T> expected, List<T> heard) {
    List<T> left = new ArrayList<>(heard);
    int n = 0;
    for (T t : expected) if (left.remove(t)) n++;
    return n;
  }

  /** The share of energy outside every event's window. */
  private static double spuriousEnergy(float[] x, List<SoundEvent> events, double tol) {
    boolean[] inside = new boolean[x.length];
    for (SoundEvent e : events) {
      int from = (int) Math.floor((e.seconds() - tol) * RATE);
      int to = (int) Math.ceil((e.seconds() + SoundLaws.NOTE_SECONDS + tol) * RATE);
      for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) inside[i] = true;
    }
    double total = 0;
    double outside = 0;
    for (int i = 0; i < x.length; i++) {
      double e = (double) x[i] * x[i];
      total += e;
      if (!inside[i]) outside += e;
    }
    return total == 0 ? 0 : outside / total;
  }

  /**
   * What was heard at one event time.
   *
   * @param frame the events' frame
   * @param seconds their time
   * @param heardAt where the analysis window was put (an onset, or the time itself)
   * @param colors the colours heard, strongest first
   * @param timbres the timbre heard at each of those colours
   * @param noise high-band noise over the fundamentals' energy
   */
  public record Heard(int frame, double seconds, double heardAt, List<ShapeColor> colors, List<Timbre> timbres,
      double noise) {}

  /** A score with its onsets and what was heard at each event time. */
  public record Check(SoundScore score, List<Double> onsets, List<Heard> heard) {}
}
