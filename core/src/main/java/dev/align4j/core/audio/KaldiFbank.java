package dev.align4j.core.audio;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Kaldi's log mel filterbank features ({@code compute-fbank-feats}) as {@code torchaudio.compliance.kaldi.fbank}
 * computes them, {@code [frame][bin]}. Per frame of {@code frame_length} ms every {@code frame_shift} ms: remove
 * the frame's mean (DC), pre-emphasise ({@code x[j] - 0.97 x[j - 1]}, the first sample against itself), apply the
 * window, zero-pad to a power of two, take {@code |rfft|^2}, sum through triangular filters equally spaced on
 * Kaldi's mel scale ({@code 1127 ln(1 + f / 700)}, triangles in mels, from {@code low_freq} to {@code high_freq},
 * the Nyquist bin unused), and take {@code ln(max(e, float32 eps))}. Dither is not supported (ImageBind, AST and
 * BEATs use 0; torchaudio's default is 0 as well); nor is VTLN warping. Immutable and thread-safe.
 *
 * @param sampleFrequency the waveform's rate in Hz
 * @param frameLengthMs frame length in milliseconds (25)
 * @param frameShiftMs frame shift in milliseconds (10)
 * @param preemphasisCoefficient 0.97
 * @param removeDcOffset subtract each frame's mean (true)
 * @param window window type, symmetric (Kaldi's {@code povey} by default; ImageBind uses {@code hanning})
 * @param blackmanCoefficient the Blackman window's constant (0.42)
 * @param roundToPowerOfTwo zero-pad frames to the next power of two for the FFT (true)
 * @param snipEdges only frames that fit in the signal (true); otherwise frames every shift with the ends
 *     reflected, as Kaldi does
 * @param numMelBins number of filters (23)
 * @param lowFreq lowest filter edge in Hz (20)
 * @param highFreq highest filter edge in Hz; zero or negative is an offset from Nyquist (0)
 * @param usePower power spectrum (true) or magnitude
 * @param useLogFbank log energies (true) or linear
 * @param useEnergy add the frame's log energy as an extra column (false)
 * @param htkCompat put that column last instead of first (false)
 * @param rawEnergy energy before pre-emphasis and window (true)
 * @param energyFloor floor on the energy (1.0; 0 for none)
 * @param subtractMean subtract each column's mean over the frames (false)
 */
public record KaldiFbank(
    double sampleFrequency,
    double frameLengthMs,
    double frameShiftMs,
    double preemphasisCoefficient,
    boolean removeDcOffset,
    WindowFunction window,
    double blackmanCoefficient,
    boolean roundToPowerOfTwo,
    boolean snipEdges,
    int numMelBins,
    double lowFreq,
    double highFreq,
    boolean usePower,
    boolean useLogFbank,
    boolean useEnergy,
    boolean htkCompat,
    boolean rawEnergy,
    double energyFloor,
    boolean subtractMean) {

  /** {@code torch.finfo(torch.float).eps}, the floor under every logarithm. */
  public static final double EPSILON = Math.ulp(1.0f);

  public KaldiFbank {
    Preconditions.checkArgument(sampleFrequency > 0, "sample_frequency must be positive, got %s", sampleFrequency);
    Preconditions.checkArgument(preemphasisCoefficient >= 0 && preemphasisCoefficient <= 1,
        "preemphasis_coefficient must be in [0, 1], got %s", preemphasisCoefficient);
    Preconditions.checkArgument(numMelBins > 3, "need more than 3 mel bins, got %s", numMelBins);
    Preconditions.checkNotNull(window, "window");
    // The compact constructor runs before the fields are set: compute sizes from the parameters.
    int size = (int) (sampleFrequency * frameLengthMs * 0.001);
    int shift = (int) (sampleFrequency * frameShiftMs * 0.001);
    Preconditions.checkArgument(shift > 0, "frame_shift of %s ms is under one sample", frameShiftMs);
    Preconditions.checkArgument(size >= 2, "frame_length of %s ms is under two samples", frameLengthMs);
    Preconditions.checkArgument(roundToPowerOfTwo || size % 2 == 0,
        "a window of %s samples must be even (or round_to_power_of_two)", size);
    double nyquist = sampleFrequency / 2;
    double high = highFreq <= 0 ? highFreq + nyquist : highFreq;
    Preconditions.checkArgument(lowFreq >= 0 && lowFreq < nyquist && high > 0 && high <= nyquist && lowFreq < high,
        "bad low_freq %s and high_freq %s for Nyquist %s", lowFreq, highFreq, nyquist);
  }

  /** torchaudio's defaults for {@code kaldi.fbank} (Kaldi's, with dither 0). */
  public static KaldiFbank defaults() {
    return new KaldiFbank(16000, 25, 10, 0.97, true, WindowFunction.POVEY, 0.42, true, true, 23, 20, 0, true, true,
        false, false, true, 1.0, false);
  }

  /**
   * ImageBind's audio front end (and AST's): 16 kHz, {@code htk_compat=True, use_energy=False,
   * window_type="hanning", num_mel_bins=128, dither=0, frame_length=25, frame_shift=10}, the rest torchaudio's
   * defaults.
   */
  public static KaldiFbank imageBind() {
    return defaults().withWindow(WindowFunction.HANN).withNumMelBins(128).withHtkCompat(true);
  }

  /** This with another window type. */
  public KaldiFbank withWindow(WindowFunction w) {
    return new KaldiFbank(sampleFrequency, frameLengthMs, frameShiftMs, preemphasisCoefficient, removeDcOffset, w,
        blackmanCoefficient, roundToPowerOfTwo, snipEdges, numMelBins, lowFreq, highFreq, usePower, useLogFbank,
        useEnergy, htkCompat, rawEnergy, energyFloor, subtractMean);
  }

  /** This with another number of mel bins. */
  public KaldiFbank withNumMelBins(int bins) {
    return new KaldiFbank(sampleFrequency, frameLengthMs, frameShiftMs, preemphasisCoefficient, removeDcOffset,
        window, blackmanCoefficient, roundToPowerOfTwo, snipEdges, bins, lowFreq, highFreq, usePower, useLogFbank,
        useEnergy, htkCompat, rawEnergy, energyFloor, subtractMean);
  }

  /** This with the energy column on or off, and last (HTK) or first. */
  public KaldiFbank withEnergy(boolean use, boolean htk) {
    return new KaldiFbank(sampleFrequency, frameLengthMs, frameShiftMs, preemphasisCoefficient, removeDcOffset,
        window, blackmanCoefficient, roundToPowerOfTwo, snipEdges, numMelBins, lowFreq, highFreq, usePower,
        useLogFbank, use, htk, rawEnergy, energyFloor, subtractMean);
  }

  /** This with {@code htk_compat} set (which only moves the energy column). */
  public KaldiFbank withHtkCompat(boolean htk) {
    return withEnergy(useEnergy, htk);
  }

  /** This with {@code snip_edges} set. */
  public KaldiFbank withSnipEdges(boolean snip) {
    return new KaldiFbank(sampleFrequency, frameLengthMs, frameShiftMs, preemphasisCoefficient, removeDcOffset,
        window, blackmanCoefficient, roundToPowerOfTwo, snip, numMelBins, lowFreq, highFreq, usePower, useLogFbank,
        useEnergy, htkCompat, rawEnergy, energyFloor, subtractMean);
  }

  /** Samples per frame: {@code int(sample_frequency * frame_length / 1000)}. */
  public int windowSize() {
    return (int) (sampleFrequency * frameLengthMs * 0.001);
  }

  /** Samples between frames: {@code int(sample_frequency * frame_shift / 1000)}. */
  public int windowShift() {
    return (int) (sampleFrequency * frameShiftMs * 0.001);
  }

  /** The FFT size: the window size, or the next power of two. */
  public int paddedWindowSize() {
    int size = windowSize();
    if (!roundToPowerOfTwo) return size;
    return size <= 1 ? 1 : Integer.highestOneBit(size - 1) << 1;
  }

  /** Number of frames for {@code samples} samples. */
  public int frames(int samples) {
    if (snipEdges) return samples < windowSize() ? 0 : 1 + (samples - windowSize()) / windowShift();
    return (samples + windowShift() / 2) / windowShift();
  }

  /** Number of output columns: the mel bins, plus one for the energy when {@link #useEnergy}. */
  public int columns() {
    return numMelBins + (useEnergy ? 1 : 0);
  }

  /**
   * The filterbank {@code [mel][fft bin]} over the {@code padded / 2} bins below Nyquist: triangles in Kaldi
   * mels with edges equally spaced from {@code low_freq} to {@code high_freq}.
   */
  public double[][] melBanks() {
    int padded = paddedWindowSize();
    int fftBins = padded / 2;
    double nyquist = sampleFrequency / 2;
    double high = highFreq <= 0 ? highFreq + nyquist : highFreq;
    double binWidth = sampleFrequency / padded;
    double melLow = kaldiMel(lowFreq);
    double delta = (kaldiMel(high) - melLow) / (numMelBins + 1);
    double[][] banks = new double[numMelBins][fftBins];
    for (int m = 0; m < numMelBins; m++) {
      double left = melLow + m * delta;
      double centre = melLow + (m + 1) * delta;
      double right = melLow + (m + 2) * delta;
      for (int k = 0; k < fftBins; k++) {
        double mel = kaldiMel(binWidth * k);
        double up = (mel - left) / (centre - left);
        double down = (right - mel) / (right - centre);
        banks[m][k] = Math.max(0, Math.min(up, down));
      }
    }
    return banks;
  }

  /** Kaldi's mel scale, {@code 1127 ln(1 + f / 700)} (the HTK scale in natural logs). */
  public static double kaldiMel(double hz) {
    return 1127 * Math.log(1 + hz / 700);
  }

  /**
   * The features of a mono waveform, {@code [frame][column]}.
   *
   * @throws IllegalArgumentException when the waveform is shorter than one frame (torchaudio asserts this too)
   */
  public float[][] apply(float[] waveform) {
    double[] x = new double[waveform.length];
    for (int i = 0; i < x.length; i++) x[i] = waveform[i];
    return apply(x);
  }

  /** As {@link #apply(float[])}, for a waveform held in double precision. */
  public float[][] apply(double[] waveform) {
    int size = windowSize();
    int shift = windowShift();
    Preconditions.checkArgument(waveform.length >= size, "a waveform of %s samples is shorter than one %s-sample"
        + " frame", waveform.length, size);
    int padded = paddedWindowSize();
    double[] signal = snipEdges ? waveform : reflectedEnds(waveform, size, shift);
    double[] win = window.values(size, false);
    if (window == WindowFunction.BLACKMAN) win = blackman(size, blackmanCoefficient);
    double[][] banks = melBanks();
    RealFft fft = new RealFft(padded);
    double[] frame = new double[padded];
    double[] re = new double[fft.bins()];
    double[] im = new double[fft.bins()];
    int frames = frames(waveform.length);
    float[][] out = new float[frames][columns()];
    int melOffset = useEnergy && !htkCompat ? 1 : 0;
    for (int t = 0; t < frames; t++) {
      int start = t * shift;
      Arrays.fill(frame, 0);
      double mean = 0;
      for (int j = 0; j < size; j++) mean += signal[start + j];
      mean /= size;
      for (int j = 0; j < size; j++) frame[j] = signal[start + j] - (removeDcOffset ? mean : 0);
      double energy = rawEnergy ? logEnergy(frame, size) : 0;
      if (preemphasisCoefficient != 0) {
        for (int j = size - 1; j >= 0; j--) frame[j] -= preemphasisCoefficient * frame[Math.max(0, j - 1)];
      }
      for (int j = 0; j < size; j++) frame[j] *= win[j];
      if (!rawEnergy) energy = logEnergy(frame, padded);
      fft.transform(frame, re, im);
      for (int m = 0; m < numMelBins; m++) {
        double sum = 0;
        double[] bank = banks[m];
        for (int k = 0; k < bank.length; k++) {
          if (bank[k] == 0) continue;
          double p = re[k] * re[k] + im[k] * im[k];
          sum += bank[k] * (usePower ? p : Math.sqrt(p));
        }
        out[t][m + melOffset] = (float) (useLogFbank ? Math.log(Math.max(sum, EPSILON)) : sum);
      }
      if (useEnergy) out[t][htkCompat ? numMelBins : 0] = (float) energy;
    }
    if (subtractMean) subtractColumnMeans(out);
    return out;
  }

  private double logEnergy(double[] frame, int n) {
    double sum = 0;
    for (int j = 0; j < n; j++) sum += frame[j] * frame[j];
    double e = Math.log(Math.max(sum, EPSILON));
    return energyFloor == 0 ? e : Math.max(e, Math.log(energyFloor));
  }

  /** Kaldi's {@code snip_edges=false} framing: the ends reflected with the edge sample repeated. */
  private static double[] reflectedEnds(double[] x, int size, int shift) {
    int n = x.length;
    int pad = size / 2 - shift / 2;
    double[] out;
    if (pad > 0) {
      out = new double[pad + 2 * n];
      for (int i = 0; i < pad; i++) out[i] = x[pad - 1 - i];
      for (int i = 0; i < n; i++) out[pad + i] = x[i];
      for (int i = 0; i < n; i++) out[pad + n + i] = x[n - 1 - i];
    } else {
      out = new double[n + pad + n];
      for (int i = -pad; i < n; i++) out[i + pad] = x[i];
      for (int i = 0; i < n; i++) out[n + pad + i] = x[n - 1 - i];
    }
    return out;
  }

  private static double[] blackman(int size, double coefficient) {
    double a = 2 * Math.PI / (size - 1);
    double[] w = new double[size];
    for (int n = 0; n < size; n++) {
      w[n] = coefficient - 0.5 * Math.cos(a * n) + (0.5 - coefficient) * Math.cos(2 * a * n);
    }
    return w;
  }

  private static void subtractColumnMeans(float[][] x) {
    if (x.length == 0) return;
    for (int c = 0; c < x[0].length; c++) {
      double mean = 0;
      for (float[] row : x) mean += row[c];
      mean /= x.length;
      for (float[] row : x) row[c] = (float) (row[c] - mean);
    }
  }
}
