package dev.align4j.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every signal-processing function against torchaudio (tools/golden/audio_golden.py, float64 reference): values
 * in linear units (windows, spectra, filter weights, mel energies, samples) must agree within {@value #PEAK_TOL}
 * of the array's largest magnitude, values in log units within {@value #LOG_TOL} absolute; both are float32
 * precision for these ranges.
 */
class AudioDspGoldenTest {
  /** Linear outputs: error over the array's peak magnitude. */
  static final double PEAK_TOL = 1e-6;
  /** Log outputs (natural-log mels, Kaldi fbank): absolute error. */
  static final double LOG_TOL = 5e-6;

  private static JsonNode golden;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = AudioDspGoldenTest.class.getResourceAsStream("/golden/audio_dsp.json")) {
      golden = new ObjectMapper().readTree(in);
    }
  }

  static float[] signal(String name) {
    JsonNode s = golden.get("signals").get(name);
    float[] x = new float[s.size()];
    for (int i = 0; i < x.length; i++) x[i] = (float) s.get(i).asDouble();
    return x;
  }

  static double[][] matrix(JsonNode node) {
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) m[i] = vector(node.get(i));
    return m;
  }

  static double[] vector(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) v[i] = node.get(i).asDouble();
    return v;
  }

  /** Max |actual - expected| over the expected array's peak magnitude; shapes must agree. */
  static double peakRelativeError(double[][] expected, float[][] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": frames");
    double peak = 0;
    double err = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, what + ": row " + i + " length");
      for (int j = 0; j < expected[i].length; j++) {
        peak = Math.max(peak, Math.abs(expected[i][j]));
        err = Math.max(err, Math.abs(actual[i][j] - expected[i][j]));
      }
    }
    return err / Math.max(peak, 1e-30);
  }

  static double absError(double[][] expected, float[][] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": frames");
    double err = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, what + ": row " + i + " length");
      for (int j = 0; j < expected[i].length; j++) err = Math.max(err, Math.abs(actual[i][j] - expected[i][j]));
    }
    return err;
  }

  static void linear(JsonNode expected, float[][] actual, String what) {
    double err = peakRelativeError(matrix(expected), actual, what);
    System.out.printf(Locale.ROOT, "%-48s max error / peak %.2e%n", what, err);
    assertTrue(err <= PEAK_TOL, what + ": error / peak " + err);
  }

  static void log(JsonNode expected, float[][] actual, String what) {
    double err = absError(matrix(expected), actual, what);
    System.out.printf(Locale.ROOT, "%-48s max abs error (log) %.2e%n", what, err);
    assertTrue(err <= LOG_TOL, what + ": abs error " + err);
  }

  static JsonNode wrap(JsonNode vector) {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(vector);
  }

  static float[][] row(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return new float[][] {f};
  }

  @Test
  void windowsMatchTorch() {
    for (JsonNode c : golden.get("windows")) {
      WindowFunction w = switch (c.get("type").asText()) {
        case "hann" -> WindowFunction.HANN;
        case "hamming" -> WindowFunction.HAMMING;
        case "povey" -> WindowFunction.POVEY;
        case "blackman" -> WindowFunction.BLACKMAN;
        default -> throw new AssertionError(c);
      };
      double[] values = w.values(c.get("length").asInt(), c.get("periodic").asBoolean());
      linear(wrap(c.get("values")), row(values), "window " + c.get("type").asText() + " "
          + c.get("length") + (c.get("periodic").asBoolean() ? " periodic" : " symmetric"));
    }
  }

  @Test
  void stftMatchesTorchStft() {
    for (JsonNode c : golden.get("stft")) {
      Padding pad = c.get("pad_mode").asText().equals("reflect") ? Padding.REFLECT : Padding.CONSTANT;
      Stft stft = Stft.of(c.get("n_fft").asInt(), c.get("win_length").asInt(), c.get("hop_length").asInt(),
          WindowFunction.HANN, true, c.get("center").asBoolean(), pad);
      float[] x = signal(c.get("signal").asText());
      String what = "stft " + c.get("signal").asText() + " n_fft " + c.get("n_fft") + " power " + c.get("power");
      assertEquals(c.get("out").size(), stft.frames(x.length), what + ": frames()");
      linear(c.get("out"), stft.spectrogram(x, c.get("power").asDouble()), what);
      if (c.has("re")) {
        Stft.Complex z = stft.transform(x);
        linear(c.get("re"), z.re(), what + " real part");
        linear(c.get("im"), z.im(), what + " imaginary part");
      }
    }
  }

  @Test
  void melScalesMatchTorchaudio() {
    JsonNode m = golden.get("mel_scales");
    double[] hz = vector(m.get("hz"));
    for (MelScale scale : MelScale.values()) {
      String key = scale.name().toLowerCase(Locale.ROOT);
      double[] mels = vector(m.get(key));
      double[] back = vector(m.get(key + "_back"));
      for (int i = 0; i < hz.length; i++) {
        assertEquals(mels[i], scale.toMel(hz[i]), 2e-8 * Math.max(1, mels[i]), scale + " mel of " + hz[i]);
        assertEquals(back[i], scale.toHz(mels[i]), 2e-8 * Math.max(1, back[i]), scale + " Hz of " + mels[i]);
      }
    }
  }

  @Test
  void melFilterbanksMatchMelscaleFbanks() {
    for (JsonNode c : golden.get("melscale_fbanks")) {
      MelScale scale = c.get("mel_scale").asText().equals("htk") ? MelScale.HTK : MelScale.SLANEY;
      MelFilterbank.Norm norm = c.get("norm").isNull() ? MelFilterbank.Norm.NONE : MelFilterbank.Norm.SLANEY;
      MelFilterbank fb = MelFilterbank.of(scale, norm, c.get("n_freqs").asInt(), c.get("f_min").asDouble(),
          c.get("f_max").asDouble(), c.get("n_mels").asInt(), c.get("sample_rate").asInt());
      linear(c.get("out"), fb.weights(), "melscale_fbanks " + scale + " norm " + norm + " " + c.get("n_mels")
          + " mels @" + c.get("sample_rate"));
    }
  }

  @Test
  void melSpectrogramsMatchTorchaudio() {
    JsonNode sync = golden.get("melspectrogram").get(0);
    float[][] mel = MelSpectrogram.synchformer().apply(signal(sync.get("signal").asText()));
    linear(sync.get("out"), mel, "MelSpectrogram Synchformer (HTK, power 2)");
    log(sync.get("log_normalised"), MelSpectrogram.synchformerLog(mel), "Synchformer normalised log-mel");
    JsonNode slaney = golden.get("melspectrogram").get(1);
    MelSpectrogram magnitude = new MelSpectrogram(Stft.torch(512, 512, 128), 1,
        MelFilterbank.of(MelScale.SLANEY, MelFilterbank.Norm.SLANEY, 257, 0, 8000, 40, 16000));
    linear(slaney.get("out"), magnitude.apply(signal(slaney.get("signal").asText())),
        "MelSpectrogram Slaney scale and norm, power 1");
  }

  @Test
  void kaldiFbankMatchesTorchaudioCompliance() {
    JsonNode cases = golden.get("kaldi_fbank");
    log(cases.get(0).get("out"), KaldiFbank.imageBind().apply(signal("chord")), "kaldi.fbank ImageBind settings");
    log(cases.get(1).get("out"), KaldiFbank.defaults().apply(signal("noise")), "kaldi.fbank defaults");
    KaldiFbank noSnip = KaldiFbank.defaults().withEnergy(true, false).withSnipEdges(false).withNumMelBins(30)
        .withWindow(WindowFunction.HAMMING);
    log(cases.get(2).get("out"), noSnip.apply(signal("clicks")), "kaldi.fbank energy first, snip_edges=False");
    KaldiFbank d = KaldiFbank.defaults();
    KaldiFbank windowedEnergy = new KaldiFbank(d.sampleFrequency(), d.frameLengthMs(), d.frameShiftMs(),
        d.preemphasisCoefficient(), true, WindowFunction.BLACKMAN, 0.42, true, true, 12, 100, -400, true, true, true,
        true, false, 1.0, false);
    log(cases.get(3).get("out"), windowedEnergy.apply(signal("noise")), "kaldi.fbank energy last, blackman");
    JsonNode input = cases.get(4);
    float[][] features = ImageBindAudio.features(signal("chord"));
    assertEquals(input.get("frames").asInt(), features.length, "ImageBind frames");
    float[][] first = new float[12][];
    System.arraycopy(features, 0, first, 0, 12);
    log(input.get("out"), first, "ImageBind input (normalised), first frames");
    float padded = (float) input.get("padded_value").asDouble();
    for (int t = 12 + 1; t < features.length; t++) {
      for (float v : features[t]) assertEquals(padded, v, 1e-6, "ImageBind padding frame " + t);
    }
  }

  @Test
  void resampleMatchesTorchaudio() {
    for (JsonNode c : golden.get("resample")) {
      float[] all = signal(c.get("signal").asText());
      float[] x = java.util.Arrays.copyOf(all, c.get("length").asInt());
      boolean kaiser = c.get("method").asText().equals("kaiser_window");
      Resampler r = new Resampler(c.get("orig").asInt(), c.get("new").asInt(), 6, 0.99,
          kaiser ? Resampler.Method.KAISER : Resampler.Method.SINC_HANN, Resampler.DEFAULT_KAISER_BETA);
      double[] expected = vector(c.get("out"));
      assertEquals(expected.length, r.outputLength(x.length), "output length");
      linear(wrap(c.get("out")), new float[][] {r.apply(x)},
          "resample " + c.get("orig") + " -> " + c.get("new") + " " + c.get("method").asText());
    }
  }
}
