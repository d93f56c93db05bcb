package dev.align4j.image.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DiffusionStep;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Sampler;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SPO (step-aware preference optimisation, Liang et al. 2024) on captions. Per batch of B captions:
 *
 * <ol>
 *   <li>sample with the policy (no gradient; DDIM eta &gt; 0, CFG) from x_T down to a sampling step i drawn
 *       uniformly from the steps that have std &gt; 0 (all but the last);</li>
 *   <li>at x_t of step i, draw k candidates {@code x_prev^j = mean + std z_j} from the step's Gaussian (one
 *       shared x_t per caption; z_j from the image's seed, streams 1000 + j);</li>
 *   <li>score each candidate's predicted clean image (the guided policy's x0 at (x_prev^j, prev), decoded) with
 *       the {@link StepScorer};</li>
 *   <li>keep (best, worst) when {@code softmax(s / temperature)[best] - softmax(s / temperature)[worst] >
 *       threshold} (0.3 in the paper);</li>
 *   <li>terms: {@code policyChosen = log p_theta(x_w | x_t)}, {@code policyRejected = log p_theta(x_l | x_t)}
 *       (guided, with gradient), the reference's the same (detached). Loss {@code spo}.</li>
 * </ol>
 *
 * <p>With {@code stepsPerBatch} S &gt; 1, S distinct steps are drawn and each contributes its pairs (one
 * trajectory per caption, so later steps continue the same sample). When no caption passes the gap at the
 * drawn steps, the trajectory continues and candidates are drawn at every following step until one passes
 * ("retry later in the same trajectory"): a batch without a pair would leave the trainer a loss without a
 * graph. If none passes by the last trainable step, each caption's best-vs-worst pair of the last try is emitted
 * with weight 0 (a zero loss that still has a graph, so the step stays well-defined); {@link #lastStats()} says
 * how often that happens.
 */
public final class Spo extends OnlineModality {
  /** Stream offset of candidate noise (below it: the sampler's own streams). */
  static final long CANDIDATE_STREAM = 1000;

  /**
   * The {@code spo:} section; its defaults are SPO's settings.
   *
   * @param candidates k per caption and step (SPO: 4)
   * @param threshold minimum softmax-probability gap between best and worst (SPO: 0.3)
   * @param temperature softmax temperature, in the scorer's units (1 for logit-like reward scores; about 0.1
   *     for scores in [0, 1] such as the shapes checker's)
   * @param stepsPerBatch sampling steps drawn per batch (1: one random step, as in SPO's per-step sampling)
   */
  public record Config(
      @JsonProperty("candidates") Integer candidates,
      @JsonProperty("threshold") Double threshold,
      @JsonProperty("temperature") Double temperature,
      @JsonProperty("steps_per_batch") Integer stepsPerBatch) {
    public Config {
      candidates = candidates == null ? 4 : candidates;
      threshold = threshold == null ? 0.3 : threshold;
      temperature = temperature == null ? 1.0 : temperature;
      stepsPerBatch = stepsPerBatch == null ? 1 : stepsPerBatch;
      Preconditions.checkArgument(candidates >= 2, "spo.candidates must be >= 2, got %s", candidates);
      Preconditions.checkArgument(threshold >= 0 && threshold < 1, "spo.threshold must be in [0, 1), got %s",
          threshold);
      Preconditions.checkArgument(temperature > 0, "spo.temperature must be > 0, got %s", temperature);
      Preconditions.checkArgument(stepsPerBatch >= 1, "spo.steps_per_batch must be >= 1, got %s", stepsPerBatch);
    }

    /** SPO's settings: k = 4, threshold 0.3, temperature 1, one step per batch. */
    public static Config defaults() {
      return new Config(null, null, null, null);
    }

    public Config withTemperature(double t) {
      return new Config(candidates, threshold, t, stepsPerBatch);
    }

    public Config withThreshold(double t) {
      return new Config(candidates, t, temperature, stepsPerBatch);
    }

    public Config withStepsPerBatch(int s) {
      return new Config(candidates, threshold, temperature, s);
    }
  }

  /** What the last {@code terms} call did: pairs emitted, steps tried, and whether it fell back to weight 0. */
  public record Stats(int pairs, int stepsTried, boolean fellBack) {}

  private final Config options;
  private volatile Stats lastStats = new Stats(0, 0, false);

  /** @param config DDIM with eta &gt; 0 (SPO: 20 steps, eta 1, CFG 5) */
  public Spo(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule, SamplerConfig config,
      StepScorer scorer, Config options) {
    super(captions, codec, schedule, config, scorer);
    this.options = Preconditions.checkNotNull(options, "options");
    Preconditions.checkArgument(options.stepsPerBatch() <= trainableSteps(),
        "SPO: %s steps per batch but only %s trainable sampling steps", options.stepsPerBatch(), trainableSteps());
  }

  public Config options() {
    return options;
  }

  public Stats lastStats() {
    return lastStats;
  }

  /** One kept pair: caption row, step index, x_t row, winner and loser rows. */
  private record Kept(String caption, int step, NDArray xt, NDArray winner, NDArray loser) {}

  @Override
  public PreferenceTerms terms(Denoiser policy, Reference<Denoiser> reference, List<String> batch, Set<Need> needs,
      boolean training) {
    NDManager m = managerOf(policy);
    int b = batch.size();
    long[] seeds = seeds(m, batch, training, 0);
    boolean[] drawn = drawSteps(m, options.stepsPerBatch(), training, seeds);
    GuidedModel model = guided(policy, batch, m);
    Sampler sampler = sampler();
    int[] sampleShape = policy.sampleShape();
    List<Kept> kept = new ArrayList<>();
    List<Kept> fallback = new ArrayList<>();
    int lastDrawn = -1;
    for (int i = 0; i < drawn.length; i++) if (drawn[i]) lastDrawn = i;
    int tried = 0;
    NDArray x = Sampler.initialNoise(m, seeds, sampleShape);
    for (int i = 0; i < trainableSteps(); i++) {
      boolean tryHere = drawn[i] || (i > lastDrawn && kept.isEmpty());
      if (i > lastDrawn && !kept.isEmpty()) break;
      NDArray next;
      try (NDScope scope = new NDScope()) {
        DiffusionStep step = sampleStep(model, x, i, seeds);
        if (tryHere) {
          tried++;
          close(fallback);
          candidatesAt(model, batch, seeds, i, x, step, kept, fallback);
        }
        next = step.sample();
        NDScope.unregister(next);
      }
      x.close();
      x = next;
    }
    x.close();
    boolean fellBack = kept.isEmpty();
    if (!fellBack) close(fallback);
    List<Kept> rows = fellBack ? fallback : kept;
    lastStats = new Stats(fellBack ? 0 : rows.size(), tried, fellBack);
    return termsOf(policy, reference, rows, needs, training, fellBack, m);
  }

  /** Draws k candidates at step i, scores them and records the pairs that pass (and every caption's fallback). */
  private void candidatesAt(GuidedModel model, List<String> batch, long[] seeds, int i, NDArray xt, DiffusionStep step,
      List<Kept> kept, List<Kept> fallback) {
    int b = batch.size();
    int k = options.candidates();
    Sampler sampler = sampler();
    int prev = sampler.previous(i);
    NDArray[] cands = new NDArray[k];
    double[][] scores = new double[b][k];
    for (int j = 0; j < k; j++) {
      NDArray z = SeededNoise.gaussian(xt.getManager(), seeds, CANDIDATE_STREAM + j, model.denoiser().sampleShape());
      NDArray c = step.mean().add(step.std().mul(z));
      cands[j] = c;
      NDArray x0 = NoGrad.get(() -> {
        NDArray out = model.output(c, fill(b, prev), false);
        NDArray pred = schedule().epsilonAndX0(model.prediction(), c, out, fill(b, prev))[1];
        return sampler.config().clipSample() ? pred.clip(-1, 1) : pred;
      });
      double[] s = score(x0, batch);
      for (int r = 0; r < b; r++) scores[r][j] = s[r];
    }
    for (int r = 0; r < b; r++) {
      int best = 0;
      int worst = 0;
      for (int j = 1; j < k; j++) {
        if (scores[r][j] > scores[r][best]) best = j;
        if (scores[r][j] < scores[r][worst]) worst = j;
      }
      double[] p = softmax(scores[r], options.temperature());
      Kept row = new Kept(batch.get(r), i, keep(xt.get(r)), keep(cands[best].get(r)), keep(cands[worst].get(r)));
      if (best != worst && p[best] - p[worst] > options.threshold()) {
        kept.add(row);
      } else {
        fallback.add(row);
      }
    }
  }

  private static void close(List<Kept> rows) {
    for (Kept k : rows) {
      k.xt().close();
      k.winner().close();
      k.loser().close();
    }
    rows.clear();
  }

  private PreferenceTerms termsOf(Denoiser policy, Reference<Denoiser> reference, List<Kept> rows, Set<Need> needs,
      boolean training, boolean zeroWeight, NDManager m) {
    int n = rows.size();
    List<String> texts = new ArrayList<>(n);
    int[] t = new int[n];
    int[] prev = new int[n];
    NDList xt = new NDList();
    NDList xw = new NDList();
    NDList xl = new NDList();
    for (int r = 0; r < n; r++) {
      Kept k = rows.get(r);
      texts.add(k.caption());
      t[r] = sampler().timesteps()[k.step()];
      prev[r] = sampler().previous(k.step());
      xt.add(k.xt());
      xw.add(k.winner());
      xl.add(k.loser());
    }
    NDArray xts = NDArrays.stack(xt);
    NDArray xws = NDArrays.stack(xw);
    NDArray xls = NDArrays.stack(xl);
    xt.close();
    xw.close();
    xl.close();
    GuidedModel model = guided(policy, texts, m);
    PreferenceTerms.Builder out = PreferenceTerms.builder();
    if (wantsReference(needs)) {
      NDArray[] ref = referenceLogProbs(policy, reference, model, xts, t, prev, xws, xls);
      out.reference(ref[0], ref[1]);
    }
    NDArray[] pol = stepLogProbs(model, xts, t, prev, xws, xls, training);
    if (!training) pol = new NDArray[] {pol[0].stopGradient(), pol[1].stopGradient()};
    out.policy(pol[0], pol[1]);
    if (zeroWeight) out.weights(pol[0].zerosLike().stopGradient());
    return out.build();
  }

  /** Takes a row out of the step's scope (closed by {@link #termsOf} after stacking). */
  private static NDArray keep(NDArray a) {
    NDScope.unregister(a);
    return a;
  }

  static double[] softmax(double[] s, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) max = Math.max(max, v);
    double[] p = new double[s.length];
    double sum = 0;
    for (int i = 0; i < s.length; i++) sum += p[i] = Math.exp((s[i] - max) / temperature);
    for (int i = 0; i < s.length; i++) p[i] /= sum;
    return p;
  }

  @Override
  public String toString() {
    return "SPO[" + sampler().config() + ", k " + options.candidates() + ", threshold " + options.threshold()
        + ", temperature " + options.temperature() + ", " + options.stepsPerBatch() + " step(s) per batch]";
  }
}
