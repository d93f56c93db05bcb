package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train text} on bad configs and bad data: one line on stderr, exit code 2, no run directory. */
class TrainCommandTest {
  @TempDir Path dir;

  private static final String CONFIG = """
      modality: text
      model:
        path: embedded:arithmetic
        tokenizer: embedded:arithmetic
        chat_template: plain
        max_length: 12
        max_prompt_length: 7
      data:
        train: train.jsonl
      loss:
        loss_type: sigmoid
      trainer:
        max_steps: 2
      """;

  private Align4jTest.Run train(String config, String data, String... extra) throws IOException {
    Files.writeString(dir.resolve("cfg.yaml"), config);
    Files.writeString(dir.resolve("train.jsonl"), data);
    List<String> args = new java.util.ArrayList<>(List.of("train", "text", "--config",
        dir.resolve("cfg.yaml").toString(),
        "--output", dir.resolve("run").toString()));
    args.addAll(List.of(extra));
    return Align4jTest.run(args.toArray(String[]::new));
  }

  private String userError(Align4jTest.Run r, String... mustContain) {
    assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
    List<String> lines = r.errLines();
    assertEquals(1, lines.size(), () -> "one line on stderr, got:\n" + r.err());
    String line = lines.get(0);
    assertFalse(line.contains("Exception"), line);
    for (String s : mustContain) assertTrue(line.contains(s), () -> "'" + s + "' not in: " + line);
    assertFalse(Files.exists(dir.resolve("run/checkpoints")), "nothing half-written");
    return line;
  }

  @Test
  void wrongColumn() throws IOException {
    userError(train(CONFIG, "{\"prompt\":\"1+1=\",\"chosen\":\"2\",\"rejectd\":\"3\"}\n"),
        "train.jsonl", "row 1", "rejected");
  }

  @Test
  void malformedJsonLine() throws IOException {
    userError(train(CONFIG, "{\"prompt\":\"1+1=\",\"chosen\":\"2\",\"rejected\":\"3\"}\n{\"prompt\": \n"),
        "train.jsonl:2", "not valid JSON");
  }

  @Test
  void emptyCompletion() throws IOException {
    userError(train(CONFIG, "{\"prompt\":\"1+1=\",\"chosen\":\"\",\"rejected\":\"3\"}\n"), "row 1", "chosen", "empty");
  }

  @Test
  void unknownConfigKeySuggestsTheNearest() throws IOException {
    userError(train(CONFIG, "{\"prompt\":\"1+1=\",\"chosen\":\"2\",\"rejected\":\"3\"}\n",
        "--set", "trainer.learing_rate=0.1"), "trainer.learing_rate", "learning_rate");
  }

  @Test
  void badTrainerValueAndBadLossParameter() throws IOException {
    String data = "{\"prompt\":\"1+1=\",\"chosen\":\"2\",\"rejected\":\"3\"}\n";
    userError(train(CONFIG, data, "--set", "trainer.learning_rate=-1"), "learning_rate must be > 0");
    userError(train(CONFIG, data, "--set", "loss.label_smoothing=0.9"), "label_smoothing", "[0, 0.5]");
    userError(train(CONFIG, data, "--set", "loss.loss_type=kto"), "kto", "data.format");
  }

  @Test
  void missingConfigFile() {
    userError(Align4jTest.run("train", "text", "--config", dir.resolve("nope.yaml").toString()), "nope.yaml");
  }

  @Test
  void onPolicyPairsFromTheEmbeddedModel() throws IOException {
    Path out = dir.resolve("pairs.jsonl");
    Align4jTest.Run r = Align4jTest.run("pairs", "text", "--prompts", "64", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertFalse(lines.isEmpty(), r.out());
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : lines) {
      var row = json.readTree(line);
      var problem = dev.align4j.text.task.ArithmeticTask.parse(row.get("prompt").asText());
      assertTrue(dev.align4j.text.task.ArithmeticTask.check(problem, row.get("chosen").asText()), line);
      assertFalse(dev.align4j.text.task.ArithmeticTask.check(problem, row.get("rejected").asText()), line);
      assertTrue(row.has("seed") && row.has("model") && row.has("candidates"), line);
    }
  }
}
