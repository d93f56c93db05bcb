package dev.align4j.rewards.scoring;

import static dev.align4j.rewards.manifest.RewardManifest.MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.PIXEL_VALUES;
import static dev.align4j.rewards.manifest.RewardManifest.PROBABILITIES;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.ImagePreprocessor;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image classifier as a reward ({@code image_classifier}, e.g. nsfwjs's MobileNetV2): one graph from
 * {@code pixel_values} to {@code probabilities} {@code [batch, classes]}; the score is the summed probability of
 * the classes {@code score.classes} names (formula {@code class_probability}), in [0, 1]. The prompt is ignored.
 */
public final class ImageClassifierScorer extends OnnxRewardModel {
  private final RewardManifest m;
  private final OnnxSession session;
  private final int[] scored;

  private ImageClassifierScorer(RewardManifest m, ImagePreprocessor p, SessionConfig c, OnnxSession session) {
    super(m, p, c, List.of(session));
    this.m = m;
    this.session = session;
    this.scored = m.scoreClasses().stream().mapToInt(name -> m.classes().indexOf(name)).toArray();
  }

  /** Opens the graph an {@code image_classifier} manifest names, checking its input and output names. */
  public static ImageClassifierScorer open(RewardManifest m, SessionConfig config, ImagePreprocessor preprocessor) {
    Preconditions.checkArgument(m.kind() == Kind.IMAGE_CLASSIFIER, "%s is %s", m.name(), m.kind());
    OnnxSession session = OnnxSession.open(m.file(MODEL), config);
    List<AutoCloseable> owned = new ArrayList<>(List.of(session));
    try {
      m.requireInput(session, PIXEL_VALUES);
      m.requireOutput(session, PROBABILITIES);
      return new ImageClassifierScorer(m, preprocessor, config, session);
    } catch (RuntimeException e) {
      throw closeAll(owned, e);
    }
  }

  /** The class names, in the order of {@link #probabilities}'s columns. */
  public List<String> classes() {
    return m.classes();
  }

  /** Each image's probabilities over {@link #classes()}. */
  public float[][] probabilities(List<Image> images) {
    float[][] out = new float[images.size()][];
    forEachChunk(images, (pixels, from) -> {
      float[][] p = probabilities(pixels);
      System.arraycopy(p, 0, out, from, p.length);
    });
    return out;
  }

  @Override
  float[] scoreChunk(List<String> prompts, FloatTensor pixels) {
    float[][] p = probabilities(pixels);
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      double s = 0;
      for (int c : scored) s += p[i][c];
      out[i] = (float) s;
    }
    return out;
  }

  private float[][] probabilities(FloatTensor pixels) {
    int n = (int) pixels.shape()[0];
    FloatTensor p = session.run(Map.of(m.input(PIXEL_VALUES), pixels), Set.of(m.output(PROBABILITIES)))
        .get(m.output(PROBABILITIES));
    float[][] rows = rows(p, n, PROBABILITIES);
    if (n > 0 && rows[0].length != m.classes().size()) {
      throw m.error("classes", m.classes().size() + " classes, but " + m.output(PROBABILITIES) + " has shape "
          + Arrays.toString(p.shape()));
    }
    return rows;
  }
}
