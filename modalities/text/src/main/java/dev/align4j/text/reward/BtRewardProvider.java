package dev.align4j.text.reward;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bt_text}: a Bradley-Terry text reward model, run by {@code align4j rewards train} ({@code task: bt_text})
 * and {@code align4j train bt_text}. Its loss is fixed and it has no reference, so {@code loss:} and
 * {@code reference:} are unknown keys for it.
 */
public final class BtRewardProvider implements ModalityProvider {
  @Override
  public String name() {
    return BtRewardConfig.TASK;
  }

  @Override
  public String description() {
    return "Train a Bradley-Terry text reward model and export it for the reward registry.";
  }

  @Override
  public List<String> sections() {
    return List.of("task", "model", "export");
  }

  @Override
  public List<String> sharedSections() {
    return List.of("data", "trainable", "trainer");
  }

  @Override
  public PreferenceLoss loss(LaunchContext context) {
    return LossRegistry.create("cpo", BtRewardRun.BT_LOSS);
  }

  @Override
  public List<String> summary(Launcher.Outcome outcome) {
    return BtRewardRun.summary(outcome);
  }

  /** The exported registry model directory of a finished run. */
  public static Path exported(Launcher.Outcome outcome) {
    return ((BtRewardRun.Exported) outcome.product()).dir();
  }

  @Override
  public String outputs() {
    return "metrics.jsonl, eval.jsonl, checkpoints/, final/, export/";
  }

  @Override
  public BtRewardConfig bindSections(LaunchContext context) {
    return context.bindSections(BtRewardConfig.class);
  }

  @Override
  public ModalityRun<?, ?> open(LaunchContext context, PreferenceLoss loss, NDManager root) {
    return BtRewardRun.open(context, root);
  }
}
