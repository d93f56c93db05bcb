package dev.align4j.text.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.LossRegistry;
import dev.align4j.text.ChatTemplate;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextModality;
import dev.align4j.text.TextTokenizer;
import dev.align4j.text.TorchScriptPolicy;
import dev.align4j.text.task.ArithmeticTask;
import dev.align4j.text.task.ArithmeticWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript causal LM exported from PyTorch (tools/fixtures/make_torchscript_lm.py) tunes with DPO through
 * the same engine, and its checkpoint reloads with the tuned values.
 */
class TorchScriptTrainingTest {
  @TempDir Path tmp;

  @Test
  void dpoOnATorchScriptModel() throws Exception {
    Path fixtures = Path.of("src/test/resources/fixtures");
    var data = ArithmeticTask.pairs(ArithmeticWorld.splits().get(0).subList(0, 128), 9, "ts");
    TrainerConfig cfg = new ObjectMapper().convertValue(Map.of("learning_rate", 1e-3, "max_steps", 12,
        "logging_steps", 4, "per_device_train_batch_size", 16, "save_steps", 12), TrainerConfig.class);
    float[] trained;
    try (NDManager m = NDManager.newBaseManager();
        TextTokenizer tok = TextTokenizer.load(fixtures.resolve("tokenizer.json"));
        TorchScriptPolicy policy = TorchScriptPolicy.load(fixtures.resolve("tiny-lm.pt"), m);
        Reference<TorchScriptPolicy> ref = Reference.frozenCopy(policy)) {
      var modality = new TextModality<TorchScriptPolicy>(new TextEncoder(tok, ChatTemplate.plain(), 12, 7));
      Trainer.preference(cfg, modality, LossRegistry.create("sigmoid", Map.of()), policy).reference(ref)
          .data(data, List.of()).runDir(tmp).configYaml("x: 1\n").optimizerManager(m).build()
          .train(null, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 12));
      trained = policy.parameters().get(0).array().toFloatArray();
    }
    List<JsonNode> log = RunFixtures.lines(tmp.resolve("metrics.jsonl"));
    assertTrue(log.get(log.size() - 1).get("loss").asDouble() < log.get(0).get("loss").asDouble(), log.toString());
    assertTrue(log.get(log.size() - 1).get("rewards/margins").asDouble() > 0, log.toString());
    try (NDManager m = NDManager.newBaseManager();
        TorchScriptPolicy reloaded = TorchScriptPolicy.load(tmp.resolve("final/model.pt"), m)) {
      NamedParameter first = reloaded.parameters().get(0);
      assertArrayEquals(trained, first.array().toFloatArray(), 0f, first.name());
    }
  }
}
