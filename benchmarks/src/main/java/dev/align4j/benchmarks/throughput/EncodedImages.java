package dev.align4j.benchmarks.throughput;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.shapes.CaptionedImage;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Still-encoded images with their prompts: what a scoring benchmark feeds in, so decoding is timed too.
 * From the embedded shapes world, a Pick-a-Pic parquet file, or a directory of files; and written back out
 * as a directory another program (the PyTorch peer in {@code benchmarks/peers/}) reads the same bytes from.
 */
public final class EncodedImages {
  /** The prompt file in an image directory: line i is the prompt of the i-th image in file-name order. */
  public static final String PROMPTS = "prompts.txt";

  /** One image: its file name, prompt and encoded bytes (JPEG, PNG, WebP). */
  public record Item(String name, String prompt, byte[] bytes) {}

  private EncodedImages() {}

  /** {@code n} shapes-world images of {@code size x size}, JPEG quality 0.95 as in {@code data shapes}. */
  public static List<Item> shapes(int n, int size, long seed) {
    Preconditions.checkArgument(n >= 1, "n >= 1, not %s", n);
    List<CaptionedImage> images = new ShapesDataset(new Renderer(RenderOptions.square(size)), seed, 2).captioned(n);
    List<Item> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CaptionedImage c = images.get(i);
      out.add(new Item(String.format(Locale.ROOT, "%05d.jpg", i), c.caption(),
          MediaCodec.encodeJpeg(c.image().pixels(), 0.95f)));
    }
    return out;
  }

  /** Up to {@code limit} images of a Pick-a-Pic parquet file: jpg_0 then jpg_1 of each row, with the caption. */
  public static List<Item> pickapic(Path file, int limit) {
    if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
    List<Item> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        PreparedStatement st = c.prepareStatement("SELECT caption, jpg_0, jpg_1 FROM read_parquet(?) LIMIT ?")) {
      st.setString(1, file.toString());
      st.setLong(2, (limit + 1) / 2);
      try (ResultSet rs = st.executeQuery()) {
        long row = 0;
        while (rs.next() && out.size() < limit) {
          row++;
          for (int k = 0; k < 2 && out.size() < limit; k++) {
            byte[] bytes = rs.getBytes(2 + k);
            if (bytes == null || bytes.length == 0) {
              throw new UserError(file + ": row " + row + ", column 'jpg_" + k + "': empty");
            }
            out.add(new Item(String.format(Locale.ROOT, "%05d.jpg", out.size()), rs.getString(1), bytes));
          }
        }
      }
    } catch (SQLException e) {
      throw new UserError(file + ": cannot read caption, jpg_0, jpg_1 as parquet ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (out.isEmpty()) throw new UserError(file + ": no rows");
    return out;
  }

  /**
   * The {@code .jpg}, {@code .jpeg}, {@code .png} and {@code .webp} files of {@code dir} in name order, with
   * prompts from {@code dir/prompts.txt} when present (one line per image), else {@code prompt}.
   */
  public static List<Item> directory(Path dir, String prompt) {
    if (!Files.isDirectory(dir)) throw new UserError(dir + ": no such directory");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|webp)"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.isEmpty()) throw new UserError(dir + ": no .jpg, .jpeg, .png or .webp files");
    try {
      List<String> prompts = null;
      if (Files.isRegularFile(dir.resolve(PROMPTS))) {
        prompts = Files.readAllLines(dir.resolve(PROMPTS), StandardCharsets.UTF_8);
        if (prompts.size() < files.size()) {
          throw new UserError(dir.resolve(PROMPTS) + ": " + prompts.size() + " prompts for " + files.size()
              + " images");
        }
      }
      List<Item> out = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        out.add(new Item(files.get(i).getFileName().toString(), prompts != null ? prompts.get(i) : prompt,
            Files.readAllBytes(files.get(i))));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the images and {@code prompts.txt} into {@code dir} (created; written to a temporary sibling
   * directory that replaces {@code dir} at the end, so a reader never sees half of it).
   *
   * @throws UserError when {@code dir} exists and is not empty
   */
  public static void save(List<Item> items, Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      if (Files.exists(abs)) {
        try (Stream<Path> s = Files.list(abs)) {
          if (s.findAny().isPresent()) throw new UserError(dir + ": exists and is not empty");
        }
      }
      Files.createDirectories(abs.getParent());
      Path tmp = Files.createTempDirectory(abs.getParent(), abs.getFileName() + ".tmp");
      StringBuilder prompts = new StringBuilder();
      for (Item item : items) {
        if (item.prompt().contains("\n")) throw new UserError("prompt of " + item.name() + " spans lines");
        Files.write(tmp.resolve(item.name()), item.bytes());
        prompts.append(item.prompt()).append('\n');
      }
      Files.writeString(tmp.resolve(PROMPTS), prompts, StandardCharsets.UTF_8);
      if (Files.exists(abs)) Files.delete(abs);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing images to " + dir, e);
    }
  }
}
