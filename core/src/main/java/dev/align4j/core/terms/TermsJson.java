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
import dev.align4j.losses.DenoisingTerms;
import dev.align4j.losses.ListTerms;
import dev.align4j.losses.PreferenceTerms;
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
import java.util.List;
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
      "chosen_tokens", "rejected_tokens", "denoising", "weight");
  private static final Set<String> TOKEN_FIELDS = Set.of("policy", "ref", "kl", "weight", "log_sq_mass");
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
        denoisePolicy, denoiseRef, denoiseTarget, real(n, "weight", line));
    if (r.policy() != null || r.ref() != null || r.scores() != null) {
      if (r.policy() == null || r.ref() == null || r.scores() == null) {
        throw new UserError(where(line, "policy") + "listwise examples need policy, ref and scores arrays");
      }
      sameLength(line, "policy/ref/scores", r.policy(), r.ref(), r.scores());
      if (r.policy().length == 0) throw new UserError(where(line, "policy") + "empty list");
    }
    return r;
  }

  private ExampleRow.TokenRow tokens(JsonNode n, String field, int line) {
    JsonNode t = n.get(field);
    if (t == null) return null;
    checkObject(t, line, field, TOKEN_FIELDS);
    String prefix = field + ".";
    double[] policy = reals(t, "policy", line, prefix);
    if (policy == null) throw new UserError(where(line, field) + "needs a 'policy' array");
    ExampleRow.TokenRow row = new ExampleRow.TokenRow(policy, reals(t, "ref", line, prefix),
        reals(t, "kl", line, prefix), reals(t, "weight", line, prefix), reals(t, "log_sq_mass", line, prefix));
    sameLength(line, field, row.policy(), row.ref(), row.kl(), row.weight(), row.logSqMass());
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
      try {
        return b.build();
      } catch (IllegalStateException e) {
        throw new UserError(source + ": every line needs policy_chosen (or chosen_tokens), or listwise policy/ref/scores");
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
        throw new UserError(source + ":" + missing.line() + ": field '" + field + "': missing here but present on other lines");
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

    private ListTerms lists() {
      if (!allOrNone(ExampleRow::policy, "policy")) return null;
      int[] lengths = rows.stream().mapToInt(r -> r.policy().length).toArray();
      int width = Arrays.stream(lengths).max().orElse(0);
      return new ListTerms(padded(ExampleRow::policy, lengths, width, 0), padded(ExampleRow::ref, lengths, width, 0),
          padded(ExampleRow::scores, lengths, width, 0), mask(lengths, width));
    }
  }
}
