package dev.align4j.core.audio;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Audio;
import dev.align4j.core.media.MediaCodec;
import java.nio.file.Path;

/**
 * Bringing {@link Audio} to the rate and channel count a model expects: channel mixing (mono is the mean of the
 * channels, as {@code waveform.mean(0)}; more channels repeat a mono signal) and resampling with
 * {@link Resampler} (torchaudio's default), channel by channel.
 */
public final class AudioConvert {
  private AudioConvert() {}

  /** Reads an audio file (or a video's audio track) and converts it to {@code sampleRate} and {@code channels}. */
  public static Audio read(Path file, int sampleRate, int channels) {
    return to(MediaCodec.readAudio(file), sampleRate, channels);
  }

  /** {@code audio} at {@code sampleRate} with {@code channels} channels. */
  public static Audio to(Audio audio, int sampleRate, int channels) {
    return resample(channels(audio, channels), sampleRate);
  }

  /** The mean of the channels. */
  public static float[] mono(Audio audio) {
    int c = audio.channels();
    float[] s = audio.samples();
    if (c == 1) return s.clone();
    float[] out = new float[audio.frames()];
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int ch = 0; ch < c; ch++) sum += s[i * c + ch];
      out[i] = (float) (sum / c);
    }
    return out;
  }

  /**
   * {@code audio} with {@code channels} channels: unchanged when it has them already, mixed to mono for 1, and a
   * mono signal repeated for more. Other changes (5.1 to stereo) are not guessed.
   */
  public static Audio channels(Audio audio, int channels) {
    Preconditions.checkArgument(channels > 0, "channels must be positive, got %s", channels);
    if (audio.channels() == channels) return audio;
    if (channels == 1) return new Audio(mono(audio), audio.sampleRate(), 1);
    Preconditions.checkArgument(audio.channels() == 1, "cannot turn %s channels into %s (only mixing to mono and"
        + " repeating mono)", audio.channels(), channels);
    float[] s = audio.samples();
    float[] out = new float[s.length * channels];
    for (int i = 0; i < s.length; i++) {
      for (int ch = 0; ch < channels; ch++) out[i * channels + ch] = s[i];
    }
    return new Audio(out, audio.sampleRate(), channels);
  }

  /** {@code audio} resampled to {@code sampleRate}, each channel on its own. */
  public static Audio resample(Audio audio, int sampleRate) {
    if (audio.sampleRate() == sampleRate) return audio;
    Resampler resampler = new Resampler(audio.sampleRate(), sampleRate);
    int c = audio.channels();
    float[] s = audio.samples();
    float[] channel = new float[audio.frames()];
    float[] out = null;
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < channel.length; i++) channel[i] = s[i * c + ch];
      float[] r = resampler.apply(channel);
      if (out == null) out = new float[r.length * c];
      for (int i = 0; i < r.length; i++) out[i * c + ch] = r[i];
    }
    return new Audio(out, sampleRate, c);
  }
}
