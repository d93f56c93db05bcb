package dev.align4j.rewards.manifest;

import static dev.align4j.rewards.manifest.RewardManifest.ATTENTION_MASK;
import static dev.align4j.rewards.manifest.RewardManifest.DET_MAP;
import static dev.align4j.rewards.manifest.RewardManifest.DET_MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.DET_PIXELS;
import static dev.align4j.rewards.manifest.RewardManifest.IMAGE_EMBEDS;
import static dev.align4j.rewards.manifest.RewardManifest.INPUT_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.KEYS;
import static dev.align4j.rewards.manifest.RewardManifest.LAST_HIDDEN_STATE;
import static dev.align4j.rewards.manifest.RewardManifest.LOGIT_SCALE;
import static dev.align4j.rewards.manifest.RewardManifest.MLP;
import static dev.align4j.rewards.manifest.RewardManifest.MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.PIXEL_VALUES;
import static dev.align4j.rewards.manifest.RewardManifest.PROBABILITIES;
import static dev.align4j.rewards.manifest.RewardManifest.REC_MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.REC_PIXELS;
import static dev.align4j.rewards.manifest.RewardManifest.REC_PROBS;
import static dev.align4j.rewards.manifest.RewardManifest.SCORE;
import static dev.align4j.rewards.manifest.RewardManifest.TEXT_EMBEDS;
import static dev.align4j.rewards.manifest.RewardManifest.TEXT_MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.TOKENIZER;
import static dev.align4j.rewards.manifest.RewardManifest.TOKEN_TYPE_IDS;
import static dev.align4j.rewards.manifest.RewardManifest.VISION_MODEL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import dev.align4j.rewards.manifest.Preprocessing.Mode;
import dev.align4j.rewards.manifest.RewardManifest.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a {@code manifest.json}. Every mistake is one {@link UserError} line naming the file
 * and the field: {@code models/pickscore/manifest.json: score.formula: unknown value 'pickscor'; did you
 * mean 'pickscore'?}.
 */
public final class ManifestReader {
  static final Set<String> FIELDS =
      ImmutableSet.of("name", "description", "kind", "source", "files", "inputs", "outputs", "text", "preprocessing",
          "classes", "score");
  static final Set<String> FILE_ROLES =
      ImmutableSet.of(MODEL, TEXT_MODEL, VISION_MODEL, MLP, TOKENIZER, DET_MODEL, REC_MODEL, KEYS);
  /** The file roles only kind {@code ocr} uses. */
  static final Set<String> OCR_FILE_ROLES = ImmutableSet.of(DET_MODEL, REC_MODEL, KEYS);
  /**
   * Input roles and their defaults: Hugging Face Optimum's CLIP export names, the MLP's input, and the role name
   * for the rest.
   */
  static final Map<String, String> INPUT_DEFAULTS = ImmutableMap.of(INPUT_IDS, INPUT_IDS, ATTENTION_MASK,
      ATTENTION_MASK, TOKEN_TYPE_IDS, TOKEN_TYPE_IDS, PIXEL_VALUES, PIXEL_VALUES, IMAGE_EMBEDS, IMAGE_EMBEDS,
      DET_PIXELS, DET_PIXELS, REC_PIXELS, REC_PIXELS);
  /** Output roles and their defaults ({@code logit_scale} has none: absent unless named). */
  static final Map<String, String> OUTPUT_DEFAULTS = ImmutableMap.of(TEXT_EMBEDS, TEXT_EMBEDS, IMAGE_EMBEDS,
      IMAGE_EMBEDS, SCORE, SCORE, LAST_HIDDEN_STATE, LAST_HIDDEN_STATE, PROBABILITIES, PROBABILITIES, DET_MAP, DET_MAP,
      REC_PROBS, REC_PROBS);
  static final Set<String> TEXT_FIELDS = ImmutableSet.of("max_length", "pad_token", "bos_token", "eos_token",
      "max_prompt_length", "pooling", "prompt_prefix", "candidate_prefix");
  /** Text fields only kind {@code text_scalar} reads. */
  static final Set<String> SEQUENCE_FIELDS = ImmutableSet.of("bos_token", "eos_token", "max_prompt_length");
  /** Text-tower fields only kinds {@code text_embedding} and {@code two_tower} read. */
  static final Set<String> TOWER_FIELDS = ImmutableSet.of("pooling", "prompt_prefix");
  static final Set<String> PREPROCESSING_FIELDS = ImmutableSet.of("mode", "size", "mean", "std");

