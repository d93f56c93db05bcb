package dev.align4j.video.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.train.Devices;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.Rewards;
import dev.align4j.video.data.VideoPairsWriter;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code align4j pairs video}: builds the pairs a {@code train video} config's {@code pairs:} section describes,
 * with the code {@code train video} builds them with ({@link VideoPairSets}: the same prompts, held-out prompts
 * left out, seeds and builder; the model is loaded only for a builder that samples), and writes them as a dataset
 * that {@code data:} reads back ({@link VideoPairsWriter}: {@code train.jsonl}, {@code eval.jsonl} and
 * {@code videos/*.mp4}).
 */
public final class VideoPairsExport {
  /**
   * What was written.
   *
   * @param files each non-empty split's JSONL file, by split name ({@code train}, {@code eval})
   */
  public record Result(Map<String, Path> files, int trainPairs, int evalPairs, int trainPrompts) {}

  private VideoPairsExport() {}

  /**
   * Builds and writes the pairs of one config.
   *
   * @param tree the config, overrides applied
   * @param source the config's name in messages
   * @param baseDir where relative paths in the config resolve
   * @param modelsDir where {@code embedded:moving-shapes} is looked for; null for the built-in models directory
   * @param output the dataset folder (replaced when it exists)
   */
  public static Result run(ObjectNode tree, String source, Path baseDir, Path modelsDir, Path output,
      PrintStream out) {
    Launcher.Checked checked = Launcher.check(new VideoProvider(), tree, source, baseDir);
    VideoSections s = (VideoSections) checked.sections();
    VideoPairsConfig config = s.pairs();
    if (config == null) {
      throw new UserError(source + ": pairs video builds the pairs a pairs: section describes; this config reads "
          + "data: instead");
    }
    Path models = modelsDir == null ? Rewards.defaultModelsDir() : modelsDir;
    try (NDManager root = NDManager.newBaseManager(Devices.resolve(checked.shared().trainer().device()));
        VideoBaseModel model = config.pairBuilder().samples() ? VideoModels.load(s.model(), baseDir, models, root,
            out) : null) {
      VideoPairSets sets = model == null ? new VideoPairSets(config, null, null, root)
          : new VideoPairSets(config, model.generator(), s.samples().sampler(model.sampler()), root);
      VideoPairSets.Built built = sets.build(ShapesVideoWorld.heldOutPrompts(s.samples().evalPrompts()), out);
      String drawnBy = model == null ? null
          : s.model().base().startsWith("embedded:") ? s.model().base() : model.dir().toAbsolutePath().toString();
      Map<String, Path> files = VideoPairsWriter.write(output, List.of(
          new VideoPairsWriter.Split("train", built.train().pairs(), sets.trainSeed()),
          new VideoPairsWriter.Split("eval", built.eval().pairs(), sets.evalSeed())), drawnBy);
      return new Result(files, built.train().pairs().size(), built.eval().pairs().size(), built.train().prompts());
    }
  }
}
