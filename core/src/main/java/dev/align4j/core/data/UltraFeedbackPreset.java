package dev.align4j.core.data;

import dev.align4j.core.data.PreferenceExample.Paired;
import java.util.List;
import java.util.Set;

/**
 * HuggingFaceH4/ultrafeedback_binarized: {@code chosen} and {@code rejected} are whole conversations
 * ({@code list<struct{content, role}>}). The prompt is the conversation before the last message (which must
 * agree between the two), or the {@code prompt} string as a user message when there is none; each completion
 * is the last message, which must be the assistant's.
 */
final class UltraFeedbackPreset implements RowMapper {
  @Override
  public Set<String> optionalRoles() {
    return Set.of("prompt");
  }

  @Override
  public PreferenceExample map(String source, long row, RowFields f) throws BadRow {
    List<Message> chosen = f.messages("chosen");
    List<Message> rejected = f.messages("rejected");
    Message chosenReply = reply(f.name("chosen"), chosen);
    Message rejectedReply = reply(f.name("rejected"), rejected);
    List<Message> context = chosen.subList(0, chosen.size() - 1);
    if (!context.equals(rejected.subList(0, rejected.size() - 1))) {
      throw BadRow.columns(f.name("chosen"), f.name("rejected"), "the conversations differ before the last message");
    }
    Text prompt = context.isEmpty()
        ? Text.messages(List.of(new Message("user", f.string("prompt"))))
        : Text.messages(context);
    return new Paired(source, row, prompt, Text.messages(List.of(chosenReply)), Text.messages(List.of(rejectedReply)));
  }

  private static Message reply(String column, List<Message> conversation) throws BadRow {
    Message last = conversation.get(conversation.size() - 1);
    if (!last.role().equals("assistant")) {
      throw BadRow.column(column, "the last message is from '" + last.role() + "', expected 'assistant'");
    }
    if (last.content().isBlank()) throw BadRow.column(column, "empty completion");
    return last;
  }
}
