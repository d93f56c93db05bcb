package dev.align4j.video.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.video.data.VideoDpoReader;
import dev.align4j.video.pairs.DupFactor;

/**
 * The {@code videodpo:} section: how a VideoDPO directory that {@code data:} names is read ({@link VideoDpoReader};
 * the names are VideoDPO's). Without the section VideoDPO's shipped settings apply.
 *
 * @param clipLength metadata.json's clips shorter than this many seconds are dropped (1.0 by default); pair.json's
 *     indices count the clips kept
 * @param dupbeta VideoDPO's re-weighting: a pair with a {@code score} weighs {@code (dup_c / score)^dupbeta}; 0 (the
 *     default, as VideoDPO ships) for no weights
 * @param dupC the constant of that weight ({@link DupFactor#VIDEODPO_C}, VideoDPO's hard-coded 0.72, by default)
 */
public record VideoDpoDataConfig(
    @JsonProperty("clip_length") Double clipLength,
    @JsonProperty("dupbeta") Double dupbeta,
    @JsonProperty("dup_c") Double dupC) {

  public VideoDpoDataConfig {
    clipLength = clipLength == null ? VideoDpoReader.CLIP_LENGTH : clipLength;
    dupbeta = dupbeta == null ? 0.0 : dupbeta;
    dupC = dupC == null ? DupFactor.VIDEODPO_C : dupC;
    Preconditions.checkArgument(clipLength >= 0 && Double.isFinite(clipLength),
        "videodpo.clip_length must be >= 0, got %s", clipLength);
    Preconditions.checkArgument(dupbeta >= 0 && Double.isFinite(dupbeta), "videodpo.dupbeta must be >= 0, got %s",
        dupbeta);
    Preconditions.checkArgument(dupC > 0 && Double.isFinite(dupC), "videodpo.dup_c must be > 0, got %s", dupC);
  }

  /** The reader of these settings. */
  VideoDpoReader reader() {
    return new VideoDpoReader(clipLength, dupbeta, dupC);
  }
}
