package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;
import dev.align4j.core.train.Reference;
import dev.align4j.losses.PreferenceTerms;

/**
 * Flow-DPO's terms (Liu et al. 2025, VideoAlign; official code yifan123/flow_grpo): per pair one time t and
 * one noise eps, shared by winner and loser and by policy and reference; per example the negative velocity
 * error {@code -e = -mean (v_theta(x_t, t, c) - (eps - x0))^2}. The loss is then Diffusion-DPO's:
 * {@code -log sigmoid(-0.5 beta [(e_w - e_w^ref) - (e_l - e_l^ref)])} with a constant beta (the paper's
 * choice over beta (1 - t)^2, which reward-hacks), i.e. the registry's {@code diffusion_dpo} with
 * {@code beta} {@value #BETA} as the official SD3.5 config uses.
 */
public final class FlowDpo {
  /** The official config's beta (config/dpo.py, SD3.5-M). */
  public static final double BETA = 100;

  private FlowDpo() {}

  /**
   * The terms of B pairs.
   *
   * @param winners clean winners [B, ...]
   * @param losers clean losers [B, ...], shaped like the winners
   * @param conditioning the pairs' conditioning, [B] (used for winner and loser alike)
   * @param draw one time and noise per pair, [B]
   * @param withReference whether to compute the reference terms (the loss needs them)
   */
  public static PreferenceTerms.Builder terms(Denoiser policy, Reference<Denoiser> reference, boolean withReference,
      RectifiedFlow flow, NDArray winners, NDArray losers, Conditioning conditioning, FlowDraw draw,
      boolean training) {
    Preconditions.checkArgument(winners.getShape().equals(losers.getShape()), "winners %s and losers %s differ",
        winners.getShape(), losers.getShape());
    int pairs = Math.toIntExact(winners.getShape().get(0));
    NDArray x0 = winners.concat(losers, 0);
    DenoisingErrors e = flow.errors(policy, reference, withReference, x0, conditioning.concat(conditioning),
        draw.twice(), training);
    return PairTerms.of(e, pairs);
  }
}
