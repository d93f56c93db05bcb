package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Views of the shapes world as datasets, deterministic by seed: item i depends only on the seed and i, so a
 * longer dataset extends a shorter one. Captions describe random scenes; "good" images render the caption's
 * scene, "bad" ones a scene with 1..maxEdits attributes changed (scoring below 1.0 under the {@link Checker}).
 */
public final class ShapesDataset {
  private final Renderer renderer;
  private final long seed;
  private final int maxEdits;

  /**
   * A dataset drawing with {@code renderer}; bad images differ from their caption in 1..{@code maxEdits} attributes.
   */
  public ShapesDataset(Renderer renderer, long seed, int maxEdits) {
    Preconditions.checkArgument(maxEdits >= 1, "maxEdits >= 1, not %s", maxEdits);
    this.renderer = renderer;
    this.seed = seed;
    this.maxEdits = maxEdits;
  }

  /** Captions with faithful images. */
  public List<CaptionedImage> captioned(int n) {
    List<CaptionedImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = item(0, i);
      Scene scene = SceneSampler.sample(rnd);
      out.add(new CaptionedImage(Caption.of(scene), renderer.render(scene, rnd.nextLong())));
    }
    return out;
  }

  /** Preference pairs (faithful image over a perturbed one); a {@code labelNoise} fraction has labels swapped. */
  public List<ShapePreference> preferences(int n, double labelNoise) {
    checkRate("labelNoise", labelNoise);
    List<ShapePreference> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = item(1, i);
      Scene scene = SceneSampler.sample(rnd);
      ShapeImage good = renderer.render(scene, rnd.nextLong());
      ShapeImage bad = renderer.render(SceneSampler.perturb(scene, 1 + rnd.nextInt(maxEdits), rnd), rnd.nextLong());
      boolean flip = rnd.nextDouble() < labelNoise;
      out.add(flip ? new ShapePreference(Caption.of(scene), bad, good, true)
          : new ShapePreference(Caption.of(scene), good, bad, false));
    }
    return out;
  }

  /** Unpaired samples, half faithful (desirable), half perturbed; a {@code labelNoise} fraction mislabelled. */
  public List<LabelledImage> unpaired(int n, double labelNoise) {
    checkRate("labelNoise", labelNoise);
    List<LabelledImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = item(2, i);
      Scene scene = SceneSampler.sample(rnd);
      boolean good = rnd.nextBoolean();
      Scene shown = good ? scene : SceneSampler.perturb(scene, 1 + rnd.nextInt(maxEdits), rnd);
      ShapeImage image = renderer.render(shown, rnd.nextLong());
      out.add(new LabelledImage(Caption.of(scene), image, good != rnd.nextDouble() < labelNoise));
    }
    return out;
  }

  /**
   * Pick-a-Pic comparisons: a {@code tieRate} fraction are ties (two faithful images, 0.5/0.5), the rest
   * preference pairs as in {@link #preferences} with the winner on a random side.
   */
  public List<PickapicRow> pickapic(int n, double labelNoise, double tieRate) {
    checkRate("tieRate", tieRate);
    List<ShapePreference> prefs = preferences(n, labelNoise);
    List<PickapicRow> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = item(3, i);
      ShapePreference p = prefs.get(i);
      if (rnd.nextDouble() < tieRate) {
        Scene scene = Caption.parse(p.caption());
        out.add(new PickapicRow(p.caption(), renderer.render(scene, rnd.nextLong()),
            renderer.render(scene, rnd.nextLong()), 0.5));
      } else if (rnd.nextBoolean()) {
        out.add(new PickapicRow(p.caption(), p.chosen(), p.rejected(), 1));
      } else {
        out.add(new PickapicRow(p.caption(), p.rejected(), p.chosen(), 0));
      }
    }
    return out;
  }

  private SplittableRandom item(int view, int i) {
    return new SplittableRandom(Seeds.derive(Seeds.derive(seed, view), i));
  }

  private static void checkRate(String name, double rate) {
    Preconditions.checkArgument(rate >= 0 && rate <= 1, "%s in [0, 1], not %s", name, rate);
  }
}