  private final Path file;

  private ManifestReader(Path file) {
    this.file = file;
  }

  /**
   * Reads {@code file}; relative paths in {@code files} resolve against its directory.
   *
   * @throws UserError naming the file and the field on any mistake
   */
  public static RewardManifest read(Path file) {
    return new ManifestReader(file).parse();
  }

  private RewardManifest parse() {
    if (!Files.isRegularFile(file)) throw new UserError(file + ": manifest not found");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) throw error("(root)", "expected a JSON object");
    checkKeys(root, "", FIELDS);

    String name = string(root, "name", "name", null);
    if (name.isBlank()) throw error("name", "empty");
    String description = string(root, "description", "description", "");
    Kind kind = choice(root, "kind", "kind", Kind.values(), null, Kind::id);
    String source = string(root, "source", "source", "");
    Map<String, Path> files = files(field(root, "files", true), kind, source);
    Map<String, String> inputs = names(field(root, "inputs", false), "inputs", INPUT_DEFAULTS, Set.of());
    Map<String, String> outputs = names(field(root, "outputs", false), "outputs", OUTPUT_DEFAULTS, Set.of(LOGIT_SCALE));
    Text text = text(field(root, "text", false), kind);
    if (kind == Kind.TWO_TOWER && text.pooling() != Pooling.NONE && files.containsKey(MODEL)) {
      throw error("text.pooling", "'" + text.pooling().id() + "' needs the text tower as a graph of its own "
          + "(files.text_model, ending at last_hidden_state); one joint graph (files.model) must output text_embeds");
    }
    JsonNode preprocessingNode = field(root, "preprocessing", false);
    if (kind == Kind.OCR && !preprocessingNode.isMissingNode()) {
      throw error("preprocessing", "not used by kind ocr (PP-OCR's preprocessing is fixed: docs/rewards.md)");
    }
    Preprocessing preprocessing = preprocessing(preprocessingNode);
    JsonNode score = field(root, "score", true);
    if (!score.isObject()) throw error("score", "expected an object with a formula and its parameters");
    ScoreFormula formula = choice(score, "formula", "score.formula", ScoreFormula.values(), null, ScoreFormula::id);
    if (!formula.kinds().contains(kind)) {
      throw error("score.formula", "'" + formula.id() + "' does not apply to kind " + kind.id() + " (use "
          + String.join(" or ", Arrays.stream(ScoreFormula.values()).filter(f -> f.kinds().contains(kind))
              .map(ScoreFormula::id).toList()) + ")");
    }
    Map<String, Double> params = params(score, formula, outputs.containsKey(LOGIT_SCALE));
    if (outputs.containsKey(LOGIT_SCALE) && formula != ScoreFormula.PICKSCORE) {
      throw error("outputs.logit_scale", "only the pickscore formula uses a logit scale");
    }
    List<String> classes = classes(field(root, "classes", false), kind);
    List<String> scoreClasses = formula == ScoreFormula.CLASS_PROBABILITY ? scoreClasses(score, classes) : List.of();
    return new RewardManifest(file, name, description, kind, files, inputs, outputs, text, preprocessing, formula,
        params, classes, scoreClasses);
  }

  private Map<String, Path> files(JsonNode node, Kind kind, String source) {
    if (!node.isObject()) throw error("files", "expected an object of role: file name");
    checkKeys(node, "files.", FILE_ROLES);
    Map<String, Path> files = new LinkedHashMap<>();
    Path dir = file.toAbsolutePath().getParent();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String role = it.next();
      String name = string(node, role, "files." + role, null);
      Path p = dir.resolve(name).normalize();
      if (!Files.isRegularFile(p)) {
        throw error("files." + role, "no such file " + p + (source.isBlank() ? "" : " (" + source + ")"));
      }
      files.put(role, p);
    }
    boolean joint = files.containsKey(MODEL);
    if (kind != Kind.OCR) forbid(files, kind, "", OCR_FILE_ROLES.toArray(String[]::new));
    switch (kind) {
      case TWO_TOWER -> {
        require(files, TOKENIZER, kind);
        if (joint) forbid(files, kind, "with files.model (one graph holding both towers)", TEXT_MODEL, VISION_MODEL);
        else {
          require(files, TEXT_MODEL, kind);
          require(files, VISION_MODEL, kind);
        }
        forbid(files, kind, "", MLP);
      }
      case FUSED -> {
        require(files, MODEL, kind);
        require(files, TOKENIZER, kind);
        forbid(files, kind, "", TEXT_MODEL, VISION_MODEL, MLP);
      }
      case MLP_ON_IMAGE -> {
        if (joint) forbid(files, kind, "with files.model (one graph from pixels to score)", VISION_MODEL, MLP);
        else {
          require(files, VISION_MODEL, kind);
          require(files, MLP, kind);
        }
        forbid(files, kind, "", TEXT_MODEL, TOKENIZER);
      }
      case TEXT_SCALAR, TEXT_EMBEDDING -> {
        require(files, MODEL, kind);
        require(files, TOKENIZER, kind);
        forbid(files, kind, "", TEXT_MODEL, VISION_MODEL, MLP);
      }
      case IMAGE_CLASSIFIER -> {
        require(files, MODEL, kind);
        forbid(files, kind, "", TEXT_MODEL, VISION_MODEL, MLP, TOKENIZER);
      }
      case OCR -> {
        require(files, DET_MODEL, kind);
        require(files, REC_MODEL, kind);
        require(files, KEYS, kind);
        forbid(files, kind, "", MODEL, TEXT_MODEL, VISION_MODEL, MLP, TOKENIZER);
      }
    }
    return files;
  }

  private void require(Map<String, Path> files, String role, Kind kind) {
    if (!files.containsKey(role)) throw error("files." + role, "missing (kind " + kind.id() + " needs it)");
  }

  private void forbid(Map<String, Path> files, Kind kind, String when, String... roles) {
    for (String role : roles) {
      if (files.containsKey(role)) {
        throw error("files." + role, "not used by kind " + kind.id() + (when.isEmpty() ? "" : " " + when));
      }
    }
  }

  private Map<String, String> names(JsonNode node, String path, Map<String, String> defaults, Set<String> optional) {
    Map<String, String> out = new LinkedHashMap<>(defaults);
    if (node.isMissingNode()) return out;
    if (!node.isObject()) throw error(path, "expected an object of role: graph name");
    checkKeys(node, path + ".", ImmutableSet.<String>builder().addAll(defaults.keySet()).addAll(optional).build());
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String role = it.next();
      String name = string(node, role, path + "." + role, null);
      if (name.isBlank()) throw error(path + "." + role, "empty");
      out.put(role, name);
    }
    return out;
  }

  private Text text(JsonNode node, Kind kind) {
    if (node.isMissingNode() && kind == Kind.TEXT_SCALAR) {
      throw error("text", "missing (kind text_scalar needs at least max_length)");
    }
    Text defaults = kind == Kind.TEXT_EMBEDDING ? Text.BERT : Text.CLIP;
    if (node.isMissingNode()) return defaults;
    if (kind == Kind.MLP_ON_IMAGE || kind == Kind.IMAGE_CLASSIFIER) {
      throw error("text", "not used by kind " + kind.id() + " (it scores images alone)");
    }
    if (kind == Kind.OCR) {
      throw error("text", "not used by kind ocr (the target is the text the prompt quotes; no tokenizer)");
    }
    if (!node.isObject()) throw error("text", "expected an object");
    checkKeys(node, "text.", TEXT_FIELDS);
    if (kind != Kind.TEXT_EMBEDDING && kind != Kind.TWO_TOWER) {
      for (String key : TOWER_FIELDS) {
        if (node.has(key)) throw error("text." + key, "only kinds text_embedding and two_tower use it");
      }
    }
    if (kind != Kind.TEXT_EMBEDDING && node.has("candidate_prefix")) {
      throw error("text.candidate_prefix", "only kind text_embedding uses it (it scores candidate texts)");
    }
    if (kind == Kind.TEXT_SCALAR) return sequence(node);
    for (String key : SEQUENCE_FIELDS) {
      if (node.has(key)) throw error("text." + key, "only kind text_scalar uses it");
    }
    int maxLength = integer(node, "max_length", "text.max_length", defaults.maxLength());
    if (maxLength < 3) throw error("text.max_length", "must be >= 3 (start, one token, end), got " + maxLength);
    String pad = string(node, "pad_token", "text.pad_token", defaults.padToken());
    Pooling pooling = choice(node, "pooling", "text.pooling", Pooling.values(), defaults.pooling(), Pooling::id);
    if (kind == Kind.TEXT_EMBEDDING && pooling == Pooling.NONE) {
      throw error("text.pooling", "kind text_embedding pools the graph's last_hidden_state: use mean or cls");
    }
    String promptPrefix = string(node, "prompt_prefix", "text.prompt_prefix", "");
    String candidatePrefix = string(node, "candidate_prefix", "text.candidate_prefix", "");
    return new Text(maxLength, pad, java.util.Optional.empty(), java.util.Optional.empty(), maxLength, pooling,
        promptPrefix, candidatePrefix);
  }

  /** A text_scalar model's sequence layout: [bos] prompt response [eos], within max_length tokens. */
  private Text sequence(JsonNode node) {
    if (!node.has("max_length")) throw error("text.max_length", "missing (kind text_scalar needs it)");
    int maxLength = integer(node, "max_length", "text.max_length", 0);
    if (maxLength < 2) throw error("text.max_length", "must be >= 2 (a prompt and a response token), got " + maxLength);
    int maxPrompt = integer(node, "max_prompt_length", "text.max_prompt_length", maxLength / 2);
    if (maxPrompt < 1 || maxPrompt >= maxLength) {
      throw error("text.max_prompt_length", "must be in [1, max_length " + maxLength + "), got " + maxPrompt);
    }
    String pad = string(node, "pad_token", "text.pad_token", Text.CLIP.padToken());
    java.util.Optional<String> bos = java.util.Optional.ofNullable(node.has("bos_token")
        ? string(node, "bos_token", "text.bos_token", null) : null);
    java.util.Optional<String> eos = java.util.Optional.ofNullable(node.has("eos_token")
        ? string(node, "eos_token", "text.eos_token", null) : null);
    return new Text(maxLength, pad, bos, eos, maxPrompt);
  }

  private Preprocessing preprocessing(JsonNode node) {
    if (node.isMissingNode()) return Preprocessing.clip(Mode.CLIP_CENTER_CROP, 224);
    if (!node.isObject()) throw error("preprocessing", "expected an object");
    checkKeys(node, "preprocessing.", PREPROCESSING_FIELDS);
    Mode mode = choice(node, "mode", "preprocessing.mode", Mode.values(), Mode.CLIP_CENTER_CROP, Mode::id);
    int size = integer(node, "size", "preprocessing.size", 224);
    if (size < 1) throw error("preprocessing.size", "must be positive, got " + size);
    float[] mean = triple(node, "mean", Preprocessing.CLIP_MEAN);
    float[] std = triple(node, "std", Preprocessing.CLIP_STD);
    for (float s : std)
        if (!(s > 0)) throw error("preprocessing.std", "values must be positive, got " + Arrays.toString(std));
    return new Preprocessing(mode, size, mean, std);
  }

  /** An image classifier's class names, in the order of its probabilities output. */
  private List<String> classes(JsonNode node, Kind kind) {
    if (kind != Kind.IMAGE_CLASSIFIER) {
      if (!node.isMissingNode()) throw error("classes", "only kind image_classifier uses it");
      return List.of();
    }
    if (node.isMissingNode()) throw error("classes", "missing (kind image_classifier needs its class names in order)");
    List<String> names = strings(node, "classes");
    if (names.size() < 2) throw error("classes", "needs at least two class names, got " + names.size());
    return names;
  }

  /** {@code score.classes}: which of {@code classes} the class_probability formula sums. */
  private List<String> scoreClasses(JsonNode score, List<String> classes) {
    JsonNode node = score.path("classes");
    if (node.isMissingNode() || node.isNull()) {
      throw error("score.classes", "missing: list the classes whose probabilities make the score (of "
          + String.join(", ", classes) + ")");
    }
    List<String> names = strings(node, "score.classes");
    for (String n : names) {
      if (!classes.contains(n)) {
        throw error("score.classes", "unknown class '" + n + "'" + Suggestions.didYouMean(n, classes) + " (one of "
            + String.join(", ", classes) + ")");
      }
    }
    return names;
  }

  private List<String> strings(JsonNode node, String path) {
    if (!node.isArray() || node.isEmpty()) throw error(path, "expected a non-empty list of names, got " + node);
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual() || n.asText().isBlank()) throw error(path, "expected names, got " + n);
      if (out.contains(n.asText())) throw error(path, "'" + n.asText() + "' twice");
      out.add(n.asText());
    }
    return out;
  }

  private Map<String, Double> params(JsonNode score, ScoreFormula formula, boolean scaleFromGraph) {
    Set<String> takes = ImmutableSet.<String>builder().addAll(formula.params())
        .addAll(formula == ScoreFormula.CLASS_PROBABILITY ? Set.of("classes") : Set.of()).build();
    for (Iterator<String> it = score.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("formula") && !takes.contains(key)) {
        throw error("score." + key, "not a parameter of formula " + formula.id() + " (it takes "
            + (takes.isEmpty() ? "none" : String.join(", ", takes)) + ")" + Suggestions.didYouMean(key, takes));
      }
    }
    Map<String, Double> params = new LinkedHashMap<>(formula.defaults());
    for (String key : formula.params()) {
      if (score.has(key)) params.put(key, number(score, key, "score." + key));
    }
    if (formula == ScoreFormula.PICKSCORE) {
      boolean given = params.containsKey(LOGIT_SCALE);
      if (given && scaleFromGraph)
          throw error("score.logit_scale", "given both here and as outputs.logit_scale; keep one");
      if (!given && !scaleFromGraph) {
        throw error("score.logit_scale", "missing: give CLIP's log-space scale (4.6052 = ln 100 for PickScore) or name "
            + "the graph output holding it in outputs.logit_scale");
      }
    }
    if (params.containsKey("std") && !(params.get("std") > 0))
        throw error("score.std", "must be positive, got " + params.get("std"));
    return params;
  }

  private void checkKeys(JsonNode node, String prefix, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw error(prefix + key, "unknown field" + Suggestions.didYouMean(key, known) + " (known: "
            + String.join(", ", known) + ")");
      }
    }
  }

  private JsonNode field(JsonNode node, String key, boolean required) {
    JsonNode v = node.path(key);
    if (required && (v.isMissingNode() || v.isNull())) throw error(key, "missing");
    return v.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : v;
  }

  private String string(JsonNode node, String key, String path, String fallback) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      if (fallback == null) throw error(path, "missing");
      return fallback;
    }
    if (!v.isTextual()) throw error(path, "expected a string, got " + v);
    return v.asText();
  }

  private int integer(JsonNode node, String key, String path, int fallback) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) return fallback;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw error(path, "expected an integer, got " + v);
    return v.asInt();
  }

  private double number(JsonNode node, String key, String path) {
    JsonNode v = node.path(key);
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw error(path, "expected a finite number, got " + v);
    return v.asDouble();
  }

  private float[] triple(JsonNode node, String key, float[] fallback) {
    JsonNode v = node.path(key);
    String path = "preprocessing." + key;
    if (v.isMissingNode() || v.isNull()) return fallback;
    if (!v.isArray() || v.size() != 3) throw error(path, "expected 3 numbers (R, G, B), got " + v);
    float[] out = new float[3];
    for (int i = 0; i < 3; i++) {
      if (!v.get(i).isNumber()) throw error(path, "expected 3 numbers (R, G, B), got " + v);
      out[i] = (float) v.get(i).asDouble();
    }
    return out;
  }

  private <E> E choice(JsonNode node, String key, String path, E[] values, E fallback,
      java.util.function.Function<E, String> id) {
    JsonNode v = node.path(key);
    if ((v.isMissingNode() || v.isNull()) && fallback != null) return fallback;
    List<String> ids = Arrays.stream(values).map(id).toList();
    String s = string(node, key, path, null);
    for (E e : values) if (id.apply(e).equals(s)) return e;
    throw error(path, "unknown value '" + s + "'" + Suggestions.didYouMean(s, ids) + " (one of "
        + String.join(", ", ids) + ")");
  }

  private UserError error(String field, String message) {
    return new UserError(file + ": " + field + ": " + message);
  }
}
