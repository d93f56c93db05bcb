package dev.align4j.distributed;

import java.io.Serializable;

/**
 * What the executors need to score rows: where the models are, which one, on which device, how many images per
 * model call, and whether a bad row fails the job.
 */
public record ScoringSpec(String modelsDir, String reward, String device, int batch, boolean strict)
    implements Serializable {
  public ScoringSpec {
    if (batch < 2) {
      throw new dev.align4j.core.util.UserError("--batch must be at least 2 images (one pair), not " + batch);
    }
  }
}
