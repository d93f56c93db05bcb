package dev.align4j.rewards.scoring;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.ImagePreprocessor;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A reward model made of ONNX graphs described by a manifest. Scores (prompt, image) pairs in chunks of
 * {@link SessionConfig#batchSize()} rows: each chunk is preprocessed, run and scored by {@link #scoreChunk}.
 * Owns its sessions and tokenizer: close it. Safe for concurrent use.
 */
public abstract class OnnxRewardModel implements RewardModel {
  private final RewardManifest manifest;
  private final ImagePreprocessor preprocessor;
  private final int batchSize;
  private final List<AutoCloseable> owned;

  OnnxRewardModel(RewardManifest manifest, ImagePreprocessor preprocessor, SessionConfig config,
      List<AutoCloseable> owned) {
    Preconditions.checkArgument(preprocessor.size() == manifest.preprocessing().size(),
        "preprocessor size %s differs from the manifest's %s", preprocessor.size(), manifest.preprocessing().size());
    this.manifest = manifest;
    this.preprocessor = preprocessor;
    this.batchSize = config.batchSize();
    this.owned = List.copyOf(owned);
  }

  @Override
  public String name() {
    return manifest.name();
  }

  /** The manifest this model was opened from. */
  public RewardManifest manifest() {
    return manifest;
  }

  /** Scores images; any other media is a {@link dev.align4j.core.util.UserError} naming the model. */
  @Override
  public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items) {
    Preconditions.checkArgument(prompts.size() == items.size(), "%s prompts for %s images", prompts.size(),
        items.size());
    prompts.forEach(p -> Preconditions.checkNotNull(p, "prompt"));
    requireKinds(items);
    List<Image> images = items.stream().map(Image.class::cast).toList();
    float[] out = new float[images.size()];
    for (int from = 0; from < out.length; from += batchSize) {
      int to = Math.min(out.length, from + batchSize);
      List<Image> chunk = images.subList(from, to);
      FloatTensor pixels = Tensor.of(preprocessor.apply(chunk), chunk.size(), 3, preprocessor.size(),
          preprocessor.size());
      float[] s = scoreChunk(prompts.subList(from, to), pixels);
      System.arraycopy(s, 0, out, from, s.length);
    }
    return out;
  }

  /** Runs {@code action} on each chunk of at most batch-size images: its first index and its pixels (NCHW). */
  void forEachChunk(List<Image> images, java.util.function.ObjIntConsumer<FloatTensor> action) {
    for (int from = 0; from < images.size(); from += batchSize) {
      List<Image> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
      action.accept(Tensor.of(preprocessor.apply(chunk), chunk.size(), 3, preprocessor.size(), preprocessor.size()),
          from);
    }
  }

  /** Scores one chunk: {@code prompts.get(i)} with image row {@code i} of {@code pixels} (NCHW). */
  abstract float[] scoreChunk(List<String> prompts, FloatTensor pixels);

  /** A scalar-per-row output ({@code [B]} or {@code [B, 1]}) as an array, checked. */
  float[] perRow(FloatTensor t, int rows, String role) {
    long[] s = t.shape();
    boolean ok = (s.length == 1 && s[0] == rows) || (s.length == 2 && s[0] == rows && s[1] == 1);
    if (!ok) {
      throw manifest.error("outputs." + role, "expected shape [" + rows + "] or [" + rows + ", 1], got "
          + java.util.Arrays.toString(s));
    }
    return t.data();
  }

  /** Rows of a {@code [B, D]} output, checked. */
  float[][] rows(FloatTensor t, int rows, String role) {
    long[] s = t.shape();
    if (s.length != 2 || s[0] != rows) {
      throw manifest.error("outputs." + role,
          "expected shape [" + rows + ", dim], got " + java.util.Arrays.toString(s));
    }
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) out[r] = t.row(r);
    return out;
  }

  @Override
  public void close() {
    closeEach(owned);
  }

  /** Closes every one of {@code owned}, also after one fails, then rethrows the first failure. */
  public static void closeEach(List<? extends AutoCloseable> owned) {
    RuntimeException first = null;
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    if (first != null) throw first;
  }

  /** Closes what was opened so far when opening a model fails part-way. */
  public static RuntimeException closeAll(List<AutoCloseable> opened, RuntimeException cause) {
    List<AutoCloseable> reversed = new ArrayList<>(opened);
    Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
    return cause;
  }
}
