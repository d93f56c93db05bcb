package dev.align4j.rewards;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import dev.align4j.rewards.judge.JudgeManifest;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.ManifestReader;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.ocr.OcrScorer;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.scoring.FusedScorer;
import dev.align4j.rewards.scoring.ImageClassifierScorer;
import dev.align4j.rewards.scoring.ImageMlpScorer;
import dev.align4j.rewards.scoring.TextEmbeddingScorer;
import dev.align4j.rewards.scoring.TextScalarScorer;
import dev.align4j.rewards.scoring.TwoTowerScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reward models by name from a directory: each model is a subdirectory named after it, holding
 * {@code manifest.json} (schema in {@code docs/rewards.md}), its ONNX graphs and, for models that read
 * prompts, a {@code tokenizer.json}. Manifests are read when a model is opened, so one broken model does not
 * hide the others.
 *
 * <pre>{@code
 * RewardRegistry registry = RewardRegistry.builder(Path.of("models")).preprocessors(factory).build();
 * try (RewardModel pick = registry.open("pickscore")) {
 *   float[] scores = pick.score("a red square", images);
 * }
 * }</pre>
 */
public final class RewardRegistry {
  /** The manifest file each model directory holds. */
  public static final String MANIFEST = "manifest.json";

  private final Path root;
  private final SessionConfig session;
  private final ImagePreprocessor.Factory preprocessors;

  private RewardRegistry(Builder b) {
    this.root = b.root;
    this.session = b.session;
    this.preprocessors = b.preprocessors;
  }

  /** Starts a registry over the model directories under {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** The directory holding the models. */
  public Path root() {
    return root;
  }

  /** Names of the subdirectories that hold a {@code manifest.json} (ONNX) or a {@code judge.json}, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(root)) throw new UserError("reward model directory not found: " + root);
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(MANIFEST)) || isJudge(d))
          .map(d -> d.getFileName().toString())
          .sorted()
          .collect(ImmutableList.toImmutableList());
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + root, e);
    }
  }

  /**
   * The validated manifest of model {@code name}.
   *
   * @throws UserError for an unknown name (naming the nearest ones) or a malformed manifest (naming the file
   *     and the field)
   */
  public RewardManifest manifest(String name) {
    Preconditions.checkNotNull(name, "name");
    List<String> names = names();
    if (!names.contains(name)) {
      String near = Suggestions.didYouMean(name, names);
      throw new UserError("no reward model '" + name + "' in " + root
          + (near.isEmpty() ? " (available: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")" : near));
    }
    Path file = root.resolve(name).resolve(MANIFEST);
    RewardManifest m = ManifestReader.read(file);
    if (!m.name().equals(name)) {
      throw m.error("name", "'" + m.name() + "' differs from the model's directory name '" + name + "'");
    }
    return m;
  }

  /**
   * Opens model {@code name}: its graphs on the configured device, its tokenizer and its preprocessor.
   * The caller owns the model: close it.
   *
   * @throws UserError for an unknown name, a malformed manifest, a missing or unloadable file, or graph input
   *     and output names that do not match the manifest
   */
  public RewardModel open(String name) {
    if (isJudge(root.resolve(name)) && names().contains(name)) return judge(name).open();
    RewardManifest m = manifest(name);
    if (m.kind() == Kind.TEXT_SCALAR) return TextScalarScorer.open(m, session);
    if (m.kind() == Kind.TEXT_EMBEDDING) return TextEmbeddingScorer.open(m, session);
    if (m.kind() == Kind.OCR) return OcrScorer.open(m, session);
    Preconditions.checkState(preprocessors != null, "no ImagePreprocessor.Factory given: call preprocessors(...)");
    ImagePreprocessor preprocessor = preprocessors.create(m.preprocessing());
    return switch (m.kind()) {
      case TWO_TOWER -> TwoTowerScorer.open(m, session, preprocessor);
      case FUSED -> FusedScorer.open(m, session, preprocessor);
      case MLP_ON_IMAGE -> ImageMlpScorer.open(m, session, preprocessor);
      case IMAGE_CLASSIFIER -> ImageClassifierScorer.open(m, session, preprocessor);
      case TEXT_SCALAR, TEXT_EMBEDDING, OCR -> throw new AssertionError("opened above");
    };
  }

  /** One line about a model, from its manifest or judge.json. */
  public String description(String name) {
    return isJudge(root.resolve(name)) ? judge(name).description() : manifest(name).description();
  }

  private JudgeManifest judge(String name) {
    JudgeManifest j = JudgeManifest.read(root.resolve(name).resolve(JudgeManifest.FILE));
    if (!j.name().equals(name)) {
      throw new UserError(root.resolve(name).resolve(JudgeManifest.FILE) + ": name '" + j.name()
          + "' differs from the directory name '" + name + "'");
    }
    return j;
  }

  private static boolean isJudge(Path dir) {
    return Files.isRegularFile(dir.resolve(JudgeManifest.FILE));
  }

  /** Options for {@link RewardRegistry}. */
  public static final class Builder {
    private final Path root;
    private SessionConfig session = SessionConfig.cpu();
    private ImagePreprocessor.Factory preprocessors;

    private Builder(Path root) {
      this.root = Preconditions.checkNotNull(root, "root");
    }

    /** Device, threads and batch size for every opened model (default {@link SessionConfig#cpu()}). */
    public Builder session(SessionConfig config) {
      this.session = Preconditions.checkNotNull(config, "config");
      return this;
    }

    /**
     * Makes each model's image preprocessor from its manifest's {@code preprocessing} section. Required to
     * open image reward models; a registry that only opens text reward models ({@code text_scalar},
     * {@code text_embedding}) or OCR models ({@code ocr}, whose preprocessing is fixed) may omit it.
     */
    public Builder preprocessors(ImagePreprocessor.Factory factory) {
      this.preprocessors = Preconditions.checkNotNull(factory, "factory");
      return this;
    }

    public RewardRegistry build() {
      return new RewardRegistry(this);
    }
  }
}
