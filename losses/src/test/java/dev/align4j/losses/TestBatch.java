package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A batch with every quantity any loss can need, in float64. The policy side is held as free parameters
 * (token log-probs, listwise policy terms, noise predictions, gold log-prob); summed log-probs are derived
 * from the tokens, so one set of parameters drives every loss consistently.
 */
final class TestBatch {
  static final int B = 4;
  static final int T = 5;
  static final int K = 3;
  static final int D = 6;
  static final int[] LENGTHS_CHOSEN = {5, 3, 4, 2};
  static final int[] LENGTHS_REJECTED = {4, 5, 2, 3};

  /** The free parameters, by name. */
  final Map<String, double[]> params = new LinkedHashMap<>();
  private final double[] refChosen;
  private final double[] refRejected;
  private final double[] klChosen;
  private final double[] klRejected;
  private final double[] weightChosen;
  private final double[] weightRejected;
  private final double[] sqMassChosen;
  private final double[] sqMassRejected;
  private final double[] listRef;
  private final double[] scores;
  private final double[] denoiseRef;
  private final double[] denoiseTarget;
  private final double[] labels = {1, 0, 1, 0};
  private final double[] mismatchedPolicy;
  private final double[] mismatchedRef;
  private final double[] winRates = {0.8, 0.6, 0.9, 0.7};
  private final double[] margins;

  /** A batch whose policy starts at the reference plus {@code spread} noise. */
  TestBatch(long seed, double spread) {
    Random r = new Random(seed);
    refChosen = tokens(r, -1.2, 0.6);
    refRejected = tokens(r, -1.2, 0.6);
    params.put("tokens_chosen", near(r, refChosen, spread));
    params.put("tokens_rejected", near(r, refRejected, spread));
    klChosen = uniform(r, B * T, 0.01, 0.2);
    klRejected = uniform(r, B * T, 0.01, 0.2);
    weightChosen = uniform(r, B * T, 0.2, 1.0);
    weightRejected = uniform(r, B * T, 0.2, 1.0);
    sqMassChosen = uniform(r, B * T, -1.5, -0.2);
    sqMassRejected = uniform(r, B * T, -1.5, -0.2);
    listRef = uniform(r, B * K, -6, -1);
    params.put("list", near(r, listRef, spread));
    scores = new double[B * K];
    for (int i = 0; i < scores.length; i++) scores[i] = (i % K) * 1.5 + r.nextDouble() * 0.5;  // distinct, ordered
    denoiseTarget = gaussian(r, B * D);
    denoiseRef = near(r, denoiseTarget, 0.5);
    params.put("denoise", near(r, denoiseRef, spread));
    params.put("gold", uniform(r, B, -4, -2));
    mismatchedPolicy = uniform(r, B, -8, -4);
    mismatchedRef = near(r, mismatchedPolicy, 0.3);
    margins = uniform(r, B * 2, -1, 1);
  }

  /** Terms built from the given parameter arrays (which may require gradients). */
  PreferenceTerms terms(NDManager m, Map<String, NDArray> p) {
    NDArray maskC = mask(m, LENGTHS_CHOSEN);
    NDArray maskR = mask(m, LENGTHS_REJECTED);
    NDArray refTokC = matrix(m, refChosen, T);
    NDArray refTokR = matrix(m, refRejected, T);
    TokenTerms tc = new TokenTerms(p.get("tokens_chosen"), refTokC, maskC, matrix(m, klChosen, T),
        matrix(m, weightChosen, T), matrix(m, sqMassChosen, T));
    TokenTerms tr = new TokenTerms(p.get("tokens_rejected"), refTokR, maskR, matrix(m, klRejected, T),
        matrix(m, weightRejected, T), matrix(m, sqMassRejected, T));
    NDArray lenC = vector(m, toDouble(LENGTHS_CHOSEN));
    NDArray lenR = vector(m, toDouble(LENGTHS_REJECTED));
    return PreferenceTerms.builder()
        .policy(tc.masked(tc.policy()).sum(new int[] {1}), tr.masked(tr.policy()).sum(new int[] {1}))
        .reference(refTokC.mul(maskC).sum(new int[] {1}), refTokR.mul(maskR).sum(new int[] {1}))
        .lengths(lenC, lenR)
        .tokens(tc, tr)
        .labels(vector(m, labels))
        .mismatched(vector(m, mismatchedPolicy), vector(m, mismatchedRef))
        .gold(p.get("gold"), vector(m, new double[] {3, 4, 2, 5}))
        .lists(new ListTerms(p.get("list"), matrix(m, listRef, K), matrix(m, scores, K), m.ones(new Shape(B, K), type)))
        .denoising(new DenoisingTerms(p.get("denoise"), matrix(m, denoiseRef, D), matrix(m, denoiseTarget, D)))
        .build();
  }

