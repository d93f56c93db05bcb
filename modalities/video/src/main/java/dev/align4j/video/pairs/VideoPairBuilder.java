package dev.align4j.video.pairs;

import java.util.Arrays;
import java.util.List;

/** The ways {@code train video} builds its pairs ({@code pairs.builder}; multimodal.md section 4.1). */
public enum VideoPairBuilder {
  /** k samples per prompt scored by the checker, best against worst (VideoDPO). */
  ON_POLICY("on_policy", true),
  /** The caption's render against the model's worst sample (PhysHPO's good real data, SPIN-Diffusion). */
  REAL_VS_GENERATED("real_vs_generated", true),
  /** The caption's render against an edit of it that breaks one level (Discriminator-free DPO, TEMPLE). */
  PERTURBED("perturbed", false);

  private final String key;
  private final boolean samples;

  VideoPairBuilder(String key, boolean samples) {
    this.key = key;
    this.samples = samples;
  }

  /** Whether the builder draws clips from a model (the perturbed builder only renders). */
  public boolean samples() {
    return samples;
  }

  /** The name configs use. */
  public String key() {
    return key;
  }

  /** The builder a config names, or null. */
  public static VideoPairBuilder named(String key) {
    for (VideoPairBuilder b : values()) if (b.key.equals(key)) return b;
    return null;
  }

  /** Every config name, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(VideoPairBuilder::key).toList();
  }
}
