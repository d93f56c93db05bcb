package dev.align4j.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Audio;
import org.junit.jupiter.api.Test;

/** Channel mixing, resampling of {@link Audio}, padding and the shapes of the transforms' outputs. */
class AudioConvertTest {
  @Test
  void monoIsTheMeanAndStereoRepeatsMono() {
    Audio stereo = new Audio(new float[] {0.2f, 0.4f, -1f, 1f, 0.5f, 0f}, 8000, 2);
    float[] mono = AudioConvert.mono(stereo);
    assertArrayEquals(new float[] {0.3f, 0f, 0.25f}, mono, 1e-7f);
    Audio back = AudioConvert.channels(new Audio(mono, 8000, 1), 2);
    assertEquals(2, back.channels());
    assertArrayEquals(new float[] {0.3f, 0.3f, 0f, 0f, 0.25f, 0.25f}, back.samples(), 1e-7f);
    assertThrows(IllegalArgumentException.class, () -> AudioConvert.channels(stereo, 3));
  }

  @Test
  void resamplingKeepsATonesFrequencyAndLevelPerChannel() {
    int from = 44100;
    float[] s = new float[2 * from / 10];
    for (int i = 0; i < s.length / 2; i++) {
      s[2 * i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / from));
      s[2 * i + 1] = (float) (0.25 * Math.sin(2 * Math.PI * 1000 * i / from));
    }
    Audio out = AudioConvert.to(new Audio(s, from, 2), 16000, 2);
    assertEquals(16000, out.sampleRate());
    assertEquals(1600, out.frames());
    double err = 0;
    for (int i = 100; i < out.frames() - 100; i++) { // away from the zero-padded ends
      double t = i / 16000.0;
      err = Math.max(err, Math.abs(out.samples()[2 * i] - 0.5 * Math.sin(2 * Math.PI * 440 * t)));
      err = Math.max(err, Math.abs(out.samples()[2 * i + 1] - 0.25 * Math.sin(2 * Math.PI * 1000 * t)));
    }
    assertTrue(err < 2e-3, "interpolation error " + err);
    assertEquals(out, AudioConvert.resample(out, 16000), "same rate: unchanged");
  }

  @Test
  void shapesAndEdgeCases() {
    Stft stft = Stft.torch(400, 400, 160);
    assertEquals(101, stft.frames(16000));
    assertEquals(201, stft.bins());
    assertEquals(0, Stft.of(512, 512, 160, WindowFunction.HANN, true, false, Padding.REFLECT).frames(100));
    assertThrows(IllegalArgumentException.class, () -> stft.power(new float[150]), "reflect needs > n_fft / 2");
    assertEquals(6, Stft.of(8, 8, 4, WindowFunction.HANN, true, true, Padding.CONSTANT).frames(20));
    assertArrayEquals(new double[] {3, 2, 1, 2, 3, 2, 1}, Padding.REFLECT.pad(new float[] {1, 2, 3}, 2, 2));
    assertArrayEquals(new double[] {1, 1, 2, 3, 3}, Padding.REPLICATE.pad(new float[] {1, 2, 3}, 1, 1));
    assertEquals(512, KaldiFbank.imageBind().paddedWindowSize());
    assertEquals(98, KaldiFbank.imageBind().frames(16000));
    assertEquals(128, KaldiFbank.imageBind().apply(new float[16000])[0].length);
    assertEquals(16000, new Resampler(48000, 16000).outputLength(48000));
    assertEquals(4, new Resampler(3, 4).outputLength(3));
    assertEquals(1.0, Resampler.besselI0(0), 0);
    assertEquals(11.301921952136330, Resampler.besselI0(4), 1e-12);
  }
}
