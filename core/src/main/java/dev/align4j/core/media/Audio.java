package dev.align4j.core.media;

import com.google.common.base.Preconditions;

/**
 * An audio clip: float PCM in [-1, 1], channels interleaved ({@code samples[frame * channels + c]}), at
 * {@code sampleRate} frames per second. The array is shared, not copied.
 */
public record Audio(float[] samples, int sampleRate, int channels) implements Media {
  public Audio {
    Preconditions.checkNotNull(samples, "samples");
    Preconditions.checkArgument(sampleRate > 0, "sample rate must be positive, got %s", sampleRate);
    Preconditions.checkArgument(channels > 0, "channels must be positive, got %s", channels);
    Preconditions.checkArgument(samples.length % channels == 0, "%s samples do not split into %s channels",
        samples.length, channels);
  }

  /** Number of sample frames (samples per channel). */
  public int frames() {
    return samples.length / channels;
  }

  /** Length in seconds. */
  public double seconds() {
    return (double) frames() / sampleRate;
  }

  @Override
  public Kind kind() {
    return Kind.AUDIO;
  }
}
