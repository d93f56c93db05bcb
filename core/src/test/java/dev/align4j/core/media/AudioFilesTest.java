package dev.align4j.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.audio.AudioConvert;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio files written and read back: MP3 and an MP4's audio track in, conversion to a model's rate and channels,
 * generated audio muxed onto a video, and one clear line for files that are not audio.
 */
class AudioFilesTest {
  @TempDir Path dir;

  /** A tone of {@code hz} with a 2 ms click at {@code clickAt} seconds, on every channel. */
  static Audio toneWithClick(int rate, int channels, double seconds, double hz, double clickAt) {
    int n = (int) Math.round(rate * seconds);
    float[] s = new float[n * channels];
    int click = (int) Math.round(clickAt * rate);
    for (int i = 0; i < n; i++) {
      double v = 0.3 * Math.sin(2 * Math.PI * hz * i / rate);
      if (i >= click && i < click + rate / 500) v += 0.6;
      for (int c = 0; c < channels; c++) s[i * channels + c] = (float) (c == 1 ? 0.5 * v : v);
    }
    return new Audio(s, rate, channels);
  }

  /** Normalised correlation of {@code x} with a sine and cosine of {@code hz}: about 1 for a pure tone. */
  static double toneShare(float[] x, int rate, double hz, int from, int to) {
    double c = 0;
    double s = 0;
    double energy = 0;
    for (int i = from; i < to; i++) {
      c += x[i] * Math.cos(2 * Math.PI * hz * i / rate);
      s += x[i] * Math.sin(2 * Math.PI * hz * i / rate);
      energy += x[i] * x[i];
    }
    return (c * c + s * s) * 2 / (to - from) / energy;
  }

  /** Index of the largest first difference: where the click starts, to within a sample or two. */
  static int clickAt(float[] x) {
    int best = 1;
    for (int i = 1; i < x.length; i++) if (x[i] - x[i - 1] > x[best] - x[best - 1]) best = i;
    return best;
  }

  @Test
  void mp3IsReadAndConvertedToAModelsRateAndChannels() throws Exception {
    Audio stereo = toneWithClick(44100, 2, 0.5, 440, 0.2);
    Path mp3 = dir.resolve("tone.mp3");
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(mp3.toFile(), 2)) { // libmp3lame, as a user's file
      r.setFormat("mp3");
      r.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
      r.setSampleRate(44100);
      r.setAudioBitrate(192_000);
      r.start();
      r.recordSamples(44100, 2, FloatBuffer.wrap(stereo.samples()));
      r.stop();
    }
    Audio raw = MediaCodec.readAudio(mp3);
    assertEquals(44100, raw.sampleRate());
    assertEquals(2, raw.channels());
    Audio mono = AudioConvert.read(mp3, 16000, 1);
    assertEquals(1, mono.channels());
    assertEquals(16000, mono.sampleRate());
    assertEquals(8000, mono.frames(), 1200, "0.5 s, give or take the MP3 encoder's padding");
    double share = toneShare(mono.samples(), 16000, 440, 4000, 7000);
    assertTrue(share > 0.95, "the 440 Hz tone survives MP3 and resampling: " + share);
    int click = clickAt(mono.samples());
    System.out.printf("MP3 44.1 kHz stereo -> 16 kHz mono: %d frames, click at %d (written at 3200)%n",
        mono.frames(), click);
    assertEquals(3200, click, 16, "timing kept within 1 ms");
  }

  @Test
  void wavAndFlacAreConvertedExactlyAsInMemory() {
    Audio stereo = toneWithClick(22050, 2, 0.25, 330, 0.1);
    Path wav = dir.resolve("tone.wav");
    MediaCodec.writeAudio(stereo, wav);
    Audio fromFile = AudioConvert.read(wav, 16000, 1);
    Audio inMemory = AudioConvert.to(MediaCodec.readAudio(wav), 16000, 1);
    assertEquals(inMemory.frames(), fromFile.frames());
    assertEquals(4001, fromFile.frames(), "ceil(5513 * 16000 / 22050)");
    Path flac = dir.resolve("tone.flac");
    MediaCodec.writeAudio(AudioConvert.channels(fromFile, 2), flac);
    Audio back = MediaCodec.readAudio(flac);
    assertEquals(2, back.channels());
    assertEquals(16000, back.sampleRate());
    for (int i = 0; i < fromFile.frames(); i++) {
      assertEquals(fromFile.samples()[i], back.samples()[2 * i], 1.0 / 32768 + 1e-7, "FLAC is 16-bit exact");
    }
  }

  @Test
  void generatedAudioMuxedOntoAVideoReadsBackInTimeWithItsFrames() {
    List<Image> frames = new ArrayList<>();
    for (int i = 0; i < 8; i++) frames.add(MediaCodecTest.picture(32, 32, i));
    Video video = new Video(frames, 8);
    Audio sound = toneWithClick(16000, 1, 1.0, 523.25, 0.375);
    Path mp4 = dir.resolve("clip.mp4");
    MediaCodec.writeVideo(video, sound, mp4);
    Video backVideo = MediaCodec.readVideo(mp4);
    assertEquals(8, backVideo.frames().size());
    assertEquals(8, backVideo.fps(), 1e-6);
    Audio back = MediaCodec.readAudio(mp4);
    assertEquals(16000, back.sampleRate());
    assertEquals(1, back.channels());
    assertEquals(16000, back.frames(), 1024, "one second, give or take an AAC frame");
    double share = toneShare(back.samples(), 16000, 523.25, 8000, 15000);
    assertTrue(share > 0.95, "the tone survives AAC: " + share);
    int click = clickAt(back.samples());
    System.out.printf("MP4 (H.264 + AAC): %d frames, %d audio samples, click at %d (written at 6000)%n",
        backVideo.frames().size(), back.frames(), click);
    assertEquals(6000, click, 40, "the AAC track starts with the first frame (priming removed)");
    Audio stereo = AudioConvert.read(mp4, 16000, 2);
    assertEquals(2, stereo.channels());
  }

  @Test
  void aVideoWithoutSoundAndFilesThatAreNotAudioAreOneClearLine() throws Exception {
    Path silent = dir.resolve("silent.mp4");
    List<Image> frames = new ArrayList<>();
    for (int i = 0; i < 4; i++) frames.add(MediaCodecTest.picture(16, 16, i));
    MediaCodec.writeVideo(new Video(frames, 8), silent);
    assertOneLine(silent, "no audio stream in " + silent);
    for (String name : new String[] {"junk.wav", "junk.mp3", "junk.flac", "junk.mp4"}) {
      Path junk = dir.resolve(name);
      Files.write(junk, new byte[] {'R', 'I', 'F', 'F', 9, 9, 9, 9, 1, 2, 3});
      assertOneLine(junk, "not a decodable audio file: " + junk);
    }
    Path missing = dir.resolve("missing.wav");
    assertOneLine(missing, "no such audio file: " + missing);
  }

  private static void assertOneLine(Path file, String start) {
    MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> MediaCodec.readAudio(file));
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertFalse(e.getMessage().contains("setFormat"), "no JavaCV API hints: " + e.getMessage());
  }
}
