package dev.align4j.core.launch;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.config.LossSection;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.PreferenceLoss;
import java.util.List;
import java.util.Map;

/**
 * A modality the launcher can train, registered in {@code META-INF/services/dev.align4j.core.launch.ModalityProvider}
 * of its module. {@code align4j train <name>} is built from the providers found; adding a modality is a
 * module with a provider and a services file, with no edit in core or the CLI.
 */
public interface ModalityProvider {
  /** The name: {@code align4j train <name>} and the config's {@code modality:} value. */
  String name();

  /** One line for {@code align4j train --help}. */
  String description();

  /** Top-level config sections this modality binds itself ({@code model}, ...), in config.yaml's order. */
  List<String> sections();

  /** The shared sections ({@link RunConfig#SECTIONS}) this modality reads; the others are unknown keys for it. */
  default List<String> sharedSections() {
    return RunConfig.SECTIONS;
  }

  /** Command-line options beyond the shared {@code --config}, {@code --set}, {@code --output}, {@code --resume}. */
  default List<Option> options() {
    return List.of();
  }

  /** The {@code loss:} section when the config has none. */
  default Map<String, Object> defaultLoss() {
    return Map.of("loss_type", "sigmoid");
  }

  /** The loss this run minimises; by default the {@code loss:} section's. */
  default PreferenceLoss loss(LaunchContext context) {
    return LossSection.build(context.config().loss(), "config");
  }

  /**
   * The lines printed after a run ({@code done: 60 steps; last loss 0.508; ...}); by default the last loss and
   * the held-out accuracy.
   */
  default List<String> summary(Launcher.Outcome outcome) {
    Trainer.Result r = outcome.training();
    return List.of(SummaryLine.of(r).metric("last loss", r.lastMetrics().get("loss"))
        .metric("eval accuracy", r.lastEval().get("eval_rewards/accuracies")).toString());
  }

  /** What the run directory holds, for the summary's last line. */
  default String outputs() {
    return "metrics.jsonl, eval.jsonl, checkpoints/, final/";
  }

  /**
   * Binds this modality's own sections (with {@link LaunchContext#bindSections}) and returns them, loading
   * nothing: what {@link Launcher#check} reports on. By default the sections are not checked without a run.
   */
  default Object bindSections(LaunchContext context) {
    return null;
  }

  /**
   * Binds this modality's sections ({@link LaunchContext#bindSections}), loads data and model, and returns the
   * run. Called with the run's root manager open; a user's mistake is a {@code UserError}, before anything is
   * written.
   */
  ModalityRun<?, ?> open(LaunchContext context, PreferenceLoss loss, NDManager root);

  /**
   * A command-line option of this modality ({@code --models-dir DIR}); its value reaches the run as
   * {@link LaunchContext#option}.
   *
   * @param name the option without dashes ({@code models-dir})
   * @param paramLabel the value's label in help ({@code DIR})
   */
  record Option(String name, String paramLabel, String description) {}
}
