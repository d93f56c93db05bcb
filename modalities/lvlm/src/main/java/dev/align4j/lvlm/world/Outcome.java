package dev.align4j.lvlm.world;

import java.util.Locale;

/** What an answer did, judged against the ground truth of every picture ({@link CollageChecker}). */
public enum Outcome {
  /** Names the referred picture's answer. */
  CORRECT,
  /** Names the answer the question has about another picture (and not the referred one's). */
  SEQUENCE_CONFUSION,
  /** Names the asked attribute of a shape the question does not refer to, in any picture (MIA-DPO's element
   * interference), where no other picture explains it. */
  INTERFERENCE,
  /** Names a wrong value that neither of the above explains. */
  WRONG,
  /** Names no value of the asked attribute, or more than one. */
  NO_ANSWER;

  /** The lower-case name used in files and reports. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
