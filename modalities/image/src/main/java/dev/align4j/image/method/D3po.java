package dev.align4j.image.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DiffusionStep;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Sampler;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * D3PO (Yang et al. 2024) on captions. Per batch of B captions: two whole trajectories per caption from the
 * policy (no gradient; DDIM eta &gt; 0, CFG; seeds a and b drawn independently), keeping (x_t, x_prev) of each
 * step; the {@link StepScorer} scores both final images and the higher one is the winner. Terms at S sampling
 * steps (drawn without replacement from the trainable ones; default all of them, "at every step"): one row
 * per (caption, step), {@code policyChosen = log p_theta(x_prev^w | x_t^w)}, {@code policyRejected =
 * log p_theta(x_prev^l | x_t^l)} (guided, with gradient), the reference's the same (detached): B S rows. Loss
 * {@code d3po}. Ties (equal final scores) get weight 0.
 */
public final class D3po extends OnlineModality {
  /**
   * The {@code d3po:} section.
   *
   * @param stepsPerBatch sampling steps whose transitions become terms per batch (at most {@code steps - 1};
   *     0 for all of them, as in D3PO; 1 by default, which keeps a step on 2 cores short)
   */
  public record Config(@JsonProperty("steps_per_batch") Integer stepsPerBatch) {
    public Config {
      stepsPerBatch = stepsPerBatch == null ? 1 : stepsPerBatch;
      Preconditions.checkArgument(stepsPerBatch >= 0, "d3po.steps_per_batch must be >= 0 (0 for all), got %s",
          stepsPerBatch);
    }

    public static Config defaults() {
      return new Config(null);
    }
  }

  private final int stepsPerBatch;

  public D3po(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule, SamplerConfig config,
      StepScorer scorer, Config options) {
    this(captions, codec, schedule, config, scorer, options.stepsPerBatch());
  }

  /**
   * @param stepsPerBatch sampling steps whose transitions become terms (at most {@code steps - 1}; 0 for all)
   */
  public D3po(CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule, SamplerConfig config,
      StepScorer scorer, int stepsPerBatch) {
    super(captions, codec, schedule, config, scorer);
    Preconditions.checkArgument(stepsPerBatch >= 0 && stepsPerBatch <= trainableSteps(),
        "D3PO: steps per batch in [0, %s] (0 for all), got %s", trainableSteps(), stepsPerBatch);
    this.stepsPerBatch = stepsPerBatch == 0 ? trainableSteps() : stepsPerBatch;
  }

  public int stepsPerBatch() {
    return stepsPerBatch;
  }

  @Override
  public PreferenceTerms terms(Denoiser policy, Reference<Denoiser> reference, List<String> batch, Set<Need> needs,
      boolean training) {
    NDManager m = managerOf(policy);
    int b = batch.size();
    long[] seedsA = seeds(m, batch, training, 0);
    long[] seedsB = seeds(m, batch, training, 1);
    long[] seeds = new long[2 * b];
    System.arraycopy(seedsA, 0, seeds, 0, b);
    System.arraycopy(seedsB, 0, seeds, b, b);
    List<String> twice = new ArrayList<>(batch);
    twice.addAll(batch);
    boolean[] drawn = drawSteps(m, stepsPerBatch, training, seeds);
    GuidedModel model = guided(policy, twice, m);
    Sampler sampler = sampler();
    NDList kept = new NDList(); // per drawn step: x_t then x_prev, each [2B, ...]
    List<Integer> keptSteps = new ArrayList<>();
    NDArray x = Sampler.initialNoise(m, seeds, policy.sampleShape());
    for (int i = 0; i < sampler.config().steps(); i++) {
      NDArray next;
      try (NDScope scope = new NDScope()) {
        DiffusionStep step = sampleStep(model, x, i, seeds);
        next = step.sample();
        NDScope.unregister(next);
      }
      if (i < drawn.length && drawn[i]) {
        kept.add(x);
        kept.add(next.duplicate());
        keptSteps.add(i);
      } else {
        x.close();
      }
      x = next;
    }
    double[] scores = score(x, twice);
    x.close();
    int[] winner = new int[b];
    float[] weight = new float[b];
    boolean ties = false;
    for (int r = 0; r < b; r++) {
      winner[r] = scores[r] >= scores[b + r] ? 0 : 1;
      weight[r] = scores[r] == scores[b + r] ? 0 : 1;
      ties |= weight[r] == 0;
    }
    // Rows: (step s, caption r) for chosen then rejected trajectories.
    int n = keptSteps.size() * b;
    int[] chosenRows = new int[n];
    int[] rejectedRows = new int[n];
    int[] t = new int[2 * n];
    int[] prev = new int[2 * n];
    List<String> texts = new ArrayList<>(2 * n);
    NDList xts = new NDList();
    NDList xprevs = new NDList();
    for (int s = 0; s < keptSteps.size(); s++) {
      int i = keptSteps.get(s);
      for (int r = 0; r < b; r++) {
        int row = s * b + r;
        chosenRows[row] = winner[r] == 0 ? r : b + r;
        rejectedRows[row] = winner[r] == 0 ? b + r : r;
        t[row] = t[n + row] = sampler.timesteps()[i];
        prev[row] = prev[n + row] = sampler.previous(i);
      }
    }
    for (int half = 0; half < 2; half++) {
      int[] rows = half == 0 ? chosenRows : rejectedRows;
      for (int s = 0; s < keptSteps.size(); s++) {
        for (int r = 0; r < b; r++) {
          int src = rows[s * b + r];
          xts.add(kept.get(2 * s).get(new NDIndex("{}", src)));
          xprevs.add(kept.get(2 * s + 1).get(new NDIndex("{}", src)));
          texts.add(batch.get(r));
        }
      }
    }
    NDArray xt = NDArrays.stack(xts);
    NDArray xPrev = NDArrays.stack(xprevs);
    xts.close();
    xprevs.close();
    kept.close();
    GuidedModel rows = guided(policy, texts, m);
    PreferenceTerms.Builder out = PreferenceTerms.builder();
    NDIndex first = new NDIndex("0:" + n);
    NDIndex second = new NDIndex(n + ":");
    if (wantsReference(needs)) {
      NDArray ref = referenceTransitionLogProb(policy, reference, rows, xt, t, prev, xPrev);
      out.reference(ref.get(first), ref.get(second));
    }
    NDArray lp = transitionLogProb(rows, xt, t, prev, xPrev, training);
    if (!training) lp = lp.stopGradient();
    out.policy(lp.get(first), lp.get(second));
    if (ties) {
      float[] w = new float[n];
      for (int s = 0; s < keptSteps.size(); s++) System.arraycopy(weight, 0, w, s * b, b);
      out.weights(NoiseSchedule.owned(m, w, new ai.djl.ndarray.types.Shape(n)));
    }
    return out.build();
  }

  @Override
  public String toString() {
    return "D3PO[" + sampler().config() + ", " + stepsPerBatch + " step(s) per batch]";
  }
}
