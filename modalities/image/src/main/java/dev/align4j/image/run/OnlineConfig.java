package dev.align4j.image.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * The {@code online:} section, for methods that sample while they train (SPO, D3PO): the examples are prompts,
 * and the policy's own trajectories, scored by {@code reward}, make the pairs at every step.
 *
 * @param eta the sampler's eta during training (SPO and D3PO need a stochastic sampler: eta > 0)
 * @param threshold SPO: keep a step's best/worst candidates when their softmax gap exceeds this
 * @param temperature SPO: the softmax temperature, in the reward's units
 * @param stepsPerBatch sampling steps whose transitions become terms per batch (D3PO: 0 for all)
 */
public record OnlineConfig(
    @JsonProperty("prompts") Integer prompts,
    @JsonProperty("eval_prompts") Integer evalPrompts,
    @JsonProperty("reward") String reward,
    @JsonProperty("candidates") Integer candidates,
    @JsonProperty("threshold") Double threshold,
    @JsonProperty("temperature") Double temperature,
    @JsonProperty("steps_per_batch") Integer stepsPerBatch,
    @JsonProperty("sampling_steps") Integer samplingSteps,
    @JsonProperty("eta") Double eta,
    @JsonProperty("seed") Long seed) {

  public OnlineConfig {
    prompts = prompts == null ? 256 : prompts;
    evalPrompts = evalPrompts == null ? 16 : evalPrompts;
    reward = reward == null ? "shapes-pick" : reward;
    candidates = candidates == null ? 4 : candidates;
    threshold = threshold == null ? 0.3 : threshold;
    temperature = temperature == null ? 1.0 : temperature;
    stepsPerBatch = stepsPerBatch == null ? 1 : stepsPerBatch;
    eta = eta == null ? 1.0 : eta;
    seed = seed == null ? 1L : seed;
    Preconditions.checkArgument(prompts > 0, "online.prompts must be > 0, got %s", prompts);
    Preconditions.checkArgument(candidates >= 2, "online.candidates must be >= 2, got %s", candidates);
    Preconditions.checkArgument(temperature > 0, "online.temperature must be > 0, got %s", temperature);
    Preconditions.checkArgument(eta > 0, "online.eta must be > 0 (SPO and D3PO need a stochastic sampler), got %s", eta);
  }
}
