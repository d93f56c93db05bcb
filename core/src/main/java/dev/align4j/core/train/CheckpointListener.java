package dev.align4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Writes {@code checkpoints/step-N} every {@code save_steps} steps and at the last, keeping at most the limit. */
final class CheckpointListener implements TrainingListener {
  @Override
  public void onTrainingBegin(TrainingContext c) {
    try {
      Files.createDirectories(c.runDir().resolve("checkpoints"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onStepEnd(TrainingContext c, Map<String, Double> metrics) {
    if (c.step() % c.config().saveSteps() == 0 || c.isLastStep()) {
      c.saveCheckpoint(c.runDir().resolve("checkpoints"));
    }
  }
}
