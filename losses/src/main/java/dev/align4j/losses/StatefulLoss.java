package dev.align4j.losses;

import java.util.Map;

/** A loss that carries state across batches (BCO's running reward mean), saved with checkpoints. */
public interface StatefulLoss extends PreferenceLoss {
  /** The state as named numbers. */
  Map<String, Double> state();

  /** Restores what {@link #state()} returned. */
  void restore(Map<String, Double> state);
}
