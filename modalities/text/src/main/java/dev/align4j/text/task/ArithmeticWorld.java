package dev.align4j.text.task;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.Text;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.train.TrainingContext;
import dev.align4j.core.train.TrainingListener;
import dev.align4j.core.util.EmbeddedCache;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.GracefulStop;
import dev.align4j.losses.LossRegistry;
import dev.align4j.text.ChatTemplate;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextModality;
import dev.align4j.text.TextTokenizer;
import dev.align4j.text.TokenizerJsonWriter;
import dev.align4j.text.gpt.Gpt;
import dev.align4j.text.gpt.GptConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded arithmetic world: its tokenizer (a real tokenizer.json over the task's characters), its
 * base model (a small GPT briefly fine-tuned on correct answers, built once and cached), and its datasets.
 */
public final class ArithmeticWorld {
  public static final String REF = "embedded:arithmetic";
  /** Bump when the recipe below changes, so stale caches are never used. */
  private static final String VERSION = "v2";
  private static final long SEED = 1234;
  public static final int MAX_LENGTH = 12;
  public static final int MAX_PROMPT_LENGTH = 7;
  /** The SFT schedule's length; the build stops at the first check that reaches {@link #TARGET_ACCURACY}. */
  static final int SFT_STEPS = 1500;
  static final int SFT_PROBLEMS = 3000;
  /** Problems behind the shipped train pairs (examples/data/arithmetic). */
  static final int TRAIN_PROBLEMS = 4000;
  /**
   * The base's greedy accuracy on its own check problems: good enough to be worth tuning, short of the ceiling.
   * Training for a fixed number of steps instead landed anywhere between 0.25 and 0.90 with the CPU's rounding
   * (docs/text.md): accuracy jumps within a few dozen steps, at a step that rounding decides.
   */
  static final double TARGET_ACCURACY = 0.75;
  /** Steps between checks of the base's accuracy. */
  static final int CHECK_EVERY = 25;
  /** Check problems: from the train split, after the SFT problems and the shipped train pairs. */
  static final int CHECK_PROBLEMS = 256;
  static final int MAX_NEW_TOKENS = 4;

  private ArithmeticWorld() {}

  /** Train and held-out problems (disjoint). */
  public static List<List<ArithmeticTask.Problem>> splits() {
    return ArithmeticTask.standard().split(0.2, SEED);
  }

  /** The tokenizer.json, written into the cache on first use. */
  public static Path tokenizer() {
    Path file = dir().resolve("tokenizer.json");
    if (!Files.exists(file)) {
      try {
        Files.createDirectories(file.getParent());
        TokenizerJsonWriter.builder().alphabet(ArithmeticTask.ALPHABET).build().write(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  /** The base model's directory: trained on first use (about a minute on 2 cores), then cached. */
  public static Path baseModel(PrintStream log) {
    Path model = dir().resolve("sft-" + VERSION);
    if (Files.isRegularFile(model.resolve("config.json"))) return model;
    log.println("building the embedded arithmetic base model (once; cached in " + model + ")");
    Path work = dir().resolve(".tmp-sft-" + System.nanoTime());
    try (NDManager m = NDManager.newBaseManager();
        TextTokenizer tok = TextTokenizer.load(tokenizer())) {
      GptConfig config = GptConfig.of(tok.vocabSize(), MAX_LENGTH + 4, 64, 2, 4);
      GptPolicy policy = new GptPolicy(Gpt.create(config, SEED, m.newSubManager()), m.newSubManager());
      TextEncoder encoder = new TextEncoder(tok, ChatTemplate.plain(), MAX_LENGTH, MAX_PROMPT_LENGTH);
      List<PreferenceExample> data = ArithmeticTask.pairs(splits().get(0).subList(0, SFT_PROBLEMS), SEED, "sft");
      TrainerConfig cfg = new ObjectMapper().convertValue(Map.of("learning_rate", 3e-3, "max_steps", SFT_STEPS,
          "per_device_train_batch_size", 64, "lr_scheduler_type", "cosine", "warmup_steps", 20,
          "logging_steps", 50, "save_steps", SFT_STEPS, "seed", SEED), TrainerConfig.class);
      List<Text> check = new ArrayList<>();
      for (PreferenceExample e : ArithmeticTask.pairs(splits().get(0).subList(SFT_PROBLEMS + TRAIN_PROBLEMS,
          SFT_PROBLEMS + TRAIN_PROBLEMS + CHECK_PROBLEMS), SEED, "check")) {
        check.add(((PreferenceExample.Paired) e).prompt());
      }
      double[] reached = {Double.NaN, 0};
      TrainingListener target = new TrainingListener() {
        @Override
        public void onStepEnd(TrainingContext c, Map<String, Double> metrics) {
          if (c.step() % CHECK_EVERY != 0) return;
          double accuracy = TaskEvaluation.accuracy(TaskEvaluation.correct(policy, encoder, check,
              TaskChecker.arithmetic(), MAX_NEW_TOKENS));
          if (accuracy >= TARGET_ACCURACY) {
            reached[0] = accuracy;
            reached[1] = c.step();
            c.requestStop();
          }
        }
      };
      Trainer.preference(cfg, new TextModality<GptPolicy>(encoder), LossRegistry.create("sft", Map.of()), policy)
          .data(data, List.of()).runDir(work).configYaml("recipe: " + VERSION + "\n").optimizerManager(m)
          .listener(target).build().train(null, new Progress(log, false, 0, SFT_STEPS));
      Path tmp = work.resolve("base");
      policy.save(tmp);
      Files.move(tmp, model, StandardCopyOption.ATOMIC_MOVE);
      log.println(Double.isNaN(reached[0])
          ? String.format("the base reached greedy accuracy %.2f nowhere in %d steps: the last step kept",
              TARGET_ACCURACY, SFT_STEPS)
          : String.format("base model: greedy accuracy %.3f on %d check problems at step %d", reached[0],
              CHECK_PROBLEMS, (int) reached[1]));
      policy.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GracefulStop.Stopped e) {
      throw new GracefulStop.Stopped(
          "stopped by a signal while building the embedded base model (built anew next time)");
    } finally {
      FileTrees.deleteQuietly(work);
    }
    return model;
  }

  /** Writes the shipped datasets: paired train/eval and an unpaired (KTO) train file. */
  public static void writeDatasets(Path dir) throws IOException {
    List<ArithmeticTask.Problem> train = splits().get(0).subList(SFT_PROBLEMS, SFT_PROBLEMS + TRAIN_PROBLEMS);
    List<ArithmeticTask.Problem> eval = splits().get(1).subList(0, 256);
    Files.createDirectories(dir);
    write(dir.resolve("train.jsonl"), ArithmeticTask.pairs(train, SEED + 1, "train"));
    write(dir.resolve("eval.jsonl"), ArithmeticTask.pairs(eval, SEED + 2, "eval"));
    write(dir.resolve("train-unpaired.jsonl"), ArithmeticTask.unpaired(train, SEED + 3, "train"));
    write(dir.resolve("eval-unpaired.jsonl"), ArithmeticTask.unpaired(eval, SEED + 4, "eval"));
  }

  private static void write(Path file, List<PreferenceExample> examples) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (PreferenceExample e : examples) {
      Map<String, Object> row = new LinkedHashMap<>();
      if (e instanceof PreferenceExample.Paired p) {
        row.put("prompt", p.prompt().raw());
        row.put("chosen", p.chosen().raw());
        row.put("rejected", p.rejected().raw());
      } else if (e instanceof PreferenceExample.Unpaired u) {
        row.put("prompt", u.prompt().raw());
        row.put("completion", u.completion().raw());
        row.put("label", u.label());
      }
      lines.add(json.writeValueAsString(row));
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path dir() {
    return EmbeddedCache.root().resolve("arithmetic");
  }
}
