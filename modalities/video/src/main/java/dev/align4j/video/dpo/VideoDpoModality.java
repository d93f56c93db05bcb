package dev.align4j.video.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Video;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Reference;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.DenoisingErrors;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseDraw;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.PairTerms;
import dev.align4j.losses.LevelTerms;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.world.ClipTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Text-to-video diffusion on clip pairs: VideoDPO's terms as Diffusion-DPO defines them. Per batch of B pairs,
 * one timestep {@code t ~ U{min..max}} and one noise {@code eps [C, F, H, W]} per pair, shared by winner and
 * loser and by policy and reference (the released VideoDPO code draws them per clip); the terms are the negative
 * denoising errors averaged over every non-batch axis (the released code keeps the width axis). Pair weights
 * (VideoDPO's dupfactor) ride along when any differs from 1.
 *
 * <p>With {@link FrameLevels} the terms also carry {@link LevelTerms} for {@code levels_dpo}: per level, the same
 * errors averaged over that level's frames only.
 */
public final class VideoDpoModality implements Modality<ClipPair, Denoiser> {
  private final CaptionEncoder captions;
  private final NoiseSchedule schedule;
  private final int minTimestep;
  private final int maxTimestep;
  private final FrameLevels levels;

  /**
   * @param maxTimestep inclusive; -1 for the schedule's last
   * @param levels per-level frame masks and weights, or null for plain VideoDPO terms
   */
  public VideoDpoModality(CaptionEncoder captions, NoiseSchedule schedule, int minTimestep, int maxTimestep,
      FrameLevels levels) {
    this.captions = Preconditions.checkNotNull(captions, "captions");
    this.schedule = Preconditions.checkNotNull(schedule, "schedule");
    this.minTimestep = minTimestep;
    this.maxTimestep = maxTimestep < 0 ? schedule.steps() - 1 : maxTimestep;
    Preconditions.checkArgument(0 <= minTimestep && minTimestep <= this.maxTimestep
        && this.maxTimestep < schedule.steps(), "timesteps [%s, %s] outside the schedule's 0..%s", minTimestep,
        maxTimestep, schedule.steps() - 1);
    this.levels = levels;
  }

  @Override
  public String name() {
    return "video";
  }

  @Override
  public PreferenceTerms terms(Denoiser policy, Reference<Denoiser> reference, List<ClipPair> batch, Set<Need> needs,
      boolean training) {
    int n = batch.size();
    NDManager m = policy.parameters().get(0).array().getManager();
    List<Video> clips = new ArrayList<>(2 * n);
    List<String> texts = new ArrayList<>(n);
    long[] keys = new long[n];
    boolean weighted = false;
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      ClipPair p = batch.get(i);
      clips.add(p.winner());
      texts.add(p.caption());
      keys[i] = new SplittableRandom(31L * p.caption().hashCode() + i).nextLong();
      weights[i] = (float) p.weight();
      weighted |= p.weight() != 1;
    }
    for (ClipPair p : batch) clips.add(p.loser());
    NDArray x0 = ClipTensors.toTensor(m, clips);
    NDArray ctx = NoGrad.get(() -> captions.encode(texts, m)).stopGradient();
    long[] shape = x0.getShape().slice(1).getShape();
    NoiseDraw draw = training ? NoiseDraw.fromEngine(m, n, shape, minTimestep, maxTimestep)
        : NoiseDraw.keyed(m, keys, shape, minTimestep, maxTimestep);
    boolean withReference = needs.contains(Need.REFERENCE);
    DenoisingErrors e = DenoisingErrors.compute(policy, reference, withReference, schedule, x0, ctx.concat(ctx, 0),
        draw.twice(), training);
    PreferenceTerms.Builder b = PairTerms.of(e, n);
    if (weighted) b.weights(NoiseSchedule.owned(m, weights, new Shape(n)));
    if (levels != null) b.put(LevelTerms.KEY, levelTerms(e, n));
    return b.build();
  }

  /** Each level's pair terms: the errors of its frames, policy and reference. */
  private LevelTerms levelTerms(DenoisingErrors e, int n) {
    NDArray policy = FrameErrors.of(e.policyPrediction(), e.target());
    NDArray ref = e.referencePrediction() == null ? null : FrameErrors.of(e.referencePrediction(), e.target());
    int frames = (int) policy.getShape().get(1);
    NDIndex winners = new NDIndex("0:" + n);
    NDIndex losers = new NDIndex(n + ":");
    Map<String, LevelTerms.Level> out = new LinkedHashMap<>();
    for (Map.Entry<String, FrameLevels.Level> level : levels.masks(frames).entrySet()) {
      float[] mask = level.getValue().mask();
      NDArray p = FrameErrors.masked(policy, mask);
      PreferenceTerms.Builder b = PreferenceTerms.builder().policy(p.get(winners).neg(), p.get(losers).neg());
      if (ref != null) {
        NDArray r = FrameErrors.masked(ref, mask);
        b.reference(r.get(winners).neg(), r.get(losers).neg());
      }
      out.put(level.getKey(), new LevelTerms.Level(level.getValue().weight(), b.build()));
    }
    return new LevelTerms(out);
  }

  @Override
  public String toString() {
    return "VideoDpoModality[t in [" + minTimestep + ", " + maxTimestep + "]" + (levels == null ? "" : ", " + levels)
        + "]";
  }
}
