package dev.align4j.video.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.launch.SummaryLine;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.video.world.ClipEvaluation;
import java.util.ArrayList;
import java.util.List;
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

  /** "instance 0.61 -> 0.64, state ..., dynamic degree 0.021 -> 0.018". */
  static String compare(ClipEvaluation a, ClipEvaluation b) {
    return String.format("instance %.3f -> %.3f, state %.3f -> %.3f, motion %.3f -> %.3f, semantic %.3f -> %.3f, "
        + "temporal consistency %.3f -> %.3f, dynamic degree %.4f -> %.4f", a.instance(), b.instance(), a.state(),
        b.state(), a.motion(), b.motion(), a.semantic(), b.semantic(), a.temporalConsistency(),
        b.temporalConsistency(), a.dynamicDegree(), b.dynamicDegree());
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
