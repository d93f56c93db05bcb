package dev.align4j.text;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.launch.SummaryLine;
import dev.align4j.core.stats.PairedDifference;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.PreferenceLoss;
import java.util.ArrayList;
import java.util.List;

/** {@code align4j train text}: causal language models (DPO, SimPO, IPO, KTO, ORPO, ...). */
public final class TextProvider implements ModalityProvider {
  /** The text modality's own section. */
  record Sections(@JsonProperty("model") TextModelConfig model) {}

  @Override
  public String name() {
    return "text";
  }

  @Override
  public String description() {
    return "Tune a causal language model (DPO, SimPO, IPO, KTO, ORPO, ...).";
  }

  @Override
  public List<String> sections() {
    return List.of("model");
  }

  @Override
  public List<String> summary(Launcher.Outcome outcome) {
    Trainer.Result r = outcome.training();
    List<String> lines = new ArrayList<>();
    lines.add(SummaryLine.of(r)
        .metric("last loss", r.lastMetrics().get("loss"))
        .metric("rewards/accuracies", r.lastMetrics().get("rewards/accuracies"))
        .metric("eval accuracy", r.lastEval().get("eval_rewards/accuracies"))
        .metric("eval task accuracy", r.lastEval().get("eval_task_accuracy")).toString());
    if (outcome.product() instanceof PairedDifference change) {
      lines.add("held-out task accuracy since the first evaluation: " + change);
    }
    return lines;
  }

  @Override
  public Sections bindSections(LaunchContext context) {
    Sections own = context.bindSections(Sections.class);
    return own.model() != null ? own
        : new Sections(ConfigLoader.bind(null, TextModelConfig.class, context.source(), "model"));
  }

  @Override
  public ModalityRun<?, ?> open(LaunchContext context, PreferenceLoss loss, NDManager root) {
    return TextRun.open(context, bindSections(context).model(), loss, root);
  }
}
