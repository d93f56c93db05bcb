package dev.align4j.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts as PNG files (XChart, headless), and the series of a training run's JSON-lines logs
 * ({@code metrics.jsonl}, {@code eval.jsonl}: one object per line with {@code step} and metric keys).
 */
public final class Charts {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** Renders {@code chart} to {@code png} (written to a temporary file, then renamed). */
  public static Path render(LineChart chart, Path png) {
    XYChart c = new XYChartBuilder().width(chart.width()).height(chart.height()).title(chart.title())
        .xAxisTitle(chart.xLabel()).yAxisTitle(chart.yLabel()).build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLegendVisible(chart.series().size() > 1);
    c.getStyler().setMarkerSize(4);
    c.getStyler().setAntiAlias(true);
    c.getStyler().setXAxisTickMarkSpacingHint(90);
    c.getStyler().setXAxisMaxLabelCount(8);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setYAxisDecimalPattern(yAxisPattern(chart));
    boolean any = false;
    for (LineChart.Series s : chart.series()) {
      if (s.size() == 0) continue;
      XYSeries xy = c.addSeries(s.name(), s.x(), s.y());
      xy.setMarker(s.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      any = true;
    }
    if (!any) c.addSeries("(no data)", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Path tmp = png.resolveSibling(png.getFileName() + ".tmp.png");
      BitmapEncoder.saveBitmap(c, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
      Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing chart " + png, e);
    }
    return png;
  }

  /**
   * Tick labels with as many decimals as the data's spread needs (three significant digits of it): XChart's own
   * choice prints every digit of a double when a series has only two points (18.765990376176685).
   */
  static String yAxisPattern(LineChart chart) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (LineChart.Series s : chart.series()) {
      for (double v : s.y()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    double spread = max - min > 0 ? max - min : Math.max(Math.abs(max), 1e-12);
    int decimals = (int) Math.max(0, Math.min(10, 2 - Math.floor(Math.log10(spread))));
    return decimals == 0 ? "#,##0" : "#,##0." + "#".repeat(decimals);
  }

  /**
   * The given keys of a JSON-lines log as series over {@code step}, in file order. Lines without a key,
   * or with a non-numeric or non-finite value for it, add no point to that series; keys never seen give
   * empty series.
   *
   * @throws UserError when the file is missing or a line is not a JSON object with a numeric {@code step}
   */
  public static List<LineChart.Series> readJsonl(Path jsonl, List<String> keys) {
    if (!Files.isRegularFile(jsonl)) throw new UserError(jsonl + ": no such file");
    Map<String, List<double[]>> points = new LinkedHashMap<>();
    keys.forEach(k -> points.put(k, new ArrayList<>()));
    List<String> lines;
    try {
      lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(jsonl + ": cannot read (" + e.getMessage() + ")", e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) continue;
      JsonNode o;
      try {
        o = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UserError(jsonl + ": line " + (i + 1) + ": not JSON (" + e.getOriginalMessage() + ")", e);
      }
      if (o == null || !o.isObject() || !o.path("step").isNumber()) {
        throw new UserError(jsonl + ": line " + (i + 1) + ": expected an object with a numeric 'step'");
      }
      double step = o.get("step").asDouble();
      for (String k : keys) {
        JsonNode v = o.get(k);
        if (v != null && v.isNumber() && Double.isFinite(v.asDouble()))
            points.get(k).add(new double[] {step, v.asDouble()});
      }
    }
    List<LineChart.Series> out = new ArrayList<>();
    points.forEach((k, p) -> out.add(new LineChart.Series(k, p.stream().mapToDouble(a -> a[0]).toArray(),
        p.stream().mapToDouble(a -> a[1]).toArray())));
    return out;
  }

  /** A chart of {@code keys} against {@code step} from a JSON-lines log, y axis labelled with {@code yLabel}. */
  public static LineChart fromJsonl(Path jsonl, String title, String yLabel, List<String> keys) {
    return LineChart.of(title, "step", yLabel, readJsonl(jsonl, keys));
  }

  /**
   * The standard charts of a training run directory, each only when its data exist: loss (train
   * {@code loss} from {@code metrics.jsonl} and {@code eval_loss} from {@code eval.jsonl}), implicit rewards
   * ({@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins}), preference accuracy
   * ({@code rewards/accuracies}, {@code eval_rewards/accuracies}) and resident memory ({@code rss_mib}). Missing
   * files give no charts.
   */
  public static List<LineChart> forRun(Path runDir) {
    Path metrics = runDir.resolve("metrics.jsonl");
    Path eval = runDir.resolve("eval.jsonl");
    List<LineChart> out = new ArrayList<>();
    addIfAny(out, "loss", "loss", series(metrics, List.of("loss")), series(eval, List.of("eval_loss")));
    addIfAny(out, "implicit rewards", "reward",
        series(metrics, List.of("rewards/chosen", "rewards/rejected", "rewards/margins")), List.of());
    addIfAny(out, "preference accuracy", "accuracy", series(metrics, List.of("rewards/accuracies")),
        series(eval, List.of("eval_rewards/accuracies")));
    addIfAny(out, "resident memory", "MiB", series(metrics, List.of("rss_mib")), List.of());
    return out;
  }

  private static List<LineChart.Series> series(Path jsonl, List<String> keys) {
    return Files.isRegularFile(jsonl) ? readJsonl(jsonl, keys) : List.of();
  }

  private static void addIfAny(List<LineChart> out, String title, String yLabel, List<LineChart.Series> train,
      List<LineChart.Series> eval) {
    List<LineChart.Series> all = new ArrayList<>();
    train.stream().filter(s -> s.size() > 0).forEach(all::add);
    eval.stream().filter(s -> s.size() > 0).forEach(all::add);
    if (!all.isEmpty()) out.add(LineChart.of(title, "step", yLabel, all));
  }
}
