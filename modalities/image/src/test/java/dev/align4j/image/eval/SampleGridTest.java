package dev.align4j.image.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.CaptionedImage;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.image.shapes.ShapesImageWorld;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridTest {
  @Test
  void writesRowsOfScaledImagesAsPng(@TempDir Path dir) throws IOException {
    List<CaptionedImage> items = new ShapesDataset(ShapesImageWorld.renderer(), 3, 1).captioned(6);
    List<List<Image>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      rows.add(List.of(items.get(3 * r).image().pixels(), items.get(3 * r + 1).image().pixels(),
          items.get(3 * r + 2).image().pixels()));
      labels.add("row " + r);
    }
    Path png = dir.resolve("sub/grid.png");
    SampleGrid.write(png, labels, rows, 2);
    BufferedImage back = ImageIO.read(png.toFile());
    int left = SampleGrid.canDrawText() ? 330 : 0;
    assertEquals(left + 3 * (64 + 2) + 2, back.getWidth());
    assertEquals(2 * (64 + 2) + 2, back.getHeight());
    // Row 1, column 2, source pixel (10, 20) sits at the scaled position.
    Image src = rows.get(1).get(2);
    int rgb = back.getRGB(left + 2 + 2 * 66 + 2 * 10 + 1, 2 + 66 + 2 * 20 + 1) & 0xffffff;
    assertEquals((src.at(10, 20, 0) << 16) | (src.at(10, 20, 1) << 8) | src.at(10, 20, 2), rgb);
    try (var files = Files.list(png.getParent())) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void checkerScoresRendersOfTheirCaptionsHighAndOfOthersLow() {
    List<CaptionedImage> items = new ShapesDataset(ShapesImageWorld.renderer(), 5, 1).captioned(60);
    List<String> captions = items.stream().map(CaptionedImage::caption).toList();
    List<Image> images = items.stream().map(i -> i.image().pixels()).toList();
    ShapesScore own = ShapesEvaluation.score(captions, images);
    List<String> shuffled = new ArrayList<>(captions);
    Collections.rotate(shuffled, 7);
    ShapesScore other = ShapesEvaluation.score(shuffled, images);
    assertTrue(own.meanScore() > 0.95 && own.matchRate() > 0.9, own.toString());
    assertTrue(other.meanScore() < 0.6 && other.matchRate() < 0.1, other.toString());
    assertEquals(60, own.scores().size());
  }
}
