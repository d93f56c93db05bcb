package dev.align4j.lvlm.world;

import java.util.Locale;

/** Where a pair's rejected answer came from. */
public enum RejectedKind {
  /** The world's known confusion: the answer the question has about another picture than the referred one. */
  SEQUENCE_CONFUSION,
  /** The world's known confusion: a value of the asked attribute that no shape of any picture has. */
  HALLUCINATION;

  /** The lower-case name used in files ({@code sequence_confusion}, {@code hallucination}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named by {@link #key()}. */
  public static RejectedKind of(String key) {
    for (RejectedKind k : values()) {
      if (k.key().equals(key)) return k;
    }
    throw new IllegalArgumentException("unknown rejected kind '" + key + "' (sequence_confusion, hallucination)");
  }
}
