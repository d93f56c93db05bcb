package dev.align4j.core.data;

/**
 * One row of a preference dataset, after column mapping. {@code source} and {@code row} say where it came
 * from (file and 1-based row), for messages and provenance.
 */
public sealed interface PreferenceExample
    permits PreferenceExample.Paired, PreferenceExample.Unpaired, PreferenceExample.Listwise {
  String source();

  long row();

  /** A prompt with a preferred and a dispreferred completion. */
  record Paired(String source, long row, Text prompt, Text chosen, Text rejected) implements PreferenceExample {}

  /** A prompt with one completion labelled desirable (true) or undesirable (false): KTO, BCO. */
  record Unpaired(String source, long row, Text prompt, Text completion, boolean label) implements PreferenceExample {}

  /** A prompt with several completions and a score for each (higher is better): LiPO, InfoNCA, NCA. */
  record Listwise(String source, long row, Text prompt, java.util.List<Text> completions, java.util.List<Double> scores)
      implements PreferenceExample {}
}
