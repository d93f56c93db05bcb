package dev.align4j.core.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through {@link MediaCodec} on tiny media generated here. */
class MediaCodecTest {
  @TempDir Path dir;

  /** A smooth gradient with a square: compresses well, so lossy codecs stay close. */
  static Image picture(int w, int h, int shift) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        boolean square = x >= w / 4 + shift && x < w / 2 + shift && y >= h / 4 && y < h / 2;
        rgb[p] = (byte) (square ? 230 : x * 255 / w);
        rgb[p + 1] = (byte) (square ? 40 : y * 255 / h);
        rgb[p + 2] = (byte) 128;
      }
    }
    return new Image(w, h, rgb);
  }

  static double meanAbsDiff(Image a, Image b) {
    double sum = 0;
    for (int i = 0; i < a.rgb().length; i++) sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
    return sum / a.rgb().length;
  }

  @Test
  void pngRoundTripsExactly() {
    Image noise = new Image(7, 5, new byte[7 * 5 * 3]);
    new Random(1).nextBytes(noise.rgb());
    Image back = MediaCodec.decodeImage(MediaCodec.encodePng(noise));
    assertEquals(7, back.width());
    assertEquals(5, back.height());
    assertArrayEquals(noise.rgb(), back.rgb());
  }

  @Test
  void jpegAndWebpRoundTripWithinTolerance() {
    Image image = picture(32, 24, 0);
    Image jpeg = MediaCodec.decodeImage(MediaCodec.encodeJpeg(image, 0.95f));
    assertEquals(32, jpeg.width());
    assertTrue(meanAbsDiff(image, jpeg) < 2, "JPEG mean error " + meanAbsDiff(image, jpeg));
    Image webp = MediaCodec.decodeImage(MediaCodec.encodeWebp(image, 0.95f));
    assertTrue(meanAbsDiff(image, webp) < 4, "WebP mean error " + meanAbsDiff(image, webp));
    System.out.printf("mean error in levels: JPEG %.3f, WebP %.3f%n", meanAbsDiff(image, jpeg),
        meanAbsDiff(image, webp));
  }

  @Test
  void garbageIsAUserError() {
    assertThrows(MediaDecodeException.class, () -> MediaCodec.decodeImage(new byte[] {1, 2, 3}));
    assertThrows(MediaDecodeException.class, () -> MediaCodec.decodeImage(new byte[0]));
  }

  @Test
  void mp4KeepsFrameCountSizeAndRate() {
    List<Image> frames = new ArrayList<>();
    for (int i = 0; i < 6; i++) frames.add(picture(32, 24, i));
    Video video = new Video(frames, 8);
    Path file = dir.resolve("clip.mp4");
    MediaCodec.writeVideo(video, file);
    Video back = MediaCodec.readVideo(file);
    assertEquals(6, back.frames().size());
    assertEquals(32, back.width());
    assertEquals(24, back.height());
    assertEquals(8, back.fps(), 1e-6);
    double error = 0;
    for (int i = 0; i < 6; i++) error += meanAbsDiff(frames.get(i), back.frames().get(i)) / 6;
    assertTrue(error < 8, "mean pixel error " + error);
    System.out.printf("MP4 (H.264 4:2:0, 32x24) mean error in levels: %.3f%n", error);
  }

  /**
   * What the report pages' {@code <video>} elements rely on: the bundled FFmpeg (LGPL build: OpenH264, no x264)
   * writes H.264 in a profile browsers decode (constrained baseline here), YUV 4:2:0, in an MP4 container.
   */
  @Test
  void mp4IsH264InAProfileBrowsersPlay() throws Exception {
    List<Image> frames = new ArrayList<>();
    for (int i = 0; i < 8; i++) frames.add(picture(64, 64, i));
    Path file = dir.resolve("clip.mp4");
    MediaCodec.writeVideo(new Video(frames, 8), file);
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      AVCodecParameters par = g.getFormatContext().streams(g.getVideoStream()).codecpar();
      assertEquals("h264", g.getVideoCodecName());
      assertTrue(g.getFormat().contains("mp4"), g.getFormat());
      assertEquals(avutil.AV_PIX_FMT_YUV420P, par.format());
      int profile = par.profile();
      assertTrue(profile == avcodec.AV_PROFILE_H264_CONSTRAINED_BASELINE || profile == avcodec.AV_PROFILE_H264_MAIN
          || profile == avcodec.AV_PROFILE_H264_HIGH, "H.264 profile " + profile);
      System.out.printf("MP4: %s, profile %d, level %d, encoder %s%n", g.getVideoCodecName(), profile, par.level(),
          avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_H264).name().getString());
      g.stop();
    }
  }

  @Test
  void sixteenBitWavRoundTripsExactly() throws Exception {
    Random random = new Random(2);
    float[] samples = new float[2 * 300];
    for (int i = 0; i < samples.length; i++) samples[i] = (random.nextInt(65536) - 32768) / 32768f;
    Audio audio = new Audio(samples, 16000, 2);
    Path file = dir.resolve("tone.wav");
    MediaCodec.writeAudio(audio, file);
    try (var files = java.nio.file.Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "written atomically, no temporary file left");
    }
    Audio back = MediaCodec.readAudio(file);
    assertEquals(16000, back.sampleRate());
    assertEquals(2, back.channels());
    assertArrayEquals(samples, back.samples());
    byte[] wav = MediaCodec.encodeWav(audio);
    assertEquals("RIFF", new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(44 + 2 * 2 * 300, wav.length, 64, "a 16-bit header plus the samples");
  }

  @Test
  void flacIsLosslessToo() {
    float[] samples = new float[441];
    for (int i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin(i * 0.1)) / 32768f;
    Path file = dir.resolve("tone.flac");
    MediaCodec.writeAudio(new Audio(samples, 22050, 1), file);
    Audio back = MediaCodec.readAudio(file);
    assertEquals(22050, back.sampleRate());
    assertArrayEquals(samples, back.samples());
  }

  @Test
  void unreadableMediaIsAUserError() throws Exception {
    Path junk = dir.resolve("junk.mp4");
    java.nio.file.Files.write(junk, new byte[] {0, 1, 2, 3});
    assertThrows(MediaDecodeException.class, () -> MediaCodec.readVideo(junk));
    assertThrows(MediaDecodeException.class, () -> MediaCodec.readAudio(junk));
  }
}
