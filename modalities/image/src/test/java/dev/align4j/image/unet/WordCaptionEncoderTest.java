package dev.align4j.image.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCaptionEncoderTest {
  private static final WordEncoderConfig CONFIG =
      new WordEncoderConfig(List.of("a", "red", "blue", "circle", "square", "above"), 8, 16, 1, 2);
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void tokenizesWordsAfterAStartTokenAndPads() {
    WordCaptionEncoder e = WordCaptionEncoder.create(CONFIG, 1, manager);
    assertArrayEquals(new int[] {1, 2, 3, 5, 0, 0, 0, 0}, e.tokenize("a red circle"));
    assertArrayEquals(new int[] {1, 2, 3, 5, 0, 0, 0, 0}, e.tokenize("  A Red  circle "));
    assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 0, 0}, e.tokenize(""));
    UserError unknown = assertThrows(UserError.class, () -> e.tokenize("a green circle"));
    assertTrue(unknown.getMessage().contains("'green'"), unknown.getMessage());
    assertThrows(UserError.class, () -> e.tokenize("a red circle above a blue square a"));
  }

  @Test
  void encodesCaptionsDistinctlyAndTrainsWhenAsked() {
    WordCaptionEncoder e = WordCaptionEncoder.create(CONFIG, 1, manager);
    NDArray out = e.encode(List.of("a red circle", "a blue circle", ""), manager);
    assertEquals(new Shape(3, 8, 16), out.getShape());
    assertTrue(out.get(0).sub(out.get(1)).abs().max().getFloat() > 1e-3);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(e.encode(List.of("a red circle"), manager, true).square().sum());
    }
    assertTrue(e.parameters().get(0).array().getGradient().abs().sum().getFloat() > 0);
  }

  @Test
  void savesAndLoadsFrozen(@TempDir Path dir) throws IOException {
    WordCaptionEncoder e = WordCaptionEncoder.create(CONFIG, 4, manager);
    e.save(dir.resolve("enc"));
    WordCaptionEncoder back = WordCaptionEncoder.load(dir.resolve("enc"), manager);
    assertEquals(CONFIG, back.config());
    assertArrayEquals(e.encode(List.of("a red square above a blue circle"), manager).toFloatArray(),
        back.encode(List.of("a red square above a blue circle"), manager).toFloatArray());
    back.parameters().forEach(p -> assertFalse(p.array().hasGradient(), p.name()));
  }
}
