package dev.align4j.core.data;

import com.google.common.base.Strings;
import dev.align4j.core.data.PreferenceExample.Paired;

/**
 * Anthropic/hh-rlhf: {@code chosen} and {@code rejected} are whole dialogues
 * {@code "\n\nHuman: ...\n\nAssistant: ..."}. The prompt is their longest shared prefix that ends right after
 * a {@code "\n\nAssistant:"}; the completions are what follows it in each. All raw text.
 */
final class HhRlhfPreset implements RowMapper {
  static final String ASSISTANT = "\n\nAssistant:";

  @Override
  public PreferenceExample map(String source, long row, RowFields f) throws BadRow {
    String chosen = f.string("chosen");
    String rejected = f.string("rejected");
    int shared = Strings.commonPrefix(chosen, rejected).length();
    int start = chosen.lastIndexOf(ASSISTANT, shared - ASSISTANT.length());
    if (start < 0) {
      throw BadRow.columns(f.name("chosen"), f.name("rejected"),
          "no shared prompt ending in \"\\n\\nAssistant:\"");
    }
    int cut = start + ASSISTANT.length();
    String chosenReply = chosen.substring(cut);
    String rejectedReply = rejected.substring(cut);
    if (chosenReply.isBlank()) throw BadRow.column(f.name("chosen"), "empty completion");
    if (rejectedReply.isBlank()) throw BadRow.column(f.name("rejected"), "empty completion");
    return new Paired(source, row, Text.raw(chosen.substring(0, cut)), Text.raw(chosenReply), Text.raw(rejectedReply));
  }
}
