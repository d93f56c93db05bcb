package dev.align4j.image.run;

import dev.align4j.core.data.DataConfig;
import dev.align4j.core.media.Image;
import dev.align4j.core.pairs.CandidateGenerator;
import dev.align4j.core.shapes.CaptionedImage;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.image.eval.ShapesCheckerReward;
import dev.align4j.image.pairs.ImageCandidateGenerator;
import dev.align4j.image.pairs.OnPolicyPairs;
import dev.align4j.image.pairs.PairsWriter;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code pairs:} section carried out: on-policy pairs from the starting model, written once into the run
 * directory ({@code pairs/train.jsonl}, {@code pairs/eval.jsonl} and their PNGs) and read back like any image
 * dataset. A resumed run finds them there and does not rebuild them.
 */
final class OnPolicyData {
  static final String TRAIN = "train/" + PairsWriter.FILE;
  static final String EVAL = "eval/" + PairsWriter.FILE;

  private OnPolicyData() {}

  static DataConfig build(PairsConfig cfg, ImageModel model, SamplerConfig sampler, RewardRegistry registry, Path dir,
      PrintStream out) {
    if (!model.shapesWorld()) {
      throw new UserError("config: pairs (on-policy construction) needs the shapes world's prompts; for other "
          + "models give data (Pick-a-Pic parquet or JSONL)");
    }
    DataConfig data = new DataConfig(TRAIN, cfg.evalPrompts() > 0 ? EVAL : null, 0, null, null, null, false, null);
    if (Files.isRegularFile(dir.resolve(TRAIN)) && (cfg.evalPrompts() == 0 || Files.isRegularFile(dir.resolve(EVAL)))) {
      out.println("on-policy pairs: reusing " + dir);
      return data;
    }
    // Training prompts never repeat a held-out prompt, so evaluation measures generalisation.
    Set<String> heldOut = new LinkedHashSet<>(ShapesImageWorld.heldOutPrompts(4096));
    List<CaptionedImage> captioned = captioned(cfg.prompts() + cfg.evalPrompts(), cfg.seed(), heldOut);
    List<String> prompts = captioned.stream().map(CaptionedImage::caption).toList();
    try (RewardModel reward = ShapesCheckerReward.open(registry, cfg.reward())) {
      long start = System.nanoTime();
      CandidateGenerator<String, Image> generator = new ImageCandidateGenerator(model.denoiser(),
          model.captions(), model.codec(), model.schedule(), sampler, cfg.batchSize());
      if (cfg.reference()) generator = generator.withReference(references(captioned)::get);
      OnPolicyPairs.Result train = OnPolicyPairs.build(generator, reward, prompts.subList(0, cfg.prompts()),
          cfg.candidates(), cfg.minGap(), cfg.seed(), dir.resolve("train"), model.name(), 0);
      if (cfg.evalPrompts() > 0) {
        OnPolicyPairs.build(generator, reward, prompts.subList(cfg.prompts(), prompts.size()), cfg.candidates(),
            cfg.minGap(), cfg.seed() + 1_000_003L, dir.resolve("eval"), model.name(), 0);
      }
      out.printf("on-policy pairs: %d of %d prompts gave a pair (%d candidates each%s, reward %s, min gap %.3f) "
          + "in %.1f s -> %s%n", train.pairs(), cfg.prompts(), cfg.candidates(),
          cfg.reference() ? " and the reference render" : "", cfg.reward(), cfg.minGap(),
          (System.nanoTime() - start) / 1e9, dir);
    }
    return data;
  }

  /** {@code n} distinct shapes-world captions drawn with {@code seed}, none of them in {@code exclude}. */
  static List<String> prompts(int n, long seed, Set<String> exclude) {
    return captioned(n, seed, exclude).stream().map(CaptionedImage::caption).toList();
  }

  /** {@link #prompts}' captions, each with its noise-free render (the base model's training images). */
  static List<CaptionedImage> captioned(int n, long seed, Set<String> exclude) {
    Map<String, CaptionedImage> out = new LinkedHashMap<>();
    for (int round = 0; out.size() < n && round < 50; round++) {
      for (CaptionedImage c : new ShapesDataset(ShapesImageWorld.trainingRenderer(), seed + round * 7919L, 2)
          .captioned(n)) {
        if (!exclude.contains(c.caption())) out.putIfAbsent(c.caption(), c);
        if (out.size() == n) break;
      }
    }
    if (out.size() < n) throw new UserError("config: the shapes world has fewer than " + n + " distinct prompts");
    return new ArrayList<>(out.values());
  }

  private static Map<String, Image> references(List<CaptionedImage> captioned) {
    Map<String, Image> out = new HashMap<>();
    for (CaptionedImage c : captioned) out.put(c.caption(), c.image().pixels());
    return out;
  }
}
