package dev.align4j.core.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
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

/**
 * A self-contained HTML report in a run directory: a title, a settings table, then sections of
 * paragraphs, images (sample grids, given as files), videos (MP4 files the browser plays, looping), line
 * charts (rendered to PNG here) and tables. Images and videos sit next to {@code report.html} and are
 * referenced by relative path, so the directory opens in a browser as it is and can be moved or zipped. All
 * text is HTML-escaped; a caption's line breaks are kept. The settings table starts folded.
 *
 * <pre>{@code
 * Path html = HtmlReport.builder("align4j demo: Diffusion-DPO on the shapes world")
 *     .settings(Map.of("loss", "diffusion_dpo", "steps", 300))
 *     .section("Samples").image(before, "before tuning").image(after, "after tuning")
 *     .section("Training").chart(Charts.fromJsonl(run.resolve("metrics.jsonl"), "loss", "loss", List.of("loss")), "")
 *     .section("Win rate").table(Table.of(List.of("judge", "win rate [95% CI]"), List.of(List.of("pickscore",
 *         ci.format("%.3f")))))
 *     .build().write(run);
 * }</pre>
 */
public final class HtmlReport {
  /** The file {@link #write} creates in the run directory. */
  public static final String FILE = "report.html";

  private final String title;
  private final Map<String, String> settings;
  private final List<Section> sections;

