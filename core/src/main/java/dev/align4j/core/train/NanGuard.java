package dev.align4j.core.train;

import dev.align4j.core.util.UserError;
import java.nio.file.Path;

/** Stops a run whose loss or gradient norm is not finite, naming the last good checkpoint. */
final class NanGuard implements TrainingListener {
  @Override
  public void beforeUpdate(TrainingContext c, double loss, double gradNorm) {
    if (Double.isFinite(loss) && Double.isFinite(gradNorm)) return;
    Path lastGood = c.lastCheckpoint();
    throw new UserError(String.format("step %d: %s is %s; training stopped%s. Lower trainer.learning_rate "
        + "or check the data.", c.step() + 1, Double.isFinite(loss) ? "the gradient norm" : "the loss",
        Double.isFinite(loss) ? gradNorm : loss,
        lastGood == null ? " (no checkpoint yet)" : "; the last good checkpoint is " + lastGood));
  }
}
