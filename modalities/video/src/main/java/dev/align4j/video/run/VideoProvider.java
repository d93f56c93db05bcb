package dev.align4j.video.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.launch.SummaryLine;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.video.shapes.Level;
import dev.align4j.video.world.ClipEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code align4j train video}: text-to-video diffusion in the moving-shapes world (VideoDPO's Diffusion-DPO on
 * clips, frame-hierarchy levels with {@code levels_dpo}).
 */
public final class VideoProvider implements ModalityProvider {
  /** The option naming the models directory (the base model's {@code shapes-video-unet}). */
  public static final String MODELS_DIR = "models-dir";
  static final Map<String, Object> DEFAULT_LOSS = Map.of("loss_type", "diffusion_dpo");

  @Override
  public String name() {
    return "video";
  }

  @Override
  public String description() {
    return "Tune a text-to-video diffusion model (VideoDPO, frame-hierarchy levels_dpo) in the moving-shapes world.";
  }

  @Override
  public List<String> sections() {
    return List.of("model", "pairs", "videodpo", "levels", "samples");
  }

  @Override
  public List<Option> options() {
    return List.of(new Option(MODELS_DIR, "DIR", "models directory (default: the built-in models/)"));
  }

  @Override
  public Map<String, Object> defaultLoss() {
    return DEFAULT_LOSS;
  }

  @Override
  public String outputs() {
    return "metrics.jsonl, eval.jsonl, pairs/, samples/{before,after}/ (MP4 + scores.json), report.html, "
        + "checkpoints/, final/, model/ (the tuned model directory)";
  }

  @Override
  public List<String> summary(Launcher.Outcome outcome) {
    VideoRun.Result r = (VideoRun.Result) outcome.product();
    Trainer.Result t = outcome.training();
    List<String> lines = new ArrayList<>();
    lines.add(SummaryLine.of(t).metric("last loss", t.lastMetrics().get("loss"))
        .metric("eval accuracy", t.lastEval().get("eval_rewards/accuracies")).toString());
    if (r.before() != null && r.after() != null) lines.add("held-out clips, before -> after: " + compare(r.before(),
        r.after()));
    lines.add("held-out clips and scores: " + r.samples());
    lines.add("report: " + r.report());
    return lines;
  }

  /**
   * "instance 0.610 -> 0.640 (+0.030 [+0.004, +0.056], paired t 2.31), state ..., dynamic degree 0.0210 -> 0.0180":
   * each level's means and paired change with its 95% interval, then the two rates.
   */
  static String compare(ClipEvaluation a, ClipEvaluation b) {
    StringBuilder s = new StringBuilder();
    for (Level level : Level.values()) {
      s.append(String.format(Locale.ROOT, "%s %.3f -> %.3f (%s), ", level.name().toLowerCase(Locale.ROOT),
          a.level(level), b.level(level), a.change(b, level).format("%.3f")));
    }
    return s.append(String.format(Locale.ROOT, "temporal consistency %.3f -> %.3f, dynamic degree %.4f -> %.4f",
        a.temporalConsistency(), b.temporalConsistency(), a.dynamicDegree(), b.dynamicDegree())).toString();
  }

  @Override
  public VideoSections bindSections(LaunchContext context) {
    return VideoRun.bind(context, loss(context));
  }

  @Override
  public ModalityRun<?, ?> open(LaunchContext context, PreferenceLoss loss, NDManager root) {
    return VideoRun.open(context, loss, root);
  }
}
