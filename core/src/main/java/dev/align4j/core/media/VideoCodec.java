package dev.align4j.core.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.google.common.base.Preconditions;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/** Videos through FFmpeg: MP4/H.264 (YUV 4:2:0) out, whatever FFmpeg demuxes and decodes in. */
final class VideoCodec {
  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg's stream banners are noise here
  }

  private VideoCodec() {}

  static void writeMp4(Video video, Path file, int bitrate) {
    Preconditions.checkArgument(video.width() % 2 == 0 && video.height() % 2 == 0,
        "H.264 (4:2:0) needs even frame sizes, got %sx%s", video.width(), video.height());
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), video.width(), video.height(), 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(AV_CODEC_ID_H264);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(video.fps());
      recorder.setVideoBitrate(bitrate);
      recorder.setGopSize(Math.max(1, (int) Math.round(video.fps())));
      recorder.start();
      ByteBuffer buffer = ByteBuffer.allocateDirect(video.width() * video.height() * 3);
      for (Image frame : video.frames()) {
        buffer.clear();
        buffer.put(frame.rgb()).flip();
        recorder.recordImage(frame.width(), frame.height(), Frame.DEPTH_UBYTE, 3, frame.width() * 3,
            AV_PIX_FMT_RGB24, buffer);
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new UncheckedIOException(new java.io.IOException("cannot write video " + file + ": " + e.getMessage(), e));
    }
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
