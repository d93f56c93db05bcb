package dev.align4j.video.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.report.Charts;
import dev.align4j.core.report.HtmlReport;
import dev.align4j.core.report.LineChart;
import dev.align4j.core.train.Trainer;
import dev.align4j.video.shapes.ClipScore;
import dev.align4j.video.world.ClipEvaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A video run's {@code report.html} (core's {@link HtmlReport}): the held-out means per level before and after
 * training, the written clips side by side for the same prompt and seed, each with its checker scores, the
 * training curves and the run's settings ({@code config.yaml}).
 *
 * <p>The clips are the MP4 files {@link HeldOutClips#write} wrote, which the bundled FFmpeg encodes as H.264
 * (constrained baseline, YUV 4:2:0, through OpenH264), a codec browsers play; the page shows each in a looping
 * {@code <video>} {@link #PIXELS_PER_CELL} CSS pixels per frame pixel, enlarged without smoothing.
 */
final class VideoReport {
  /** CSS pixels per pixel of a generated frame: 16-pixel frames show 192 pixels wide. */
  static final int PIXELS_PER_CELL = 12;

  /** One end of training: its scored clips and the files of the first of them. */
  record End(HeldOutClips.Scored scored, List<Path> files) {}

  /** What the page says about the run apart from the clips. */
  record Run(String loss, String pairs, String model, Trainer.Result training, int trainPairs, int evalPairs) {}

  private VideoReport() {}

  /** Writes {@code runDir/report.html}; {@code before} and {@code after} are null when no clips were held out. */
  static Path write(Path runDir, Run run, End before, End after) {
    HtmlReport.Builder b = HtmlReport.builder("align4j train video: " + run.loss() + " in the moving-shapes world");
    b.section("Run");
    b.paragraph(String.format(Locale.ROOT, "%d steps of %s on %d %s (%d held-out pairs), from the base model %s.",
        run.training().steps(), run.loss(), run.trainPairs(), run.pairs(), run.evalPairs(), run.model()));
    if (before == null && after == null) {
      b.paragraph("No held-out clips (samples.eval_prompts: 0).");
    } else {
      summary(b, before, after);
      clips(b, before, after, run.training().steps());
    }
    b.section("Training curves");
    for (LineChart c : Charts.forRun(runDir)) b.chart(c, c.title());
    Path config = runDir.resolve("config.yaml");
    if (Files.isRegularFile(config)) {
      try {
        JsonNode tree = ConfigLoader.YAML.readTree(config.toFile());
        if (tree != null) b.settings(tree);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + config, e);
      }
    }
    return b.build().write(runDir);
  }

  /** The means over every held-out clip: one row per level, then temporal consistency and dynamic degree. */
  private static void summary(HtmlReport.Builder b, End before, End after) {
    ClipEvaluation a = before == null ? null : before.scored().evaluation();
    ClipEvaluation z = after == null ? null : after.scored().evaluation();
    int n = (a != null ? a : z).clips();
    b.section("Held-out clips: the checker's means, before -> after");
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("instance (shapes, colours, sizes seen)", a, z, ClipScore::instance, "%.3f"));
    rows.add(row("state (boundary frames, identity)", a, z, ClipScore::state, "%.3f"));
    rows.add(row("motion (the captioned law)", a, z, ClipScore::motion, "%.3f"));
    rows.add(row("semantic (does what the caption says)", a, z, ClipScore::semantic, "%.3f"));
    rows.add(row("mean of the four levels", a, z, ClipScore::combined, "%.3f"));
    rows.add(row("temporal consistency", a, z, ClipScore::temporalConsistency, "%.3f"));
    rows.add(row("dynamic degree (frame sides per frame; a rate)", a, z, ClipScore::dynamicDegree, "%.4f"));
    b.table(new HtmlReport.Table(n + " held-out clips (each prompt x seed drawn by both models); levels and "
        + "temporal consistency in [0, 1], higher is better; the change's 95% interval and t are paired over the clips",
        List.of("measure", "before", "after", "change [95% interval], paired t"), rows));
  }

  /** Means of a per-clip measure at both ends and its paired change. */
  private static List<String> row(String name, ClipEvaluation a, ClipEvaluation z, ToDoubleFunction<ClipScore> f,
      String format) {
    String before = a == null ? "-" : String.format(Locale.ROOT, format, a.mean(f));
    String after = z == null ? "-" : String.format(Locale.ROOT, format, z.mean(f));
    String change = a == null || z == null || a.clips() < 2 ? "-" : a.change(z, f).format(format);
    return List.of(name, before, after, change);
  }

  /** One paragraph per written clip (caption and seed), then the clip before and after, side by side. */
  private static void clips(HtmlReport.Builder b, End before, End after, int steps) {
    int shown = Math.max(before == null ? 0 : before.files().size(), after == null ? 0 : after.files().size());
    if (shown == 0) return;
    HeldOutClips.Scored any = before != null ? before.scored() : after.scored();
    b.section("Clips before and after training (the same prompts and seeds; the first " + shown + " of "
        + any.clips().size() + ")");
    int width = any.clips().get(0).width() * PIXELS_PER_CELL;
    for (int i = 0; i < shown; i++) {
      b.paragraph(String.format(Locale.ROOT, "%d. %s (seed %d)", i + 1, any.captions().get(i), any.seeds().get(i)));
      if (before != null && i < before.files().size()) {
        b.video(before.files().get(i), "before: the base model\n" + scores(before.scored(), i), width);
      }
      if (after != null && i < after.files().size()) {
        b.video(after.files().get(i), "after " + steps + " steps\n" + scores(after.scored(), i), width);
      }
    }
  }

  /** "instance 0.750, state 0.500 / motion 0.200, semantic 0.000 / temporal 0.981, dynamic 0.0312". */
  static String scores(HeldOutClips.Scored scored, int i) {
    ClipScore s = scored.evaluation().perClip().get(i);
    return String.format(Locale.ROOT, "instance %.3f, state %.3f\nmotion %.3f, semantic %.3f\n"
        + "temporal %.3f, dynamic %.4f", s.instance(), s.state(), s.motion(), s.semantic(), s.temporalConsistency(),
        s.dynamicDegree());
  }
}
