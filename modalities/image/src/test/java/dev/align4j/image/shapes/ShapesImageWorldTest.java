package dev.align4j.image.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.shapes.Caption;
import dev.align4j.image.unet.ModelFiles;
import dev.align4j.image.unet.WordCaptionEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesImageWorldTest {
  private static final PretrainRecipe TINY = PretrainRecipe.standard().withSteps(2).withImages(64);

  @Test
  void theVocabularyCoversEveryCaption() {
    List<String> prompts = ShapesImageWorld.heldOutPrompts(200);
    assertEquals(prompts, ShapesImageWorld.heldOutPrompts(200), "held-out prompts are fixed");
    try (NDManager m = NDManager.newBaseManager();
        WordCaptionEncoder e = WordCaptionEncoder.create(ShapesImageWorld.encoderConfig(), 1, m)) {
      for (String p : prompts) {
        Caption.parse(p);
        e.tokenize(p);
      }
    }
    assertEquals(22, ShapesImageWorld.vocabulary().size());
  }

  @Test
  void buildingIsDeterministicAndTheModelsDirectoryComesFirst(@TempDir Path dir) throws IOException {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path a = dir.resolve("models").resolve(ShapesImageWorld.MODEL_NAME);
    Path b = dir.resolve("again");
    ShapesImageWorld.build(TINY, a, quiet, 2);
    ShapesImageWorld.build(TINY, b, quiet, 2);
    for (String part : List.of("unet", "caption_encoder")) {
      assertArrayEquals(Files.readAllBytes(a.resolve(part).resolve(ModelFiles.PARAMS)),
          Files.readAllBytes(b.resolve(part).resolve(ModelFiles.PARAMS)), part + ": same recipe, same weights");
    }
    assertTrue(ShapesImageWorld.isCurrent(a));
    assertEquals(a, ShapesImageWorld.baseModelDir(dir.resolve("models"), quiet));
    assertTrue(ShapesImageWorld.recordedEvaluation(a).containsKey("checker_mean_score"));
    try (NDManager m = NDManager.newBaseManager();
        ShapesBaseModel model = ShapesImageWorld.load(a, m)) {
      assertArrayEquals(new int[] {3, 32, 32}, model.unet().sampleShape());
      assertTrue(model.unet().parameters().get(0).array().hasGradient(), "the UNet loads trainable");
      assertFalse(model.encoder().parameters().get(0).array().hasGradient(), "the encoder loads frozen");
    }
    // A directory from another recipe version is not used.
    Path index = a.resolve(ShapesImageWorld.INDEX);
    Files.writeString(index, Files.readString(index).replace("\"" + ShapesImageWorld.VERSION + "\"", "\"v0\""));
    assertFalse(ShapesImageWorld.isCurrent(a));
    assertFalse(ShapesImageWorld.isCurrent(dir.resolve("nothing")));
  }
}
