package dev.align4j.core.terms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.AlternativeCondition;
import dev.align4j.losses.CorrectedTokens;
import dev.align4j.losses.DenoisingTerms;
import dev.align4j.losses.LevelTerms;
import dev.align4j.losses.ListTerms;
import dev.align4j.losses.PreferenceTerms;
import dev.align4j.losses.SegmentTerms;
import dev.align4j.losses.TokenTerms;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads per-example loss inputs written one JSON object per line (the format of docs/losses.md) and
 * assembles them into {@link PreferenceTerms}. Every problem is reported as a {@link UserError} naming the
 * line and the field.
 */
public final class TermsJson {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Set<String> FIELDS = Set.of("policy_chosen", "policy_rejected", "ref_chosen",
      "ref_rejected", "chosen_len", "rejected_len", "label", "policy_kl", "ref_kl", "chosen_score",
      "rejected_score", "chosen_margins", "rejected_margins", "policy_gold", "gold_len", "policy", "ref", "scores",
      "chosen_tokens", "rejected_tokens", "denoising", "weight", "levels", "segments", "policy_chosen_alt",
      "ref_chosen_alt");
  private static final Set<String> TOKEN_FIELDS = Set.of("policy", "ref", "kl", "weight", "log_sq_mass",
      "corrected");
  private static final Set<String> LEVEL_FIELDS = Set.of("weight", "policy_chosen", "policy_rejected",
      "ref_chosen", "ref_rejected");
  private static final Set<String> SEGMENT_FIELDS = Set.of("policy_chosen", "policy_rejected", "ref_chosen",
      "ref_rejected", "labels");
  private static final Set<String> DENOISING_FIELDS = Set.of("policy", "ref", "target");

  private final String source;

  private TermsJson(String source) {
    this.source = source;
  }

