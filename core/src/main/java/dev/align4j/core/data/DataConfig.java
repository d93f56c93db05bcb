package dev.align4j.core.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import java.util.List;
import java.util.Map;

/**
 * Where the preference data is and how to read it: the {@code data} section of a run's YAML (keys in
 * snake_case). Every key is optional; {@code train} must be set before {@link DatasetReader#read} is called.
 *
 * @param train the training file ({@code .jsonl}, {@code .json} lines or {@code .parquet}), relative to the
 *     config's directory; null when not set
 * @param eval an evaluation file read like {@code train}; null for none
 * @param evalFraction when there is no {@code eval} file, hold out this fraction of the training examples,
 *     the last ones in file order; 0 (the default) for none
 * @param format the shape of each example; {@code paired} by default
 * @param preset a known public dataset's schema; {@code none} by default. Presets are paired data.
 * @param columns column names that differ from the defaults, keyed by role ({@code prompt}, {@code chosen},
 *     {@code rejected}, {@code completion}, {@code label}, {@code completions}, {@code scores})
 * @param skipBadRows skip (and count) rows with a missing, empty or ill-typed value instead of stopping
 * @param maxRows read at most this many rows of each file (bad rows included); null for all
 */
public record DataConfig(
    @JsonProperty("train") String train,
    @JsonProperty("eval") String eval,
    @JsonProperty("eval_fraction") double evalFraction,
    @JsonProperty("format") Format format,
    @JsonProperty("preset") Preset preset,
    @JsonProperty("columns") Map<String, String> columns,
    @JsonProperty("skip_bad_rows") boolean skipBadRows,
    @JsonProperty("max_rows") Long maxRows) {

  /** Every column role a format or preset may read, in the order messages list them. */
  public static final List<String> ROLES =
      List.of("prompt", "chosen", "rejected", "completion", "label", "completions", "scores");

  /** What one example holds. */
  public enum Format {
    /** prompt, chosen, rejected. */
    @JsonProperty("paired") PAIRED,
    /** prompt, completion, label (KTO, BCO). */
    @JsonProperty("unpaired") UNPAIRED,
    /** prompt, completions, scores (LiPO, NCA, InfoNCA). */
    @JsonProperty("listwise") LISTWISE;

    @Override
    public String toString() {
      return name().toLowerCase();
    }
  }

  /** A public dataset whose schema needs more than renaming columns. */
  public enum Preset {
    @JsonProperty("none") NONE,
    /** HuggingFaceH4/ultrafeedback_binarized: chosen/rejected are whole conversations as message lists. */
    @JsonProperty("ultrafeedback_binarized") ULTRAFEEDBACK_BINARIZED,
    /** Anthropic/hh-rlhf: chosen/rejected are whole "\n\nHuman: ...\n\nAssistant: ..." dialogues. */
    @JsonProperty("hh_rlhf") HH_RLHF;

    @Override
    public String toString() {
      return name().toLowerCase();
    }
  }

  public DataConfig {
    if (preset != null && preset != Preset.NONE && format != null && format != Format.PAIRED) {
      throw new UserError("data.preset " + preset + " is paired data; data.format must be paired, not " + format);
    }
    format = format == null ? Format.PAIRED : format;
    preset = preset == null ? Preset.NONE : preset;
    columns = columns == null ? ImmutableMap.of() : ImmutableMap.copyOf(columns);
    if (!(evalFraction >= 0 && evalFraction < 1)) {
      throw new UserError("data.eval_fraction must be in [0, 1), got " + evalFraction);
    }
    if (eval != null && evalFraction > 0) {
      throw new UserError("data.eval and data.eval_fraction are both set; give one of them");
    }
    if (maxRows != null && maxRows < 1) {
      throw new UserError("data.max_rows must be at least 1, got " + maxRows);
    }
    List<String> used = rolesOf(format, preset);
    for (Map.Entry<String, String> e : columns.entrySet()) {
      String role = e.getKey();
      if (!ROLES.contains(role)) {
        throw new UserError("data.columns." + role + ": unknown column role" + Suggestions.didYouMean(role, ROLES)
            + " (roles: " + String.join(", ", ROLES) + ")");
      }
      if (!used.contains(role)) {
        throw new UserError("data.columns." + role + ": not read by " + describe(format, preset)
            + ", which reads " + String.join(", ", used));
      }
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new UserError("data.columns." + role + ": empty column name");
      }
    }
  }

  /** Defaults, reading {@code train}. */
  public static DataConfig of(String train) {
    return new DataConfig(train, null, 0, null, null, null, false, null);
  }

  // Copies with one key changed, for code and tests that build configs without YAML.

  public DataConfig withEval(String eval) {
    return new DataConfig(train, eval, evalFraction, format, preset, columns, skipBadRows, maxRows);
  }

  public DataConfig withEvalFraction(double evalFraction) {
    return new DataConfig(train, eval, evalFraction, format, preset, columns, skipBadRows, maxRows);
  }

  public DataConfig withFormat(Format format) {
    return new DataConfig(train, eval, evalFraction, format, preset, columns, skipBadRows, maxRows);
  }

  public DataConfig withPreset(Preset preset) {
    return new DataConfig(train, eval, evalFraction, format, preset, columns, skipBadRows, maxRows);
  }

  public DataConfig withColumns(Map<String, String> columns) {
    return new DataConfig(train, eval, evalFraction, format, preset, columns, skipBadRows, maxRows);
  }

  public DataConfig withSkipBadRows(boolean skipBadRows) {
    return new DataConfig(train, eval, evalFraction, format, preset, columns, skipBadRows, maxRows);
  }

  public DataConfig withMaxRows(Long maxRows) {
    return new DataConfig(train, eval, evalFraction, format, preset, columns, skipBadRows, maxRows);
  }

  /** The roles this format and preset read, in order. */
  public List<String> roles() {
    return rolesOf(format, preset);
  }

  /** The column name in the data for a role: the override from {@code columns}, else the role itself. */
  public String column(String role) {
    return columns.getOrDefault(role, role);
  }

  private static List<String> rolesOf(Format format, Preset preset) {
    if (preset == Preset.HH_RLHF) return ImmutableList.of("chosen", "rejected");
    return switch (format) {
      case PAIRED -> ImmutableList.of("prompt", "chosen", "rejected");
      case UNPAIRED -> ImmutableList.of("prompt", "completion", "label");
      case LISTWISE -> ImmutableList.of("prompt", "completions", "scores");
    };
  }

  private static String describe(Format format, Preset preset) {
    return preset == Preset.NONE ? "format " + format : "preset " + preset;
  }
}
