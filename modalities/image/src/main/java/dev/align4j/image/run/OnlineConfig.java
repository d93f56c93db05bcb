package dev.align4j.image.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * The {@code online:} section, for methods that sample while they train (SPO, D3PO): the examples are prompts,
 * and the policy's own trajectories, scored by {@code reward}, make the pairs at every step. The methods' own
 * settings are in their sections ({@code spo:}, {@code d3po:}).
 *
 * @param samplingSteps the sampler's steps during training; null for the {@code samples:} sampler's
 * @param eta the sampler's eta during training (SPO and D3PO need a stochastic sampler: eta > 0)
 */
public record OnlineConfig(
    @JsonProperty("prompts") Integer prompts,
    @JsonProperty("eval_prompts") Integer evalPrompts,
    @JsonProperty("reward") String reward,
    @JsonProperty("sampling_steps") Integer samplingSteps,
    @JsonProperty("eta") Double eta,
    @JsonProperty("seed") Long seed) {

  public OnlineConfig {
    prompts = prompts == null ? 256 : prompts;
    evalPrompts = evalPrompts == null ? 16 : evalPrompts;
    reward = reward == null ? "shapes-pick" : reward;
    eta = eta == null ? 1.0 : eta;
    seed = seed == null ? 1L : seed;
    Preconditions.checkArgument(prompts > 0, "online.prompts must be > 0, got %s", prompts);
    Preconditions.checkArgument(eta > 0, "online.eta must be > 0 (SPO and D3PO need a stochastic sampler), got %s",
        eta);
  }
}
