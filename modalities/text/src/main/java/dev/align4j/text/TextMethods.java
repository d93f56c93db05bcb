package dev.align4j.text;

import dev.align4j.core.method.MethodProvider;
import dev.align4j.core.method.MethodSpec;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.LossSpec;
import java.util.List;

/**
 * The text modality's methods: every language-model loss (the DPO family, reference-free, per-token, unpaired
 * and listwise losses) is a method on its own, set in the {@code loss:} section.
 */
public final class TextMethods implements MethodProvider {
  @Override
  public List<MethodSpec> methods() {
    return LossRegistry.specs().stream().filter(s -> s.family() != LossSpec.Family.DIFFUSION)
        .map(s -> MethodSpec.ofLoss(s, "text")).toList();
  }
}
