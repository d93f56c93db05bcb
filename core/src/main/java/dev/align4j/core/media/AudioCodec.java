package dev.align4j.core.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FLAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PCM_S16LE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Audio through FFmpeg: 16-bit PCM WAV or FLAC out (float samples are rounded to the nearest of 32768 levels
 * per unit, so {@code k / 32768} round-trips exactly), whatever FFmpeg decodes in, as interleaved float.
 */
final class AudioCodec {
  static {
    // FFmpeg's stream banners are noise here, and its error lines ("moov atom not found") would stand beside the
    // one line a user's bad file gets; the exceptions keep JavaCV's message as their cause.
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  private AudioCodec() {}

  static void write(Audio audio, Path file, boolean flac) {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), audio.channels())) {
      recorder.setFormat(flac ? "flac" : "wav");
      recorder.setAudioCodec(flac ? AV_CODEC_ID_FLAC : AV_CODEC_ID_PCM_S16LE);
      recorder.setSampleRate(audio.sampleRate());
      recorder.setAudioChannels(audio.channels());
      recorder.start();
      if (audio.samples().length > 0) {
        recorder.recordSamples(audio.sampleRate(), audio.channels(), FloatBuffer.wrap(audio.samples()));
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new UncheckedIOException(new IOException("cannot write audio " + file + ": " + e.getMessage(), e));
    }
  }

  static Audio read(Path file) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
      grabber.start();
      int rate = grabber.getSampleRate();
      int channels = grabber.getAudioChannels();
      if (rate <= 0 || channels <= 0) {
        throw new MediaDecodeException(grabber.hasVideo() ? "no audio stream in " + file + " (a video without sound)"
            : "not a decodable audio file: " + file + " (no audio stream)");
      }
      float[] all = new float[0];
      int n = 0;
      for (Frame f = grabber.grabSamples(); f != null; f = grabber.grabSamples()) {
        FloatBuffer chunk = (FloatBuffer) f.samples[0];
        int count = chunk.remaining();
        if (n + count > all.length) all = Arrays.copyOf(all, Math.max(2 * all.length, n + count));
        chunk.get(all, n, count);
        n += count;
      }
      grabber.stop();
      return new Audio(Arrays.copyOf(all, n), rate, channels);
    } catch (FrameGrabber.Exception e) {
      // JavaCV's message is long and mentions its own API (setFormat()); the user needs the file and the gist.
      throw new MediaDecodeException("not a decodable audio file: " + file
          + " (corrupt, truncated or not a format FFmpeg reads)", e);
    }
  }
}