  /** Reads every non-blank line of a JSONL file. */
  public static List<ExampleRowView> readFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new UserError(file + ": not UTF-8 text (a JSONL file holds one JSON object per line)");
    } catch (IOException e) {
      throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
    }
    TermsJson reader = new TermsJson(file.toString());
    List<ExampleRowView> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) rows.add(new ExampleRowView(reader.parse(lines.get(i), i + 1)));
    }
    if (rows.isEmpty()) throw new UserError(file + ": no examples (the file is empty)");
    return rows;
  }

  /** Parses JSON objects already in memory; {@code source} names them in messages. */
  public static List<ExampleRowView> parseNodes(String source, List<JsonNode> nodes) {
    TermsJson reader = new TermsJson(source);
    List<ExampleRowView> rows = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) rows.add(new ExampleRowView(reader.row(nodes.get(i), i + 1)));
    return rows;
  }

  /** An opaque parsed example, to pass back to {@link #toTerms}. */
  public static final class ExampleRowView {
    final ExampleRow row;

    ExampleRowView(ExampleRow row) {
      this.row = row;
    }
  }

  private ExampleRow parse(String text, int line) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UserError(where(line, null) + "not valid JSON (" + e.getOriginalMessage() + ")");
    }
    return row(node, line);
  }

  private ExampleRow row(JsonNode n, int line) {
    if (n == null || !n.isObject()) throw new UserError(where(line, null) + "expected a JSON object");
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new UserError(where(line, f) + "unknown field" + dev.align4j.losses.Suggestions.didYouMean(f, FIELDS));
      }
    }
    double[] denoisePolicy = null;
    double[] denoiseRef = null;
    double[] denoiseTarget = null;
    JsonNode d = n.get("denoising");
    if (d != null) {
      checkObject(d, line, "denoising", DENOISING_FIELDS);
      denoisePolicy = reals(d, "policy", line, "denoising.");
      denoiseRef = reals(d, "ref", line, "denoising.");
      denoiseTarget = reals(d, "target", line, "denoising.");
      if (denoisePolicy == null || denoiseRef == null || denoiseTarget == null) {
        throw new UserError(where(line, "denoising") + "needs policy, ref and target arrays");
      }
      sameLength(line, "denoising", denoisePolicy, denoiseRef, denoiseTarget);
    }
    ExampleRow r = new ExampleRow(line,
        real(n, "policy_chosen", line), real(n, "policy_rejected", line),
        real(n, "ref_chosen", line), real(n, "ref_rejected", line),
        length(n, "chosen_len", line), length(n, "rejected_len", line),
        bool(n, "label", line), real(n, "policy_kl", line), real(n, "ref_kl", line),
        real(n, "chosen_score", line), real(n, "rejected_score", line),
        reals(n, "chosen_margins", line, ""), reals(n, "rejected_margins", line, ""),
        real(n, "policy_gold", line), length(n, "gold_len", line),
        reals(n, "policy", line, ""), reals(n, "ref", line, ""), reals(n, "scores", line, ""),
        tokens(n, "chosen_tokens", line), tokens(n, "rejected_tokens", line),
        denoisePolicy, denoiseRef, denoiseTarget, real(n, "weight", line),
        levels(n, line), segments(n, line), real(n, "policy_chosen_alt", line), real(n, "ref_chosen_alt", line));
    if (r.policy() != null || r.ref() != null || r.scores() != null) {
      if (r.policy() == null || r.ref() == null || r.scores() == null) {
        throw new UserError(where(line, "policy") + "listwise examples need policy, ref and scores arrays");
      }
      sameLength(line, "policy/ref/scores", r.policy(), r.ref(), r.scores());
      if (r.policy().length == 0) throw new UserError(where(line, "policy") + "empty list");
    }
    return r;
  }

  /** {@code levels}: an object of named levels, each with a weight and paired terms. */
  private Map<String, ExampleRow.LevelRow> levels(JsonNode n, int line) {
    JsonNode v = n.get("levels");
    if (v == null || v.isNull()) return null;
    if (!v.isObject() || v.isEmpty()) throw new UserError(where(line, "levels") + "expected an object of levels");
    Map<String, ExampleRow.LevelRow> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = "levels." + e.getKey();
      checkObject(e.getValue(), line, field, LEVEL_FIELDS);
      JsonNode l = e.getValue();
      Double weight = real(l, "weight", line);
      if (weight == null || weight < 0) throw new UserError(where(line, field + ".weight") + "needs a weight >= 0");
      Double pc = real(l, "policy_chosen", line);
      Double pr = real(l, "policy_rejected", line);
      if (pc == null || pr == null) throw new UserError(where(line, field) + "needs policy_chosen and policy_rejected");
      out.put(e.getKey(), new ExampleRow.LevelRow(weight, pc, pr, real(l, "ref_chosen", line),
          real(l, "ref_rejected", line)));
    }
    return out;
  }

  /** {@code segments}: equal-length arrays of per-segment terms and labels in {-1, 0, +1}. */
  private ExampleRow.SegmentRow segments(JsonNode n, int line) {
    JsonNode v = n.get("segments");
    if (v == null || v.isNull()) return null;
    checkObject(v, line, "segments", SEGMENT_FIELDS);
    ExampleRow.SegmentRow s = new ExampleRow.SegmentRow(reals(v, "policy_chosen", line, "segments."),
        reals(v, "policy_rejected", line, "segments."), reals(v, "ref_chosen", line, "segments."),
        reals(v, "ref_rejected", line, "segments."), reals(v, "labels", line, "segments."));
    if (s.policyChosen() == null || s.policyRejected() == null || s.refChosen() == null || s.refRejected() == null
        || s.labels() == null) {
      throw new UserError(where(line, "segments") + "needs " + SEGMENT_FIELDS);
    }
    sameLength(line, "segments", s.policyChosen(), s.policyRejected(), s.refChosen(), s.refRejected(), s.labels());
    for (double label : s.labels()) {
      if (label != -1 && label != 0 && label != 1) {
        throw new UserError(where(line, "segments.labels") + "labels must be -1, 0 or 1, got " + label);
      }
    }
    return s;
  }

  private ExampleRow.TokenRow tokens(JsonNode n, String field, int line) {
    JsonNode t = n.get(field);
    if (t == null) return null;
    checkObject(t, line, field, TOKEN_FIELDS);
    String prefix = field + ".";
    double[] policy = reals(t, "policy", line, prefix);
    if (policy == null) throw new UserError(where(line, field) + "needs a 'policy' array");
    ExampleRow.TokenRow row = new ExampleRow.TokenRow(policy, reals(t, "ref", line, prefix),
        reals(t, "kl", line, prefix), reals(t, "weight", line, prefix), reals(t, "log_sq_mass", line, prefix),
        reals(t, "corrected", line, prefix));
    sameLength(line, field, row.policy(), row.ref(), row.kl(), row.weight(), row.logSqMass(), row.corrected());
    return row;
  }

  private void checkObject(JsonNode node, int line, String field, Set<String> allowed) {
    if (!node.isObject()) throw new UserError(where(line, field) + "expected an object");
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new UserError(where(line, field + "." + f) + "unknown field; expected one of " + allowed);
      }
    }
  }

  private void sameLength(int line, String field, double[]... arrays) {
    int len = -1;
    for (double[] a : arrays) {
      if (a == null) continue;
      if (len >= 0 && a.length != len) throw new UserError(where(line, field) + "arrays differ in length");
      len = a.length;
    }
  }

  private Double real(JsonNode n, String field, int line) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    return finite(v, line, field);
  }

  private Double length(JsonNode n, String field, int line) {
    Double v = real(n, field, line);
    if (v != null && v < 0) throw new UserError(where(line, field) + "must be >= 0, got " + v);
    return v;
  }

  private double finite(JsonNode v, int line, String field) {
    if (!v.isNumber()) throw new UserError(where(line, field) + "expected a number, got " + v);
    double d = v.doubleValue();
    if (!Double.isFinite(d)) throw new UserError(where(line, field) + "is " + d + "; values must be finite");
    return d;
  }

  private Boolean bool(JsonNode n, String field, int line) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isBoolean()) throw new UserError(where(line, field) + "expected true or false, got " + v);
    return v.booleanValue();
  }

  private double[] reals(JsonNode n, String field, int line, String prefix) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isArray()) throw new UserError(where(line, prefix + field) + "expected an array of numbers");
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) out[i] = finite(v.get(i), line, prefix + field + "[" + i + "]");
    return out;
  }

  private String where(int line, String field) {
    return source + ":" + line + ": " + (field == null ? "" : "field '" + field + "': ");
  }

  // ---------------------------------------------------------------- assembly

  /**
   * Assembles rows into one batch of terms. For an unpaired loss, a row without {@code label} that has both
   * chosen and rejected terms becomes two completions, chosen desirable and rejected undesirable.
   */
  public static PreferenceTerms toTerms(String source, List<ExampleRowView> views, NDManager m, DataType type,
      boolean unpaired) {
    List<ExampleRow> rows = new ArrayList<>();
    for (ExampleRowView v : views) {
      ExampleRow r = v.row;
      if (unpaired && r.label() == null) {
        if (r.policyRejected() == null && r.rejectedTokens() == null) {
          throw new UserError(source + ":" + r.line() + ": field 'label': an unpaired loss needs a label "
              + "(or both chosen and rejected terms)");
        }
        rows.add(r.half(true));
        rows.add(r.half(false));
      } else {
        rows.add(r);
      }
    }
    return new Assembler(source, rows, m, type).terms();
  }

  /** Turns rows of Java numbers into batch arrays; a field must be on every row or on none. */
  private static final class Assembler {
    private final String source;
    private final List<ExampleRow> rows;
    private final NDManager m;
    private final DataType type;

    Assembler(String source, List<ExampleRow> rows, NDManager m, DataType type) {
      this.source = source;
      this.rows = rows;
      this.m = m;
      this.type = type;
    }

    PreferenceTerms terms() {
      PreferenceTerms.Builder b = PreferenceTerms.builder();
      TokenTerms ct = tokens(ExampleRow::chosenTokens, "chosen_tokens");
      TokenTerms rt = tokens(ExampleRow::rejectedTokens, "rejected_tokens");
      b.tokens(ct, rt);
      NDArray pc = scalar(r -> r.policyChosen() != null ? r.policyChosen()
          : r.chosenTokens() != null ? (Double) r.chosenTokens().policySum() : null, "policy_chosen");
      NDArray pr = scalar(r -> r.policyRejected() != null ? r.policyRejected()
          : r.rejectedTokens() != null ? (Double) r.rejectedTokens().policySum() : null, "policy_rejected");
      NDArray rc = scalar(r -> r.refChosen() != null ? r.refChosen()
          : r.chosenTokens() != null ? r.chosenTokens().refSum() : null, "ref_chosen");
      NDArray rr = scalar(r -> r.refRejected() != null ? r.refRejected()
          : r.rejectedTokens() != null ? r.rejectedTokens().refSum() : null, "ref_rejected");
      b.policy(pc, pr).reference(rc, rr);
      b.lengths(
          scalar(r -> r.chosenLen() != null ? r.chosenLen()
              : r.chosenTokens() != null ? (Double) (double) r.chosenTokens().length() : null, "chosen_len"),
          scalar(r -> r.rejectedLen() != null ? r.rejectedLen()
              : r.rejectedTokens() != null ? (Double) (double) r.rejectedTokens().length() : null, "rejected_len"));
      b.labels(scalar(r -> r.label() == null ? null : r.label() ? 1.0 : 0.0, "label"));
      b.mismatched(scalar(ExampleRow::policyKl, "policy_kl"), scalar(ExampleRow::refKl, "ref_kl"));
      NDArray cs = scalar(ExampleRow::chosenScore, "chosen_score");
      NDArray rs = scalar(ExampleRow::rejectedScore, "rejected_score");
      if (cs == null && rs == null) {
        cs = matrix(ExampleRow::chosenMargins, "chosen_margins");
        rs = matrix(ExampleRow::rejectedMargins, "rejected_margins");
      }
      b.scores(cs, rs);
      b.gold(scalar(ExampleRow::policyGold, "policy_gold"), scalar(ExampleRow::goldLen, "gold_len"));
      b.weights(scalar(ExampleRow::weight, "weight"));
      b.lists(lists());
      NDArray dp = matrix(ExampleRow::denoisePolicy, "denoising");
      if (dp != null) {
        b.denoising(new DenoisingTerms(dp, matrix(ExampleRow::denoiseRef, "denoising"),
            matrix(ExampleRow::denoiseTarget, "denoising")));
      }
      b.put(LevelTerms.KEY, levels());
      b.put(SegmentTerms.KEY, segments());
      NDArray altPolicy = scalar(ExampleRow::policyChosenAlt, "policy_chosen_alt");
      NDArray altRef = scalar(ExampleRow::refChosenAlt, "ref_chosen_alt");
      if (altPolicy != null || altRef != null) {
        if (altPolicy == null || altRef == null) {
          throw new UserError(source + ": policy_chosen_alt and ref_chosen_alt go together");
        }
        b.put(AlternativeCondition.KEY, new AlternativeCondition(altPolicy, altRef));
      }
      b.put(CorrectedTokens.KEY, corrected(ct, rt));
      try {
        return b.build();
      } catch (IllegalStateException e) {
        throw new UserError(source + ": every line needs policy_chosen (or chosen_tokens), listwise "
            + "policy/ref/scores, levels or segments");
      }
    }

    private boolean allOrNone(Function<ExampleRow, ?> get, String field) {
      int present = 0;
      ExampleRow missing = null;
      for (ExampleRow r : rows) {
        if (get.apply(r) != null) present++;
        else if (missing == null) missing = r;
      }
      if (present != 0 && present != rows.size()) {
        throw new UserError(source + ":" + missing.line() + ": field '" + field
            + "': missing here but present on other lines");
      }
      return present > 0;
    }

    private NDArray scalar(Function<ExampleRow, Double> get, String field) {
      if (!allOrNone(get, field)) return null;
      double[] out = new double[rows.size()];
      for (int i = 0; i < out.length; i++) out[i] = get.apply(rows.get(i));
      return m.create(out).toType(type, false);
    }

    /** Rows of equal length as [B, D]. */
    private NDArray matrix(Function<ExampleRow, double[]> get, String field) {
      if (!allOrNone(get, field)) return null;
      int width = get.apply(rows.get(0)).length;
      double[] flat = new double[rows.size() * width];
      for (int i = 0; i < rows.size(); i++) {
        double[] x = get.apply(rows.get(i));
        if (x.length != width) {
          throw new UserError(source + ":" + rows.get(i).line() + ": field '" + field + "': has " + x.length
              + " values, other lines have " + width);
        }
        System.arraycopy(x, 0, flat, i * width, width);
      }
      return m.create(flat, new Shape(rows.size(), width)).toType(type, false);
    }

    /** Ragged rows right-padded with zeros as [B, width]; absent rows are filled with {@code fillAbsent}. */
    private NDArray padded(Function<ExampleRow, double[]> get, int[] lengths, int width, double fillAbsent) {
      double[] flat = new double[rows.size() * width];
      for (int i = 0; i < rows.size(); i++) {
        double[] x = get.apply(rows.get(i));
        for (int j = 0; j < lengths[i]; j++) flat[i * width + j] = x == null ? fillAbsent : x[j];
      }
      return m.create(flat, new Shape(rows.size(), width)).toType(type, false);
    }

    /** 1 for real entries, 0 for padding. */
    private NDArray mask(int[] lengths, int width) {
      return padded(r -> null, lengths, width, 1.0);
    }

    private TokenTerms tokens(Function<ExampleRow, ExampleRow.TokenRow> side, String field) {
      if (!allOrNone(side, field)) return null;
      int[] lengths = rows.stream().mapToInt(r -> side.apply(r).length()).toArray();
      int width = Arrays.stream(lengths).max().orElse(0);
      if (width == 0) throw new UserError(source + ": field '" + field + "': every completion has zero tokens");
      Function<Function<ExampleRow.TokenRow, double[]>, NDArray> part = get -> {
        String name = field;
        if (!allOrNone(r -> get.apply(side.apply(r)), name)) return null;
        return padded(r -> get.apply(side.apply(r)), lengths, width, 0);
      };
      return new TokenTerms(part.apply(ExampleRow.TokenRow::policy), part.apply(ExampleRow.TokenRow::ref),
          mask(lengths, width), part.apply(ExampleRow.TokenRow::kl), part.apply(ExampleRow.TokenRow::weight),
          part.apply(ExampleRow.TokenRow::logSqMass));
    }

    /** Each level as paired terms of its own; every line must name the same levels with the same weights. */
    private LevelTerms levels() {
      if (!allOrNone(ExampleRow::levels, "levels")) return null;
      Map<String, ExampleRow.LevelRow> first = rows.get(0).levels();
      for (ExampleRow r : rows) {
        if (!r.levels().keySet().equals(first.keySet())) {
          throw new UserError(source + ":" + r.line() + ": field 'levels': names " + r.levels().keySet()
              + ", other lines have " + first.keySet());
        }
        for (String name : first.keySet()) {
          if (r.levels().get(name).weight() != first.get(name).weight()) {
            throw new UserError(source + ":" + r.line() + ": field 'levels." + name + ".weight': differs from "
                + "line " + rows.get(0).line() + "'s (a level has one weight per batch)");
          }
        }
      }
      Map<String, LevelTerms.Level> out = new LinkedHashMap<>();
      for (String name : first.keySet()) {
        String field = "levels." + name + ".";
        Function<Function<ExampleRow.LevelRow, Double>, Function<ExampleRow, Double>> at =
            get -> r -> get.apply(r.levels().get(name));
        PreferenceTerms t = PreferenceTerms.builder()
            .policy(scalar(at.apply(ExampleRow.LevelRow::policyChosen), field + "policy_chosen"),
                scalar(at.apply(ExampleRow.LevelRow::policyRejected), field + "policy_rejected"))
            .reference(scalar(at.apply(ExampleRow.LevelRow::refChosen), field + "ref_chosen"),
                scalar(at.apply(ExampleRow.LevelRow::refRejected), field + "ref_rejected"))
            .build();
        out.put(name, new LevelTerms.Level(first.get(name).weight(), t));
      }
      try {
        return new LevelTerms(out);
      } catch (IllegalArgumentException e) {
        throw new UserError(source + ": field 'levels': " + e.getMessage());
      }
    }

    /** Ragged segments right-padded with label 0 (left out of the sum). */
    private SegmentTerms segments() {
      if (!allOrNone(ExampleRow::segments, "segments")) return null;
      int[] lengths = rows.stream().mapToInt(r -> r.segments().labels().length).toArray();
      int width = Math.max(1, Arrays.stream(lengths).max().orElse(0));
      return new SegmentTerms(padded(r -> r.segments().policyChosen(), lengths, width, 0),
          padded(r -> r.segments().policyRejected(), lengths, width, 0),
          padded(r -> r.segments().refChosen(), lengths, width, 0),
          padded(r -> r.segments().refRejected(), lengths, width, 0),
          padded(r -> r.segments().labels(), lengths, width, 0));
    }

    /** Corrected-token marks of both sides; a side without any is all zeros. */
    private CorrectedTokens corrected(TokenTerms ct, TokenTerms rt) {
      boolean chosen = allOrNone(r -> r.chosenTokens() == null ? null : r.chosenTokens().corrected(),
          "chosen_tokens.corrected");
      boolean rejected = allOrNone(r -> r.rejectedTokens() == null ? null : r.rejectedTokens().corrected(),
          "rejected_tokens.corrected");
      if (!chosen && !rejected) return null;
      return new CorrectedTokens(marks(ct, ExampleRow::chosenTokens, chosen),
          marks(rt, ExampleRow::rejectedTokens, rejected));
    }

    private NDArray marks(TokenTerms side, Function<ExampleRow, ExampleRow.TokenRow> get, boolean present) {
      if (!present) return side.mask().zerosLike();
      int[] lengths = rows.stream().mapToInt(r -> get.apply(r).length()).toArray();
      return padded(r -> get.apply(r).corrected(), lengths, (int) side.mask().getShape().get(1), 0);
    }

    private ListTerms lists() {
      if (!allOrNone(ExampleRow::policy, "policy")) return null;
      int[] lengths = rows.stream().mapToInt(r -> r.policy().length).toArray();
      int width = Arrays.stream(lengths).max().orElse(0);
      return new ListTerms(padded(ExampleRow::policy, lengths, width, 0), padded(ExampleRow::ref, lengths, width, 0),
          padded(ExampleRow::scores, lengths, width, 0), mask(lengths, width));
    }
  }
}
