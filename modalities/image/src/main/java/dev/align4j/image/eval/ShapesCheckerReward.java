package dev.align4j.image.eval;

import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The shapes world's pixel checker as a reward model, named {@value #NAME} wherever a reward is named ({@code
 * pairs.reward}, {@code samples.reward}, {@code online.reward}): the fraction of the caption's attributes (kinds,
 * colours, sizes, relation) an image shows. It is the ground truth the learned {@code shapes-pick} and {@code
 * shapes-clip} only approximate, so pairs judged by it are this world's counterpart of Pick-a-Pic's human
 * choices. Shapes-world captions only; scores in [0, 1], many ties.
 */
public final class ShapesCheckerReward implements RewardModel {
  public static final String NAME = "shapes-checker";

  /** {@value #NAME} as this reward, any other name from {@code registry}. */
  public static RewardModel open(RewardRegistry registry, String name) {
    return NAME.equals(name) ? new ShapesCheckerReward() : registry.open(name);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items) {
    requireKinds(items);
    List<Image> images = new ArrayList<>(items.size());
    for (ContentPart item : items) images.add((Image) item);
    List<Double> scores = ShapesEvaluation.score(prompts, images).scores();
    float[] out = new float[scores.size()];
    for (int i = 0; i < out.length; i++) out[i] = scores.get(i).floatValue();
    return out;
  }

  @Override
  public void close() {}
}
