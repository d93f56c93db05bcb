package dev.align4j.rewards.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.shapes.Range;
import dev.align4j.core.shapes.RenderStyle;
import java.util.List;

/**
 * A reward-model training run ({@code align4j rewards train}): {@code task} ({@code clip}: CLIP-style
 * contrastive training; {@code pick}: PickScore-style preference fine-tuning), the model's shape or where it
 * starts, the data, the loss options, the engine's {@code trainer} section and what the export is called.
 */
public record RewardRunConfig(
    @JsonProperty("task") String task,
    @JsonProperty("model") Model model,
    @JsonProperty("data") Data data,
    @JsonProperty("loss") Loss loss,
    @JsonProperty("trainer") TrainerConfig trainer,
    @JsonProperty("export") Export export) {

  public static final List<String> TASKS = List.of("clip", "pick");

  public RewardRunConfig {
    Preconditions.checkArgument(task != null, "task is required (one of %s)", TASKS);
    Preconditions.checkArgument(TASKS.contains(task), "task must be one of %s, got '%s'", TASKS, task);
    model = model == null ? new Model(null, null, null, null, null, null, null) : model;
    data = data == null ? new Data(null, null, null, null, null, null, null, null, null, null) : data;
    loss = loss == null ? new Loss(null) : loss;
    trainer = trainer == null ? TrainerConfig.defaults() : trainer;
    export = export == null ? new Export(null, null) : export;
  }

  /**
   * {@code model:} a new model's shape, or {@code init}: a model to start from (an exported registry model
   * directory such as {@code models/shapes-clip}, a run's {@code final/} or a checkpoint's {@code model/}),
   * whose shape then wins.
   */
  public record Model(
      @JsonProperty("init") String init,
      @JsonProperty("text_width") Integer textWidth,
      @JsonProperty("text_hidden") Integer textHidden,
      @JsonProperty("image_size") Integer imageSize,
      @JsonProperty("channels") List<Integer> channels,
      @JsonProperty("image_hidden") Integer imageHidden,
      @JsonProperty("embed_dim") Integer embedDim) {
    public Model {
      textWidth = textWidth == null ? 32 : textWidth;
      textHidden = textHidden == null ? 256 : textHidden;
      imageSize = imageSize == null ? 32 : imageSize;
      channels = channels == null ? List.of(16, 32, 64) : List.copyOf(channels);
      imageHidden = imageHidden == null ? 256 : imageHidden;
      embedDim = embedDim == null ? 64 : embedDim;
    }

    /** The spec of a new model over the shapes vocabulary. */
    public TwoTowerSpec spec() {
      return new TwoTowerSpec(ShapesTokenizer.vocabulary().size(), ShapesTokenizer.MAX_LENGTH, textWidth, textHidden,
          imageSize, channels, imageHidden, embedDim);
    }
  }

  /**
   * {@code data:} the embedded shapes world (the default): {@code train_pairs} training and {@code eval_pairs}
   * held-out comparisons drawn at {@code render_size} pixels, bad images differing from the caption in 1 to
   * {@code max_edits} attributes, a {@code tie_rate} of ties (pick only) and {@code label_noise} of flipped
   * labels, from {@code seed}, in the standard look or with {@code augment}'s render augmentation (train and
   * eval pairs alike); or Pick-a-Pic v2 parquet files ({@code train}, {@code eval}; pick only).
   */
  public record Data(
      @JsonProperty("train") String train,
      @JsonProperty("eval") String eval,
      @JsonProperty("train_pairs") Integer trainPairs,
      @JsonProperty("eval_pairs") Integer evalPairs,
      @JsonProperty("render_size") Integer renderSize,
      @JsonProperty("max_edits") Integer maxEdits,
      @JsonProperty("tie_rate") Double tieRate,
      @JsonProperty("label_noise") Double labelNoise,
      @JsonProperty("seed") Long seed,
      @JsonProperty("augment") Augment augment) {
    public Data {
      trainPairs = trainPairs == null ? 8000 : trainPairs;
      evalPairs = evalPairs == null ? 500 : evalPairs;
      renderSize = renderSize == null ? 64 : renderSize;
      maxEdits = maxEdits == null ? 2 : maxEdits;
      tieRate = tieRate == null ? 0.0 : tieRate;
      labelNoise = labelNoise == null ? 0.0 : labelNoise;
      seed = seed == null ? 11L : seed;
      Preconditions.checkArgument(trainPairs > 0 && evalPairs > 0, "train_pairs and eval_pairs must be > 0");
      Preconditions.checkArgument(maxEdits >= 1, "max_edits must be >= 1, got %s", maxEdits);
      Preconditions.checkArgument(tieRate >= 0 && tieRate < 1, "tie_rate must be in [0, 1), got %s", tieRate);
      Preconditions.checkArgument(labelNoise >= 0 && labelNoise <= 0.5, "label_noise must be in [0, 0.5], got %s",
          labelNoise);
      Preconditions.checkArgument((train == null) == (eval == null), "give both data.train and data.eval, or neither");
      Preconditions.checkArgument(augment == null || train == null,
          "data.augment is for the shapes world, not for parquet files");
    }

    /** The look the shapes world is drawn in. */
    public RenderStyle style() {
      return augment == null ? RenderStyle.STANDARD : augment.style();
    }
  }

  /**
   * {@code data.augment:} render augmentation, each knob a range {@code [min, max]} drawn per image from the
   * data seed ({@link RenderStyle}): {@code backgrounds} (grey bands, one picked per image), {@code tint},
   * {@code small_radius}, {@code large_radius}, {@code spacing}, {@code shift}, {@code aliased_rate},
   * {@code jpeg_rate}, {@code jpeg_quality}. A knob left out keeps the standard look's value.
   */
  public record Augment(
      @JsonProperty("backgrounds") List<List<Double>> backgrounds,
      @JsonProperty("tint") Integer tint,
      @JsonProperty("small_radius") List<Double> smallRadius,
      @JsonProperty("large_radius") List<Double> largeRadius,
      @JsonProperty("spacing") List<Double> spacing,
      @JsonProperty("shift") List<Double> shift,
      @JsonProperty("aliased_rate") Double aliasedRate,
      @JsonProperty("jpeg_rate") Double jpegRate,
      @JsonProperty("jpeg_quality") List<Double> jpegQuality) {
    public Augment {
      // one-line errors at load time (a compact constructor sees its parameters, not yet its fields)
      style(backgrounds, tint, smallRadius, largeRadius, spacing, shift, aliasedRate, jpegRate, jpegQuality);
    }

    /** The style these ranges describe. */
    public RenderStyle style() {
      return style(backgrounds, tint, smallRadius, largeRadius, spacing, shift, aliasedRate, jpegRate, jpegQuality);
    }

    private static RenderStyle style(List<List<Double>> backgrounds, Integer tint, List<Double> smallRadius,
        List<Double> largeRadius, List<Double> spacing, List<Double> shift, Double aliasedRate, Double jpegRate,
        List<Double> jpegQuality) {
      RenderStyle s = RenderStyle.STANDARD;
      return new RenderStyle(backgrounds == null ? s.greys() : backgrounds.stream().map(b -> range("backgrounds", b))
          .toList(), tint == null ? s.tint() : tint, or(smallRadius, "small_radius", s.small()),
          or(largeRadius, "large_radius", s.large()), or(spacing, "spacing", s.spacing()), or(shift, "shift",
          s.shift()), aliasedRate == null ? s.aliasedRate() : aliasedRate, jpegRate == null ? s.jpegRate() : jpegRate,
          or(jpegQuality, "jpeg_quality", s.jpegQuality()));
    }

    private static Range or(List<Double> values, String key, Range standard) {
      return values == null ? standard : range(key, values);
    }

    private static Range range(String key, List<Double> values) {
      Preconditions.checkArgument(values.size() == 2 && values.get(0) <= values.get(1),
          "data.augment.%s: a range [min, max], not %s", key, values);
      return new Range(values.get(0), values.get(1));
    }
  }

  /** {@code loss:} {@code hard_negatives} (clip: each pair's other image joins the batch's negatives). */
  public record Loss(@JsonProperty("hard_negatives") Boolean hardNegatives) {
    public Loss {
      hardNegatives = hardNegatives == null ? Boolean.TRUE : hardNegatives;
    }
  }

  /** {@code export:} the registry name and description of the exported model ({@code <run>/export}). */
  public record Export(@JsonProperty("name") String name, @JsonProperty("description") String description) {}
}
