package dev.align4j.rewards.service;

import dev.align4j.rewards.RewardModel;
import java.util.Set;

/**
 * Where the scoring service gets its reward models: the reward registry in production, fakes in tests. The
 * service opens each served model once at start, owns it, and closes it on shutdown.
 */
public interface ModelSource {
  /** Every name {@link #open} accepts. */
  Set<String> names();

  /** Opens the named model (one of {@link #names()}). */
  RewardModel open(String name);

  /** One line about the model for {@code GET /v1/models}; empty when there is nothing to say. */
  default String description(String name) {
    return "";
  }
}
