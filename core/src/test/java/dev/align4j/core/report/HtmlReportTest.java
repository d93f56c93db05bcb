package dev.align4j.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path tmp;

  @Test
  void writesThePageWithEveryImageNextToIt() throws Exception {
    Path run = tmp.resolve("runs/demo-1");
    Files.createDirectories(run);
    Files.writeString(run.resolve("metrics.jsonl"), """
        {"step":1,"loss":0.69,"rewards/accuracies":0.5}
        {"step":2,"loss":0.61}
        {"step":3,"loss":0.55,"rewards/accuracies":0.75,"note":"x"}
        """);
    Path inside = png(run.resolve("samples/before grid.png"), 32, 16);
    Path outside = png(tmp.resolve("elsewhere/after.png"), 20, 20);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("loss", "diffusion_dpo");
    settings.put("prompt", "a <red> circle & \"square\"");
    Path html = HtmlReport.builder("demo <b>run</b>")
        .settings(settings)
        .section("Samples").paragraph("before & after").image(inside, "before <tuning>").image(outside, "after")
        .section("Training")
        .chart(Charts.fromJsonl(run.resolve("metrics.jsonl"), "loss", "loss", List.of("loss", "rewards/accuracies")),
            "loss & accuracy")
        .chart(LineChart.of("reward", "step", "score", List.of(new LineChart.Series("r", new double[] {0, 1},
            new double[] {0.1, 0.3}))).withSize(400, 300), "")
        .section("Win rate").table(new HtmlReport.Table("vs base", List.of("judge", "win rate"),
            List.of(List.of("pickscore", "0.625 [0.55, 0.70]"))))
        .build().write(run);

    assertEquals(run.resolve("report.html").toAbsolutePath().normalize(), html);
    String page = Files.readString(html);
    assertTrue(page.contains("<title>demo &lt;b&gt;run&lt;/b&gt;</title>"), page);
    assertTrue(page.contains("a &lt;red&gt; circle &amp; &quot;square&quot;"), page);
    assertTrue(page.contains("<figcaption>before &lt;tuning&gt;</figcaption>"), page);
    assertTrue(page.contains("<td>0.625 [0.55, 0.70]</td>"), page);
    assertFalse(page.contains("<tuning>") || page.contains("<red>"), "unescaped text");

    List<String> sources = new ArrayList<>();
    Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page);
    while (m.find()) sources.add(m.group(1));
    assertEquals(List.of("samples/before%20grid.png", "images/after.png", "chart-1.png", "chart-2.png"), sources);
    for (String src : sources) {
      Path file = run.resolve(src.replace("%20", " "));
      assertTrue(Files.isRegularFile(file), src);
    }
    assertArrayEquals(Files.readAllBytes(outside), Files.readAllBytes(run.resolve("images/after.png")));
    BufferedImage chart = ImageIO.read(run.resolve("chart-1.png").toFile());
    assertEquals(LineChart.WIDTH, chart.getWidth());
    assertEquals(LineChart.HEIGHT, chart.getHeight());
    BufferedImage small = ImageIO.read(run.resolve("chart-2.png").toFile());
    assertEquals(400, small.getWidth());
    assertEquals(300, small.getHeight());
    try (var files = Files.walk(run)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp") || p.toString().contains(".tmp.")),
          "temp files left");
    }
  }

  @Test
  void videosLoopAtTheirWidthFromRelativePaths() throws Exception {
    Path run = tmp.resolve("run");
    Path inside = video(run.resolve("samples/before/00-a red circle.mp4"));
    Path outside = video(tmp.resolve("elsewhere/clip.mp4"));
    Path html = HtmlReport.builder("clips")
        .settings(ConfigLoader.YAML.readTree("trainer: {learning_rate: 1.0e-4, max_steps: 1}\nloss: {beta: null}\n"
            + "samples: {clips: [1, 2]}\n"))
        .section("Clips").paragraph("a red circle <moves>").video(inside, "before\ninstance 0.75 & state 0.50", 192)
        .video(outside, "after", 96)
        .build().write(run);
    String page = Files.readString(html);
    List<String> sources = new ArrayList<>();
    Matcher m = Pattern.compile("<video src=\"([^\"]+)\" width=\"(\\d+)\" autoplay loop muted playsinline")
        .matcher(page);
    while (m.find()) sources.add(m.group(1) + " " + m.group(2));
    assertEquals(List.of("samples/before/00-a%20red%20circle.mp4 192", "images/clip.mp4 96"), sources);
    assertArrayEquals(Files.readAllBytes(outside), Files.readAllBytes(run.resolve("images/clip.mp4")));
    assertTrue(page.contains("<figcaption>before<br>instance 0.75 &amp; state 0.50</figcaption>"), page);
    assertTrue(page.contains("<p>a red circle &lt;moves&gt;</p>"), page);
    assertTrue(page.contains("<th>trainer.learning_rate</th><td>1.0E-4</td>"), page);
    assertTrue(page.contains("<th>samples.clips</th><td>[1,2]</td>"), page);
    assertFalse(page.contains("loss.beta"), "null settings are left out");
    UserError e = assertThrows(UserError.class, () -> HtmlReport.builder("t").video(tmp.resolve("none.mp4"), "", 64)
        .build().write(tmp.resolve("other")));
    assertTrue(e.getMessage().contains("none.mp4"), e.getMessage());
  }

  @Test
  void readsMetricsSeriesByStep() throws Exception {
    Path log = tmp.resolve("eval.jsonl");
    Files.writeString(log, "{\"step\":0,\"accuracy\":0.5}\n\n{\"step\":10,\"accuracy\":0.8,\"loss\":\"NaN\"}\n");
    List<LineChart.Series> s = Charts.readJsonl(log, List.of("accuracy", "loss"));
    assertArrayEquals(new double[] {0, 10}, s.get(0).x());
    assertArrayEquals(new double[] {0.5, 0.8}, s.get(0).y());
    assertEquals(0, s.get(1).size());
    assertArrayEquals(new double[] {0.5, 0.5 * 0.8 + 0.5 * 0.5}, s.get(0).smoothed(0.5).y(), 1e-12);

    Files.writeString(log, "{\"step\":0}\n{oops\n");
    UserError e = assertThrows(UserError.class, () -> Charts.readJsonl(log, List.of("loss")));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertThrows(UserError.class, () -> Charts.readJsonl(tmp.resolve("missing.jsonl"), List.of("loss")));
  }

  @Test
  void axisLabelsCarryTheDigitsTheSpreadNeeds() {
    LineChart twoPoints = LineChart.of("r", "step", "reward",
        List.of(new LineChart.Series("r", new double[] {0, 100}, new double[] {18.025952112, 18.765990376})));
    assertEquals("#,##0.###", Charts.yAxisPattern(twoPoints));
    LineChart small = LineChart.of("m", "step", "margin",
        List.of(new LineChart.Series("m", new double[] {0, 1}, new double[] {-0.0008, 0.0004})));
    assertEquals("#,##0.#####", Charts.yAxisPattern(small));
    LineChart flat = LineChart.of("f", "step", "loss",
        List.of(new LineChart.Series("f", new double[] {0, 1}, new double[] {250, 250})));
    assertEquals("#,##0", Charts.yAxisPattern(flat));
  }

  @Test
  void aRunDirectoryGivesTheChartsItHasDataFor() throws Exception {
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1,\"loss\":0.7,\"rewards/accuracies\":0.5}\n");
    Files.writeString(run.resolve("eval.jsonl"), "{\"step\":0,\"eval_loss\":0.69,\"eval_rewards/accuracies\":0.4}\n");
    List<LineChart> charts = Charts.forRun(run);
    assertEquals(List.of("loss", "preference accuracy"), charts.stream().map(LineChart::title).toList());
    assertEquals(List.of("loss", "eval_loss"), charts.get(0).series().stream().map(LineChart.Series::name).toList());
    assertEquals(List.of(), Charts.forRun(tmp.resolve("empty")));
  }

  @Test
  void aMissingImageWritesNothing() {
    Path run = tmp.resolve("run");
    HtmlReport r = HtmlReport.builder("t")
        .chart(LineChart.of("c", "x", "y", List.of()), "")
        .image(tmp.resolve("nope.png"), "missing").build();
    UserError e = assertThrows(UserError.class, () -> r.write(run));
    assertTrue(e.getMessage().contains("nope.png"), e.getMessage());
    assertFalse(Files.exists(run.resolve("report.html")));
    assertFalse(Files.exists(run.resolve("chart-1.png")));
  }

  private static Path video(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    List<Image> frames = new ArrayList<>();
    for (int i = 0; i < 3; i++) frames.add(new Image(16, 16, new byte[16 * 16 * 3]));
    MediaCodec.writeVideo(new Video(frames, 8), file);
    return file;
  }

  private static Path png(Path file, int w, int h) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0xff0000);
    ImageIO.write(img, "png", file.toFile());
    return file;
  }
}
