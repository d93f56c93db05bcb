package dev.align4j.rewards.ocr;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_LIST;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * PaddleOCR's text system ({@code tools/infer/predict_system.py}, {@code TextSystem} without the direction
 * classifier, as PaddleOCR 2.x runs with {@code use_angle_cls=False}) on two ONNX graphs, with OpenCV (JavaCV)
 * for the image operations PaddleOCR does with cv2. Every constant is a PaddleOCR default
 * ({@code tools/infer/utility.py}):
 *
 * <ol>
 *   <li><b>Detection input</b> ({@code DetResizeForTest}, {@code NormalizeImage}): the image in BGR order; when
 *       its longer side exceeds {@value #LIMIT_SIDE_LEN} it is scaled down to that, then each side is rounded to
 *       a multiple of 32 (at least 32) and the image resized (bilinear); pixels become
 *       {@code (x / 255 - mean) / std} with mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225) taken in
 *       B, G, R order.
 *   <li><b>DB post-processing</b> ({@code DBPostProcess}): the probability map thresholded at
 *       {@value #DB_THRESH}; each contour of the binary map (at most {@value #MAX_CANDIDATES}) gives its
 *       minimum-area rectangle; rectangles whose short side is under {@value #MIN_SIZE} go, and so do those
 *       whose mean probability inside is under {@value #BOX_THRESH}; the rest grow by
 *       {@code area * }{@value #UNCLIP_RATIO}{@code / perimeter} ({@link RoundOffset}, pyclipper's round offset on
 *       integer points) and become the minimum-area rectangle of the grown polygon, which must keep a short side
 *       of at least {@value #MIN_SIZE}+2; they are scaled back to the image (rounded half to even) and clipped to
 *       it; boxes of 3 pixels or less in width or height go.
 *   <li><b>Order</b> ({@code sorted_boxes}): top to bottom by the top-left corner, then left to right among boxes
 *       whose tops are within 10 pixels.
 *   <li><b>Crops</b> ({@code get_rotate_crop_image}): each box is warped to an upright rectangle (perspective
 *       transform, bicubic, border replicated), turned a quarter counter-clockwise when at least 1.5 times as
 *       high as wide.
 *   <li><b>Recognition</b> ({@code TextRecognizer.resize_norm_img}): the crop resized (bilinear) to height
 *       {@value #REC_HEIGHT} keeping its aspect ratio, {@code (x / 255 - 0.5) / 0.5} in BGR order, padded with
 *       zeros on the right to at least {@value #REC_MIN_WIDTH} pixels; greedy CTC decoding ({@link CtcDecoder}).
 *       Each crop runs alone (PaddleOCR batches six crops padded to the widest, so its results depend on the
 *       neighbours; one at a time they do not).
 * </ol>
 *
 * <p>Lines whose confidence is under {@value #DROP_SCORE} ({@code drop_score}) are dropped by
 * {@link #text(Image)}, not by {@link #read(Image)}. Does not own its sessions. Safe for concurrent use.
 */
public final class PpOcr {
  static final int LIMIT_SIDE_LEN = 960;
  static final float DB_THRESH = 0.3f;
  static final float BOX_THRESH = 0.6f;
  static final double UNCLIP_RATIO = 1.5;
  static final int MAX_CANDIDATES = 1000;
  static final int MIN_SIZE = 3;
  static final int REC_HEIGHT = 48;
  static final int REC_MIN_WIDTH = 320;
  static final float DROP_SCORE = 0.5f;
  /** NormalizeImage's mean and std, applied to channels 0, 1, 2 of the BGR image. */
  static final float[] DET_MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] DET_STD = {0.229f, 0.224f, 0.225f};
  private static final float SCALE = 1f / 255f;

  private final OnnxSession detector;
  private final String detInput;
  private final String detOutput;
  private final OnnxSession recognizer;
  private final String recInput;
  private final String recOutput;
  private final CtcDecoder decoder;

  /** The two graphs, their input and output names, and the recogniser's character list. */
  public PpOcr(OnnxSession detector, String detInput, String detOutput, OnnxSession recognizer, String recInput,
      String recOutput, CtcDecoder decoder) {
    this.detector = Preconditions.checkNotNull(detector, "detector");
    this.detInput = detInput;
    this.detOutput = detOutput;
    this.recognizer = Preconditions.checkNotNull(recognizer, "recognizer");
    this.recInput = recInput;
    this.recOutput = recOutput;
    this.decoder = Preconditions.checkNotNull(decoder, "decoder");
  }

  /**
   * A line of text found in an image.
   *
   * @param text what the recogniser read
   * @param confidence the mean probability of its characters (0 for an empty read)
   * @param box the four corners in image pixels, clockwise from the top left: x0, y0, x1, y1, x2, y2, x3, y3
   */
  public record TextLine(String text, float confidence, float[] box) {
    public TextLine {
      box = box.clone();
    }

    @Override
    public float[] box() {
      return box.clone();
    }

    @Override
    public String toString() {
      return "TextLine['" + text + "', " + confidence + ", " + Arrays.toString(box) + "]";
    }
  }

  /** Every detected line in reading order, with what was read and how sure the recogniser is. */
  public List<TextLine> read(Image image) {
    Preconditions.checkNotNull(image, "image");
    try (PointerScope scope = new PointerScope()) {
      Mat bgr = bgr(image);
      List<float[]> boxes = sortBoxes(detect(bgr, image.width(), image.height()));
      List<TextLine> lines = new ArrayList<>(boxes.size());
      for (float[] box : boxes) {
        CtcDecoder.Decoded d = recognize(crop(bgr, box));
        lines.add(new TextLine(d.text(), d.confidence(), box));
      }
      return lines;
    }
  }

  /**
   * The text of the image as PaddleOCR's {@code ocr()} gives it and Flow-GRPO joins it: the lines read with a
   * confidence of at least {@value #DROP_SCORE}, concatenated in reading order without separators.
   */
  public String text(Image image) {
    StringBuilder out = new StringBuilder();
    for (TextLine line : read(image)) if (line.confidence() >= DROP_SCORE) out.append(line.text());
    return out.toString();
  }

  /** Reads a single line of text filling {@code crop} (no detection): the recogniser alone. */
  public CtcDecoder.Decoded recognize(Image crop) {
    try (PointerScope scope = new PointerScope()) {
      return recognize(bgr(crop));
    }
  }

  // ---- detection ------------------------------------------------------------------------------------------

  /** Boxes (4 corners, x/y interleaved) in image pixels, in contour order. */
  private List<float[]> detect(Mat bgr, int width, int height) {
    int longer = Math.max(width, height);
    double ratio = longer > LIMIT_SIDE_LEN ? (double) LIMIT_SIDE_LEN / longer : 1.0;
    int rh = roundTo32((int) (height * ratio));
    int rw = roundTo32((int) (width * ratio));
    Mat resized = new Mat();
    opencv_imgproc.resize(bgr, resized, new Size(rw, rh));
    byte[] px = bytes(resized, rw * rh * 3);
    float[] chw = new float[3 * rh * rw];
    int plane = rh * rw;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        chw[c * plane + i] = ((px[i * 3 + c] & 0xff) * SCALE - DET_MEAN[c]) / DET_STD[c];
      }
    }
    FloatTensor out = detector.run(Map.of(detInput, Tensor.of(chw, 1, 3, rh, rw)), Set.of(detOutput))
        .get(detOutput);
    long[] s = out.shape();
    if (s.length != 4 || s[0] != 1 || s[1] != 1 || s[2] != rh || s[3] != rw) {
      throw new IllegalStateException(detector.file().getFileName() + ": expected a probability map of shape [1, 1, "
          + rh + ", " + rw + "], got " + Arrays.toString(s));
    }
    return boxesFromMap(out.data(), rh, rw, width, height);
  }

  /** PaddleOCR's {@code DBPostProcess.boxes_from_bitmap} then {@code filter_tag_det_res}. */
  static List<float[]> boxesFromMap(float[] pred, int h, int w, int destWidth, int destHeight) {
    byte[] bits = new byte[pred.length];
    for (int i = 0; i < pred.length; i++) bits[i] = pred[i] > DB_THRESH ? (byte) 255 : 0;
    List<float[]> boxes = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      Mat bitmap = new Mat(h, w, CV_8UC1, new BytePointer(bits));
      Mat predMat = new Mat(h, w, CV_32FC1, new FloatPointer(pred));
      MatVector contours = new MatVector();
      opencv_imgproc.findContours(bitmap, contours, new Mat(), RETR_LIST, CHAIN_APPROX_SIMPLE);
      long n = Math.min(contours.size(), MAX_CANDIDATES);
      for (long i = 0; i < n; i++) {
        RotatedRect rect = opencv_imgproc.minAreaRect(contours.get(i));
        float[] points = miniBox(rect);
        if (shortSide(rect) < MIN_SIZE) continue;
        if (BOX_THRESH > boxScoreFast(predMat, points, h, w)) continue;
        double distance = polygonArea(points) * UNCLIP_RATIO / polygonPerimeter(points);
        int[] unclipped = RoundOffset.offset(points, distance);
        if (unclipped.length == 0) continue;
        RotatedRect grown = opencv_imgproc.minAreaRect(new Mat(unclipped.length / 2, 1, CV_32SC2,
            new IntPointer(unclipped)));
        if (shortSide(grown) < MIN_SIZE + 2) continue;
        float[] box = miniBox(grown);
        for (int k = 0; k < 4; k++) {
          box[2 * k] = clip((float) Math.rint(box[2 * k] / w * destWidth), 0, destWidth);
          box[2 * k + 1] = clip((float) Math.rint(box[2 * k + 1] / h * destHeight), 0, destHeight);
        }
        float[] ordered = orderClockwise(box);
        if (ordered == null) continue;
        for (int k = 0; k < 4; k++) {
          ordered[2 * k] = (int) Math.min(Math.max(ordered[2 * k], 0), destWidth - 1);
          ordered[2 * k + 1] = (int) Math.min(Math.max(ordered[2 * k + 1], 0), destHeight - 1);
        }
        int rectWidth = (int) dist(ordered, 0, 1);
        int rectHeight = (int) dist(ordered, 0, 3);
        if (rectWidth <= 3 || rectHeight <= 3) continue;
        boxes.add(ordered);
      }
    }
    return boxes;
  }

  /** {@code get_mini_boxes}: the rectangle's corners as top-left, top-right, bottom-right, bottom-left. */
  static float[] miniBox(RotatedRect rect) {
    float[][] p = new float[4][2];
    try (PointerScope scope = new PointerScope()) {
      Mat pts = new Mat();
      opencv_imgproc.boxPoints(rect, pts);
      FloatIndexer idx = pts.createIndexer();
      for (int k = 0; k < 4; k++) {
        p[k][0] = idx.get(k, 0);
        p[k][1] = idx.get(k, 1);
      }
      idx.release();
    }
    Arrays.sort(p, Comparator.comparingDouble(q -> q[0])); // stable, as Python's sorted
    int i1;
    int i2;
    int i3;
    int i4;
    if (p[1][1] > p[0][1]) {
      i1 = 0;
      i4 = 1;
    } else {
      i1 = 1;
      i4 = 0;
    }
    if (p[3][1] > p[2][1]) {
      i2 = 2;
      i3 = 3;
    } else {
      i2 = 3;
      i3 = 2;
    }
    return new float[] {p[i1][0], p[i1][1], p[i2][0], p[i2][1], p[i3][0], p[i3][1], p[i4][0], p[i4][1]};
  }

  private static float shortSide(RotatedRect rect) {
    return Math.min(rect.size().width(), rect.size().height());
  }

  /** {@code box_score_fast}: the mean probability inside the box's polygon, over its clipped bounding box. */
  static double boxScoreFast(Mat pred, float[] box, int h, int w) {
    float minX = Float.MAX_VALUE;
    float maxX = -Float.MAX_VALUE;
    float minY = Float.MAX_VALUE;
    float maxY = -Float.MAX_VALUE;
    for (int k = 0; k < 4; k++) {
      minX = Math.min(minX, box[2 * k]);
      maxX = Math.max(maxX, box[2 * k]);
      minY = Math.min(minY, box[2 * k + 1]);
      maxY = Math.max(maxY, box[2 * k + 1]);
    }
    int xmin = clipInt((int) Math.floor(minX), 0, w - 1);
    int xmax = clipInt((int) Math.ceil(maxX), 0, w - 1);
    int ymin = clipInt((int) Math.floor(minY), 0, h - 1);
    int ymax = clipInt((int) Math.ceil(maxY), 0, h - 1);
    try (PointerScope scope = new PointerScope()) {
      Mat mask = Mat.zeros(ymax - ymin + 1, xmax - xmin + 1, CV_8UC1).asMat();
      int[] pts = new int[8];
      for (int k = 0; k < 4; k++) {
        pts[2 * k] = (int) (box[2 * k] - xmin); // astype(np.int32): truncation toward zero
        pts[2 * k + 1] = (int) (box[2 * k + 1] - ymin);
      }
      Mat poly = new Mat(4, 1, CV_32SC2, new IntPointer(pts));
      opencv_imgproc.fillPoly(mask, new MatVector(poly), new Scalar(1));
      Mat roi = new Mat(pred, new Rect(xmin, ymin, xmax - xmin + 1, ymax - ymin + 1));
      return opencv_core.mean(roi, mask).get(0);
    }
  }

  /** {@code order_points_clockwise}: top-left (least x+y), top-right, bottom-right (most x+y), bottom-left. */
  static float[] orderClockwise(float[] box) {
    int minS = 0;
    int maxS = 0;
    for (int k = 1; k < 4; k++) {
      float s = box[2 * k] + box[2 * k + 1];
      if (s < box[2 * minS] + box[2 * minS + 1]) minS = k;
      if (s > box[2 * maxS] + box[2 * maxS + 1]) maxS = k;
    }
    if (minS == maxS) return null; // a degenerate box
    int[] rest = new int[2];
    int r = 0;
    for (int k = 0; k < 4; k++) if (k != minS && k != maxS) rest[r++] = k;
    float d0 = box[2 * rest[0] + 1] - box[2 * rest[0]];
    float d1 = box[2 * rest[1] + 1] - box[2 * rest[1]];
    int tr = d1 < d0 ? rest[1] : rest[0];
    int bl = d1 < d0 ? rest[0] : rest[1];
    if (d0 == d1) { // np.argmin and np.argmax both take the first
      tr = rest[0];
      bl = rest[0];
    }
    return new float[] {box[2 * minS], box[2 * minS + 1], box[2 * tr], box[2 * tr + 1], box[2 * maxS],
        box[2 * maxS + 1], box[2 * bl], box[2 * bl + 1]};
  }

  /**
   * {@code sorted_boxes}: by the first corner's y then x, then each box moves left past its predecessors while
   * their first corners are within 10 pixels in y and further right.
   */
  static List<float[]> sortBoxes(List<float[]> boxes) {
    List<float[]> out = new ArrayList<>(boxes);
    out.sort(Comparator.<float[]>comparingDouble(b -> b[1]).thenComparingDouble(b -> b[0]));
    for (int i = 0; i < out.size() - 1; i++) {
      for (int j = i; j >= 0; j--) {
        float[] a = out.get(j);
        float[] b = out.get(j + 1);
        if (Math.abs(b[1] - a[1]) < 10 && b[0] < a[0]) {
          out.set(j, b);
          out.set(j + 1, a);
        } else {
          break;
        }
      }
    }
    return out;
  }

  // ---- recognition ----------------------------------------------------------------------------------------

  /** {@code get_rotate_crop_image}: the box warped upright, turned when much taller than wide. */
  private static Mat crop(Mat bgr, float[] box) {
    int cw = (int) Math.max(dist(box, 0, 1), dist(box, 2, 3));
    int ch = (int) Math.max(dist(box, 0, 3), dist(box, 1, 2));
    Mat src = new Mat(4, 1, CV_32FC2, new FloatPointer(box));
    Mat dst = new Mat(4, 1, CV_32FC2, new FloatPointer(0, 0, cw, 0, cw, ch, 0, ch));
    Mat m = opencv_imgproc.getPerspectiveTransform(src, dst);
    Mat out = new Mat();
    opencv_imgproc.warpPerspective(bgr, out, m, new Size(cw, ch), INTER_CUBIC, BORDER_REPLICATE, new Scalar());
    if (out.rows() * 1.0 / out.cols() >= 1.5) {
      Mat turned = new Mat();
      opencv_core.rotate(out, turned, ROTATE_90_COUNTERCLOCKWISE);
      return turned;
    }
    return out;
  }

  /** {@code resize_norm_img} for a batch of one, the recogniser, and greedy CTC decoding. */
  private CtcDecoder.Decoded recognize(Mat crop) {
    int h = crop.rows();
    int w = crop.cols();
    if (h == 0 || w == 0) return new CtcDecoder.Decoded("", 0f);
    double maxWhRatio = Math.max((double) REC_MIN_WIDTH / REC_HEIGHT, (double) w / h);
    int width = (int) (REC_HEIGHT * maxWhRatio);
    int resizedW = (int) Math.min(width, Math.ceil(REC_HEIGHT * ((double) w / h)));
    Mat resized = new Mat();
    opencv_imgproc.resize(crop, resized, new Size(resizedW, REC_HEIGHT));
    byte[] px = bytes(resized, resizedW * REC_HEIGHT * 3);
    float[] chw = new float[3 * REC_HEIGHT * width];
    int plane = REC_HEIGHT * width;
    for (int y = 0; y < REC_HEIGHT; y++) {
      for (int x = 0; x < resizedW; x++) {
        int p = (y * resizedW + x) * 3;
        for (int c = 0; c < 3; c++) {
          chw[c * plane + y * width + x] = ((px[p + c] & 0xff) / 255f - 0.5f) / 0.5f;
        }
      }
    }
    FloatTensor out = recognizer.run(Map.of(recInput, Tensor.of(chw, 1, 3, REC_HEIGHT, width)), Set.of(recOutput))
        .get(recOutput);
    long[] s = out.shape();
    if (s.length != 3 || s[0] != 1 || s[2] != decoder.classes()) {
      throw new IllegalStateException(recognizer.file().getFileName() + ": expected probabilities of shape [1, steps, "
          + decoder.classes() + "] (the blank, the character list, a space), got " + Arrays.toString(s));
    }
    return decoder.decode(out.data(), 0, (int) s[1]);
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  private static Mat bgr(Image image) {
    byte[] rgb = image.rgb();
    byte[] bgr = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return new Mat(image.height(), image.width(), CV_8UC3, new BytePointer(bgr));
  }

  private static byte[] bytes(Mat mat, int count) {
    Mat dense = mat.isContinuous() ? mat : mat.clone();
    byte[] out = new byte[count];
    dense.data().get(out);
    return out;
  }

  /** {@code max(int(round(side / 32) * 32), 32)} with Python's round half to even. */
  static int roundTo32(int side) {
    return Math.max((int) (Math.rint(side / 32.0) * 32), 32);
  }

  private static double dist(float[] box, int a, int b) {
    return Math.hypot(box[2 * a] - box[2 * b], box[2 * a + 1] - box[2 * b + 1]);
  }

  private static double polygonArea(float[] box) {
    double twice = 0;
    for (int k = 0; k < 4; k++) {
      int j = (k + 1) % 4;
      twice += (double) box[2 * k] * box[2 * j + 1] - (double) box[2 * j] * box[2 * k + 1];
    }
    return Math.abs(twice) / 2;
  }

  private static double polygonPerimeter(float[] box) {
    double sum = 0;
    for (int k = 0; k < 4; k++) sum += dist(box, k, (k + 1) % 4);
    return sum;
  }

  private static float clip(float v, float lo, float hi) {
    return Math.min(Math.max(v, lo), hi);
  }

  private static int clipInt(int v, int lo, int hi) {
    return Math.min(Math.max(v, lo), hi);
  }
}
