package dev.align4j.image.shapes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rewrites models/shapes-unet with the standard recipe (a few minutes on 2 cores), only when asked:
 * {@code mvn -B -pl modalities/image -am test -Dtest=RegenerateShapesModel -Dsurefire.failIfNoSpecifiedTests=false
 * -Dalign4j.regenerateShapesModel=true}. Same machine and thread count, same bytes.
 */
class RegenerateShapesModel {
  @Test
  void regenerate() throws IOException {
    assumeTrue(Boolean.getBoolean("align4j.regenerateShapesModel"), "set -Dalign4j.regenerateShapesModel=true");
    Path dir = ShippedShapesModelTest.modelsDir().resolve(ShapesImageWorld.MODEL_NAME);
    System.out.println("wrote " + dir + ": " + ShapesImageWorld.build(PretrainRecipe.standard(), dir, System.out));
  }
}
