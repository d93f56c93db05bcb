package dev.align4j.image.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.launch.SummaryLine;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.PreferenceLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code align4j train image}: text-to-image diffusion models (Diffusion-DPO, MaPO, Diffusion-KTO, SPO, ...). */
public final class ImageProvider implements ModalityProvider {
  /** The option naming the reward registry's directory. */
  static final String MODELS_DIR = "models-dir";

  @Override
  public String name() {
    return "image";
  }

  @Override
  public String description() {
    return "Tune a text-to-image diffusion model (Diffusion-DPO, MaPO, Diffusion-KTO, DSPO, ...).";
  }

  @Override
  public List<String> sections() {
    return List.of("model", "pairs", "online", "samples");
  }

  @Override
  public List<Option> options() {
    return List.of(new Option(MODELS_DIR, "DIR", "reward registry (default: the built-in models/)"));
  }

  @Override
  public Map<String, Object> defaultLoss() {
    return ImageRunConfig.DEFAULT_LOSS;
  }

  @Override
  public String outputs() {
    return "metrics.jsonl, eval.jsonl, samples/, checkpoints/, final/";
  }

  @Override
  public List<String> summary(Launcher.Outcome outcome) {
    ImageRun.Result r = (ImageRun.Result) outcome.product();
    Trainer.Result t = outcome.training();
    List<String> lines = new ArrayList<>();
    lines.add(SummaryLine.of(t).metric("last loss", t.lastMetrics().get("loss"))
        .metric("eval accuracy", t.lastEval().get("eval_rewards/accuracies")).toString());
    if (r.before() != null && r.after() != null && r.before() != r.after()) {
      lines.add("held-out samples, before -> after: " + ImageRun.compare(r.before(), r.after()));
    }
    lines.add("sample grids: " + r.gridBefore() + ", " + r.gridAfter());
    return lines;
  }

  @Override
  public ImageRunConfig.Sections bindSections(LaunchContext context) {
    return context.bindSections(ImageRunConfig.Sections.class);
  }

  @Override
  public ModalityRun<?, ?> open(LaunchContext context, PreferenceLoss loss, NDManager root) {
    return ImageRun.open(context, loss, root);
  }
}
