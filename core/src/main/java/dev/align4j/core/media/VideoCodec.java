package dev.align4j.core.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.google.common.base.Preconditions;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Videos through FFmpeg: MP4/H.264 (YUV 4:2:0) out, optionally with an AAC audio track, whatever FFmpeg demuxes
 * and decodes in.
 */
final class VideoCodec {
  static {
    // FFmpeg's stream banners are noise here, and its error lines ("moov atom not found") would stand beside the
    // one line a user's bad file gets; the exceptions keep JavaCV's message as their cause.
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  private VideoCodec() {}

  /** AAC bitrate of a muxed audio track (bits/s per channel). */
  static final int AUDIO_BITRATE_PER_CHANNEL = 96_000;

  static void writeMp4(Video video, Path file, int bitrate) {
    writeMp4(video, null, file, bitrate);
  }

  /**
   * Writes {@code video} as H.264 and, when {@code audio} is not null, {@code audio} as an AAC track starting at
   * the first frame; each frame's share of the samples is written right after it, so the streams interleave.
   */
  static void writeMp4(Video video, Audio audio, Path file, int bitrate) {
    Preconditions.checkArgument(video.width() % 2 == 0 && video.height() % 2 == 0,
        "H.264 (4:2:0) needs even frame sizes, got %sx%s", video.width(), video.height());
    int channels = audio == null ? 0 : audio.channels();
    try (FFmpegFrameRecorder recorder =
        new FFmpegFrameRecorder(file.toFile(), video.width(), video.height(), channels)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(AV_CODEC_ID_H264);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(video.fps());
      recorder.setVideoBitrate(bitrate);
      recorder.setGopSize(Math.max(1, (int) Math.round(video.fps())));
      if (audio != null) {
        recorder.setAudioCodec(AV_CODEC_ID_AAC);
        recorder.setSampleRate(audio.sampleRate());
        recorder.setAudioChannels(channels);
        recorder.setAudioBitrate(AUDIO_BITRATE_PER_CHANNEL * channels);
      }
      recorder.start();
      ByteBuffer buffer = ByteBuffer.allocateDirect(video.width() * video.height() * 3);
      int written = 0; // audio sample frames written so far
      for (int k = 0; k < video.frames().size(); k++) {
        Image frame = video.frames().get(k);
        buffer.clear();
        buffer.put(frame.rgb()).flip();
        recorder.recordImage(frame.width(), frame.height(), Frame.DEPTH_UBYTE, 3, frame.width() * 3,
            AV_PIX_FMT_RGB24, buffer);
        if (audio != null) {
          int until = k == video.frames().size() - 1 ? audio.frames()
              : (int) Math.min(audio.frames(), Math.round((k + 1) * audio.sampleRate() / video.fps()));
          written = recordAudio(recorder, audio, written, until);
        }
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new UncheckedIOException(new java.io.IOException("cannot write video " + file + ": " + e.getMessage(), e));
    }
  }

  private static int recordAudio(FFmpegFrameRecorder recorder, Audio audio, int from, int until)
      throws FrameRecorder.Exception {
    if (until <= from) return from;
    int c = audio.channels();
    FloatBuffer chunk = FloatBuffer.wrap(Arrays.copyOfRange(audio.samples(), from * c, until * c));
    recorder.recordSamples(audio.sampleRate(), c, chunk);
    return until;
  }

  static Video read(Path file) {
    List<Image> frames = new ArrayList<>();
    double fps;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setPixelFormat(AV_PIX_FMT_RGB24);
      grabber.start();
      fps = grabber.getFrameRate();
      for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage()) frames.add(toImage(f));
      grabber.stop();
    } catch (FrameGrabber.Exception e) {
      throw new MediaDecodeException("not a decodable video: " + file + " (" + e.getMessage() + ")", e);
    }
    if (frames.isEmpty()) throw new MediaDecodeException("no video frames in " + file);
    return new Video(frames, fps > 0 ? fps : 1);
  }

  private static Image toImage(Frame frame) {
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    ByteBuffer data = (ByteBuffer) frame.image[0];
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) data.get(y * frame.imageStride, rgb, y * w * 3, w * 3);
    return new Image(w, h, rgb);
  }
}
