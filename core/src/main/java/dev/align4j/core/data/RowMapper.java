package dev.align4j.core.data;

import dev.align4j.core.data.PreferenceExample.Listwise;
import dev.align4j.core.data.PreferenceExample.Paired;
import dev.align4j.core.data.PreferenceExample.Unpaired;
import java.util.List;
import java.util.Set;

/** Turns one source row into a {@link PreferenceExample}, the way a format or preset reads it. */
interface RowMapper {
  PreferenceExample map(String source, long row, RowFields fields) throws BadRow;

  /** Roles a file may lack as a column (they are then missing from every row). */
  default Set<String> optionalRoles() {
    return Set.of();
  }

  /** The mapper for a config's format and preset. */
  static RowMapper of(DataConfig config) {
    return switch (config.preset()) {
      case ULTRAFEEDBACK_BINARIZED -> new UltraFeedbackPreset();
      case HH_RLHF -> new HhRlhfPreset();
      case NONE -> switch (config.format()) {
        case PAIRED -> RowMapper::paired;
        case UNPAIRED -> RowMapper::unpaired;
        case LISTWISE -> RowMapper::listwise;
      };
    };
  }

  private static PreferenceExample paired(String source, long row, RowFields f) throws BadRow {
    return new Paired(source, row, f.text("prompt"), f.completion("chosen"), f.completion("rejected"));
  }

  private static PreferenceExample unpaired(String source, long row, RowFields f) throws BadRow {
    return new Unpaired(source, row, f.text("prompt"), f.completion("completion"), f.label("label"));
  }

  private static PreferenceExample listwise(String source, long row, RowFields f) throws BadRow {
    Text prompt = f.text("prompt");
    List<Text> completions = f.completions("completions");
    List<Double> scores = f.scores("scores");
    if (completions.size() != scores.size()) {
      throw BadRow.columns(f.name("completions"), f.name("scores"),
          completions.size() + " completions but " + scores.size() + " scores");
    }
    if (completions.size() < 2) {
      throw BadRow.column(f.name("completions"), "needs at least 2 completions, got " + completions.size());
    }
    return new Listwise(source, row, prompt, completions, scores);
  }
}
