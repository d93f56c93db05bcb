package dev.align4j.core.terms;

/**
 * One example of a loss-evaluation file (one JSON line); field names and meanings are those of
 * docs/losses.md. Absent fields are null.
 */
record ExampleRow(
    int line,
    Double policyChosen, Double policyRejected, Double refChosen, Double refRejected,
    Double chosenLen, Double rejectedLen,
    Boolean label, Double policyKl, Double refKl,
    Double chosenScore, Double rejectedScore, double[] chosenMargins, double[] rejectedMargins,
    Double policyGold, Double goldLen,
    double[] policy, double[] ref, double[] scores,
    TokenRow chosenTokens, TokenRow rejectedTokens,
    double[] denoisePolicy, double[] denoiseRef, double[] denoiseTarget,
    Double weight,
    java.util.Map<String, LevelRow> levels, SegmentRow segments, Double policyChosenAlt, Double refChosenAlt) {

  /** One level's weight and paired terms. */
  record LevelRow(double weight, Double policyChosen, Double policyRejected, Double refChosen,
      Double refRejected) {}

  /** Per-segment terms and labels, equal-length arrays. */
  record SegmentRow(double[] policyChosen, double[] policyRejected, double[] refChosen, double[] refRejected,
      double[] labels) {}

  /** Per-token arrays of one completion; all present arrays have the same length. */
  record TokenRow(double[] policy, double[] ref, double[] kl, double[] weight, double[] logSqMass,
      double[] corrected) {
    int length() {
      return policy.length;
    }

    double policySum() {
      return sum(policy);
    }

    Double refSum() {
      return ref == null ? null : sum(ref);
    }

    private static double sum(double[] x) {
      double s = 0;
      for (double v : x) s += v;
      return s;
    }
  }

  /** The chosen half as an unpaired desirable completion, or the rejected half as an undesirable one. */
  ExampleRow half(boolean chosen) {
    return new ExampleRow(line,
        chosen ? policyChosen : policyRejected, null, chosen ? refChosen : refRejected, null,
        chosen ? chosenLen : rejectedLen, null, chosen, policyKl, refKl,
        null, null, null, null, null, null, null, null, null,
        chosen ? chosenTokens : rejectedTokens, null, null, null, null, weight, null, null, null, null);
  }
}