  private HtmlReport(Builder b) {
    this.title = b.title;
    this.settings = new LinkedHashMap<>(b.settings);
    this.sections = List.copyOf(b.sections);
  }

  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** A table of text cells, rows as wide as the header. */
  public record Table(String caption, List<String> header, List<List<String>> rows) {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> r : rows) {
        Preconditions.checkArgument(r.size() == header.size(), "row %s has %s cells for %s columns", r, r.size(),
            header.size());
      }
    }

    public static Table of(List<String> header, List<List<String>> rows) {
      return new Table("", header, rows);
    }
  }

  private sealed interface Block permits Paragraph, Image, VideoBlock, Chart, TableBlock {}

  private record Paragraph(String text) implements Block {}

  private record Image(Path file, String caption) implements Block {}

  /** A video shown {@code width} CSS pixels wide, scaled without smoothing. */
  private record VideoBlock(Path file, String caption, int width) implements Block {}

  private record Chart(LineChart chart, String caption) implements Block {}

  private record TableBlock(Table table) implements Block {}

  private record Section(String heading, List<Block> blocks) {}

  /**
   * Writes {@code dir/report.html}: renders the charts to {@code dir/chart-N.png}, copies images and videos
   * that live outside {@code dir} into {@code dir/images/}, and writes the page to a temporary file renamed
   * into place, so a reader never sees half a report.
   *
   * @return the report file
   * @throws UserError when an image or video file is missing
   */
  public Path write(Path dir) {
    for (Section s : sections) {
      for (Block b : s.blocks()) {
        Path file = b instanceof Image img ? img.file() : b instanceof VideoBlock v ? v.file() : null;
        if (file != null && !Files.isRegularFile(file)) throw new UserError(file + ": no such file for the report");
      }
    }
    try {
      Files.createDirectories(dir);
      Path root = dir.toAbsolutePath().normalize();
      StringBuilder h = new StringBuilder();
      h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .append(escapeHtml4(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
      h.append("<h1>").append(escapeHtml4(title)).append("</h1>\n");
      if (!settings.isEmpty()) {
        h.append("<h2>Settings</h2>\n<details><summary>").append(settings.size())
            .append(" settings</summary>\n<table class=\"settings\">\n");
        settings.forEach((k, v) -> h.append("<tr><th>").append(escapeHtml4(k)).append("</th><td>")
            .append(escapeHtml4(v)).append("</td></tr>\n"));
        h.append("</table>\n</details>\n");
      }
      int charts = 0;
      for (Section s : sections) {
        h.append("<h2>").append(escapeHtml4(s.heading())).append("</h2>\n");
        boolean inFigures = false;
        for (Block b : s.blocks()) {
          boolean figure = b instanceof Image || b instanceof VideoBlock || b instanceof Chart;
          if (figure && !inFigures) h.append("<div class=\"figures\">\n");
          if (!figure && inFigures) h.append("</div>\n");
          inFigures = figure;
          if (b instanceof Paragraph p) {
            h.append("<p>").append(escapeHtml4(p.text())).append("</p>\n");
          } else if (b instanceof Image img) {
            figure(h, relative(root, place(root, img.file())), img.caption());
          } else if (b instanceof VideoBlock v) {
            video(h, relative(root, place(root, v.file())), v.caption(), v.width());
          } else if (b instanceof Chart c) {
            Path png = root.resolve("chart-" + (++charts) + ".png");
            Charts.render(c.chart(), png);
            figure(h, relative(root, png), c.caption());
          } else if (b instanceof TableBlock t) {
            table(h, t.table());
          }
        }
        if (inFigures) h.append("</div>\n");
      }
      h.append("<footer>written by align4j</footer>\n</body>\n</html>\n");
      Path out = root.resolve(FILE);
      Path tmp = root.resolve(FILE + ".tmp");
      Files.writeString(tmp, h, StandardCharsets.UTF_8);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report in " + dir, e);
    }
  }

  /** The file's path inside the run directory: itself when already there, else a copy under images/. */
  private static Path place(Path root, Path file) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) throw new UserError(file + ": no such file for the report");
    if (abs.startsWith(root)) return abs;
    Path target = root.resolve("images").resolve(abs.getFileName().toString());
    Files.createDirectories(target.getParent());
    for (int i = 2; Files.exists(target) && Files.mismatch(target, abs) != -1L; i++) {
      target = root.resolve("images").resolve(i + "-" + abs.getFileName());
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.copy(abs, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** A relative URL with '/' separators, each segment percent-encoded. */
  static String relative(Path root, Path file) {
    StringBuilder url = new StringBuilder();
    for (Path segment : root.relativize(file)) {
      if (url.length() > 0) url.append('/');
      for (byte b : segment.toString().getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xff;
        if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~')
            url.append((char) c);
        else url.append('%').append(String.format("%02X", c));
      }
    }
    return url.toString();
  }

  private static void figure(StringBuilder h, String src, String caption) {
    h.append("<figure><img src=\"").append(escapeHtml4(src)).append("\" alt=\"").append(escapeHtml4(caption))
        .append("\">");
    caption(h, caption);
    h.append("</figure>\n");
  }

  /** A looping, muted video that starts by itself (browsers allow that only when muted), with controls. */
  private static void video(StringBuilder h, String src, String caption, int width) {
    h.append("<figure class=\"video\"><video src=\"").append(escapeHtml4(src))
        .append("\" width=\"").append(width).append("\" autoplay loop muted playsinline controls></video>");
    caption(h, caption);
    h.append("</figure>\n");
  }

  private static void caption(StringBuilder h, String caption) {
    if (caption.isEmpty()) return;
    h.append("<figcaption>").append(escapeHtml4(caption).replace("\n", "<br>")).append("</figcaption>");
  }

  private static void table(StringBuilder h, Table t) {
    h.append("<table>\n");
    if (!t.caption().isEmpty()) h.append("<caption>").append(escapeHtml4(t.caption())).append("</caption>\n");
    h.append("<tr>");
    t.header().forEach(c -> h.append("<th>").append(escapeHtml4(c)).append("</th>"));
    h.append("</tr>\n");
    for (List<String> r : t.rows()) {
      h.append("<tr>");
      r.forEach(c -> h.append("<td>").append(escapeHtml4(c)).append("</td>"));
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static final String CSS = """
      body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
      h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
      table { border-collapse: collapse; margin: 0.8em 0; } caption { text-align: left; font-style: italic; }
      th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
      table.settings th { background: #f5f5f5; font-weight: normal; font-family: monospace; }
      .figures { display: flex; flex-wrap: wrap; gap: 1em; }
      figure { margin: 0; } figure img { max-width: 100%; border: 1px solid #eee; image-rendering: pixelated; }
      figure video { display: block; height: auto; border: 1px solid #eee; background: #000;
        image-rendering: pixelated; }
      figure.video figcaption { white-space: nowrap; } summary { cursor: pointer; color: #555; }
      figcaption { font-size: 0.9em; color: #555; }
      footer { margin-top: 3em; font-size: 0.8em; color: #888; }
      """;

  /** Collects the report's parts in order. */
  public static final class Builder {
    private final String title;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();

    private Builder(String title) {
      this.title = Preconditions.checkNotNull(title, "title");
    }

    /** Adds settings rows (key, value as text), in the map's order. */
    public Builder settings(Map<String, ?> values) {
      values.forEach(this::setting);
      return this;
    }

    /** Adds one settings row. */
    public Builder setting(String key, Object value) {
      settings.put(key, String.valueOf(value));
      return this;
    }

    /**
     * Adds a settings row per leaf of a config tree, keyed as {@code --set} keys are
     * ({@code trainer.learning_rate}); arrays are one row, as JSON; nulls are left out.
     */
    public Builder settings(JsonNode tree) {
      flatten("", tree);
      return this;
    }

    private void flatten(String prefix, JsonNode node) {
      if (node.isObject()) {
        node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
            e.getValue()));
      } else if (!node.isNull() && !node.isMissingNode()) {
        setting(prefix, node.isTextual() ? node.asText() : node.toString());
      }
    }

    /** Starts a section; what follows goes into it. */
    public Builder section(String heading) {
      sections.add(new Section(heading, new ArrayList<>()));
      return this;
    }

    public Builder paragraph(String text) {
      return add(new Paragraph(text));
    }

    /** An image file (PNG, JPEG), e.g. a sample grid; {@code caption} may be empty. */
    public Builder image(Path file, String caption) {
      return add(new Image(file, caption));
    }

    /**
     * A video file the page plays in a loop, {@code width} CSS pixels wide (small frames are enlarged without
     * smoothing), its caption's lines unwrapped below it. Browsers play MP4 when it is H.264 (what {@code
     * MediaCodec.writeVideo} writes) and WebM.
     */
    public Builder video(Path file, String caption, int width) {
      Preconditions.checkArgument(width > 0, "video width > 0, not %s", width);
      return add(new VideoBlock(file, caption, width));
    }

    /** A line chart, rendered to PNG when the report is written. */
    public Builder chart(LineChart chart, String caption) {
      return add(new Chart(chart, caption));
    }

    public Builder table(Table table) {
      return add(new TableBlock(table));
    }

    public HtmlReport build() {
      return new HtmlReport(this);
    }

    private Builder add(Block b) {
      if (sections.isEmpty()) section("Results");
      sections.get(sections.size() - 1).blocks().add(b);
      return this;
    }
  }
}
