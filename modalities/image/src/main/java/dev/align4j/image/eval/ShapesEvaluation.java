package dev.align4j.image.eval;

import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.Checker;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.image.diffusion.ImageGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores generated images with the shapes world's pixel checker ({@link Checker#scorePixels}): the number the
 * before/after comparisons and behaviour tests read.
 */
public final class ShapesEvaluation {
  private ShapesEvaluation() {}

  /** Scores {@code images[i]} against {@code captions[i]}. */
  public static ShapesScore score(List<String> captions, List<Image> images) {
    Preconditions.checkArgument(captions.size() == images.size() && !images.isEmpty(),
        "%s captions for %s images", captions.size(), images.size());
    List<Double> scores = new ArrayList<>(images.size());
    double sum = 0;
    int exact = 0;
    for (int i = 0; i < images.size(); i++) {
      double s = Checker.scorePixels(images.get(i), captions.get(i));
      scores.add(s);
      sum += s;
      if (s == 1.0) exact++;
    }
    return new ShapesScore(sum / images.size(), exact / (double) images.size(), images.size(), scores);
  }

  /** Generates one image per (prompt, seed) pair, {@code batchSize} at a time, and scores them. */
  public static ShapesScore evaluate(ImageGenerator generator, List<String> prompts, long[] seeds,
      SamplerConfig sampler, int batchSize, NDManager manager) {
    List<Image> images = generator.generateRgb(prompts, seeds, sampler, batchSize, manager);
    return score(prompts, images);
  }

  /** Every prompt with every seed: prompts.size() x seeds.length images, prompt-major. */
  public static ShapesScore evaluateGrid(ImageGenerator generator, List<String> prompts, long[] seeds,
      SamplerConfig sampler, int batchSize, NDManager manager) {
    List<String> all = new ArrayList<>();
    long[] allSeeds = new long[prompts.size() * seeds.length];
    for (int p = 0; p < prompts.size(); p++) {
      for (int s = 0; s < seeds.length; s++) {
        all.add(prompts.get(p));
        allSeeds[p * seeds.length + s] = seeds[s];
      }
    }
    return evaluate(generator, all, allSeeds, sampler, batchSize, manager);
  }
}
