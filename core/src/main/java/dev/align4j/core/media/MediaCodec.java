package dev.align4j.core.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The one place media is decoded and encoded, through JavaCV: images with OpenCV (JPEG, PNG, WebP, BMP,
 * TIFF in; PNG, JPEG, WebP out), video and audio with FFmpeg (MP4/H.264 out, with an AAC track when audio is
 * given; WAV and FLAC as 16-bit PCM out; anything FFmpeg reads in, MP3 and MP4 audio tracks included).
 * Undecodable input throws {@link MediaDecodeException}, a one-line user error. Thread-safe.
 */
public final class MediaCodec {
  /** Default H.264 bitrate (bits/s): generous, so that small test and sample videos stay close to lossless. */
  public static final int DEFAULT_VIDEO_BITRATE = 4_000_000;

  private MediaCodec() {}

  /** Decodes an encoded image (JPEG, PNG, WebP, ...) to RGB, as Pillow's {@code convert("RGB")} would. */
  public static Image decodeImage(byte[] bytes) {
    return ImageCodec.decode(bytes);
  }

  /** Lossless PNG. */
  public static byte[] encodePng(Image image) {
    return ImageCodec.png(image);
  }

  /** Baseline JPEG at {@code quality} (0..1), without chroma subsampling (4:4:4). */
  public static byte[] encodeJpeg(Image image, float quality) {
    return ImageCodec.jpeg(image, quality);
  }

  /** WebP at {@code quality} (0..1). */
  public static byte[] encodeWebp(Image image, float quality) {
    return ImageCodec.webp(image, quality);
  }

  /** Writes an MP4 (H.264, YUV 4:2:0) at {@link #DEFAULT_VIDEO_BITRATE}, atomically; frame sizes must be even. */
  public static void writeVideo(Video video, Path file) {
    atomically(file, tmp -> VideoCodec.writeMp4(video, tmp, DEFAULT_VIDEO_BITRATE));
  }

  /**
   * Writes an MP4 with {@code video} as H.264 (as {@link #writeVideo(Video, Path)}) and {@code audio} muxed onto
   * it as AAC (96 kb/s per channel) from the first frame, atomically: generated sound on its source clip, for
   * reports and people. The tracks keep their own lengths.
   */
  public static void writeVideo(Video video, Audio audio, Path file) {
    atomically(file, tmp -> VideoCodec.writeMp4(video, audio, tmp, DEFAULT_VIDEO_BITRATE));
  }

  /** Reads every frame of a video file (MP4, WebM, GIF, ...) with its frame rate. */
  public static Video readVideo(Path file) {
    return VideoCodec.read(file);
  }

  /** Writes 16-bit PCM, atomically: FLAC when the file name ends in {@code .flac}, WAV otherwise. */
  public static void writeAudio(Audio audio, Path file) {
    boolean flac = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".flac");
    atomically(file, tmp -> AudioCodec.write(audio, tmp, flac));
  }

  /** 16-bit PCM WAV bytes (for chat requests that carry audio inline). */
  public static byte[] encodeWav(Audio audio) {
    try {
      Path file = Files.createTempFile("align4j-audio", ".wav");
      try {
        AudioCodec.write(audio, file, false);
        return Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads an audio file (WAV, FLAC, MP3, ...) or the audio track of a video (MP4, ...) as interleaved float PCM
   * at its own rate and channel count; {@code dev.align4j.core.audio.AudioConvert} brings it to another.
   *
   * @throws MediaDecodeException one line naming the file when it is missing, undecodable or has no audio
   */
  public static Audio readAudio(Path file) {
    if (!Files.isRegularFile(file)) throw new MediaDecodeException("no such audio file: " + file);
    return AudioCodec.read(file);
  }

  /** Writes through a temporary file beside {@code file}, then renames it: readers never see half a file. */
  private static void atomically(Path file, Consumer<Path> write) {
    Path target = file.toAbsolutePath();
    Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
    try {
      write.accept(tmp);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the move or the failure above is what matters
      }
    }
  }
}
