package dev.align4j.core.data;

import com.google.common.base.Preconditions;

/** One chat turn: a role ({@code system}, {@code user}, {@code assistant}) and its text. */
public record Message(String role, String content) {
  public Message {
    Preconditions.checkNotNull(role, "role");
    Preconditions.checkNotNull(content, "content");
  }
}
