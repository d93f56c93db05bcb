package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What a loss returns.
 *
 * @param loss the scalar to minimise, differentiable
 * @param perExample each example's (weighted) contribution, [B]; {@code loss = mean(perExample)}
 * @param metrics TRL-named metrics ({@code rewards/chosen}, {@code rewards/accuracies}, ...), detached scalars
 */
public record LossOutput(NDArray loss, NDArray perExample, Map<String, NDArray> metrics) {
  public LossOutput {
    metrics = Map.copyOf(metrics);
  }
}