  /**
   * {@code t} plus keyed structured terms, all driven by the token parameters: levels "video" (every token,
   * weight 0.75) and "frame" (the first two tokens, weight 0.25); the tokens as DenseDPO segments with fixed
   * signed labels (0 where either side is padding); the chosen completion under an alternative condition
   * (scaled log-probs); RLHF-V marks on a fixed pattern of tokens.
   */
  PreferenceTerms withStructure(NDManager m, PreferenceTerms t) {
    TokenTerms c = t.chosenTokens();
    TokenTerms r = t.rejectedTokens();
    double[] firstTwo = new double[B * T];
    double[] labels = new double[B * T];
    double[] marks = new double[B * T];
    double[] pattern = {1, 1, -1, 0, 1};
    for (int i = 0; i < B; i++) {
      for (int j = 0; j < T; j++) {
        firstTwo[i * T + j] = j < 2 ? 1 : 0;
        boolean both = j < LENGTHS_CHOSEN[i] && j < LENGTHS_REJECTED[i];
        labels[i * T + j] = both ? pattern[(i + j) % T] : 0;
        marks[i * T + j] = (i + 2 * j) % 3 == 0 ? 1 : 0;
      }
    }
    NDArray head = matrix(m, firstTwo, T);
    PreferenceTerms frame = PreferenceTerms.builder()
        .policy(Ops.sumLast(c.masked(c.policy()).mul(head)), Ops.sumLast(r.masked(r.policy()).mul(head)))
        .reference(Ops.sumLast(c.masked(c.reference()).mul(head)), Ops.sumLast(r.masked(r.reference()).mul(head)))
        .build();
    PreferenceTerms video = PreferenceTerms.builder().policy(t.policyChosen(), t.policyRejected())
        .reference(t.refChosen(), t.refRejected()).build();
    Map<String, LevelTerms.Level> levels = new LinkedHashMap<>();
    levels.put("video", new LevelTerms.Level(0.75, video));
    levels.put("frame", new LevelTerms.Level(0.25, frame));
    return t.toBuilder()
        .put(LevelTerms.KEY, new LevelTerms(levels))
        .put(SegmentTerms.KEY, new SegmentTerms(c.masked(c.policy()), r.masked(r.policy()),
            c.masked(c.reference()), r.masked(r.reference()), matrix(m, labels, T)))
        .put(AlternativeCondition.KEY, new AlternativeCondition(t.policyChosen().mul(1.1),
            t.refChosen().mul(1.1).sub(0.5)))
        .put(CorrectedTokens.KEY, new CorrectedTokens(matrix(m, marks, T), matrix(m, marks, T)))
        .build();
  }

  /** Terms with SPPO win rates or MODPO margins as the scores. */
  PreferenceTerms withScores(NDManager m, PreferenceTerms t, boolean modpo) {
    if (modpo) {
      double[] mc = new double[B];
      double[] mr = new double[B];
      for (int i = 0; i < B; i++) {
        mc[i] = margins[2 * i];
        mr[i] = margins[2 * i + 1];
      }
      return t.toBuilder().scores(matrix(m, mc, 1), matrix(m, mr, 1)).build();
    }
    double[] lose = new double[B];
    for (int i = 0; i < B; i++) lose[i] = 1 - winRates[i];
    return t.toBuilder().scores(vector(m, winRates), vector(m, lose)).build();
  }

  /** The parameters as fresh float64 arrays. */
  Map<String, NDArray> arrays(NDManager m) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("tokens_chosen", matrix(m, params.get("tokens_chosen"), T));
    out.put("tokens_rejected", matrix(m, params.get("tokens_rejected"), T));
    out.put("list", matrix(m, params.get("list"), K));
    out.put("denoise", matrix(m, params.get("denoise"), D));
    out.put("gold", vector(m, params.get("gold")));
    return out;
  }

  /** Whether element i of a parameter is a real (unpadded) entry. */
  static boolean live(String name, int i) {
    return switch (name) {
      case "tokens_chosen" -> i % T < LENGTHS_CHOSEN[i / T];
      case "tokens_rejected" -> i % T < LENGTHS_REJECTED[i / T];
      default -> true;
    };
  }

  private static NDArray mask(NDManager m, int[] lengths) {
    double[] x = new double[B * T];
    for (int i = 0; i < B; i++) for (int j = 0; j < lengths[i]; j++) x[i * T + j] = 1;
    return matrix(m, x, T);
  }

  /** The floating-point type of every array the batch builds: float64, or float32 as training runs. */
  static DataType type = DataType.FLOAT64;

  static NDArray matrix(NDManager m, double[] x, int width) {
    return m.create(x, new Shape(x.length / width, width)).toType(type, false);
  }

  static NDArray vector(NDManager m, double[] x) {
    return m.create(x).toType(type, false);
  }

  private static double[] toDouble(int[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = x[i];
    return out;
  }

  private static double[] tokens(Random r, double mean, double spread) {
    double[] x = new double[B * T];
    for (int i = 0; i < x.length; i++) x[i] = Math.min(-0.05, mean + spread * r.nextGaussian());
    return x;
  }

  private static double[] near(Random r, double[] base, double spread) {
    double[] x = base.clone();
    for (int i = 0; i < x.length; i++) x[i] += spread * r.nextGaussian();
    return x;
  }

  private static double[] uniform(Random r, int n, double lo, double hi) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * r.nextDouble();
    return x;
  }

  private static double[] gaussian(Random r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
    return x;
  }
}
