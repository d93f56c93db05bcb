package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.LossSpec;
import dev.align4j.losses.ParamSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code align4j} command run in-process, as a user would type it. */
class Align4jTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double TOL = 1e-12;
  /** One pair with pc - rc = 1 and pr - rr = -1, so D = 2. */
  private static final String PAIR =
      "{\"policy_chosen\": -10, \"policy_rejected\": -12, \"ref_chosen\": -11, \"ref_rejected\": -11}";

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Align4j.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Path file(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private static JsonNode ok(Run r) throws IOException {
    assertEquals(0, r.code(), () -> "exit code; stderr: " + r.err());
    assertEquals("", r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line");
    return JSON.readTree(r.out());
  }

  private static double softplusNeg(double x) {  // -log sigmoid(x) = log(1 + e^-x)
    return Math.log1p(Math.exp(-x));
  }

  // ------------------------------------------------------------------ help and listing

  @Test
  void helpListsTheLossesCommand() {
    Run r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("losses"), r.out());
    assertTrue(r.out().contains("Usage: align4j"), r.out());
  }

  @Test
  void noArgumentsPrintsUsage() {
    Run r = run();
    assertEquals(0, r.code());
    assertTrue(r.out().contains("losses"), r.out());
  }

  /** The Spark jobs are not in this jar: the command says where they are instead of failing as unknown. */
  @Test
  void sparkPointsToItsOwnJar() {
    Run r = run("spark", "score", "--reward", "shapes-pick");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("align4j: error: the Spark jobs run from their own jar: bin/align4j spark score "
        + "--reward shapes-pick"), r.err());
  }

  @Test
  void versionPrints() {
    Run r = run("--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("align4j "), r.out());
  }

  @Test
  void listPrintsEveryLossWithItsParamsAndSource() {
    Run r = run("losses", "list");
    assertEquals(0, r.code(), r.err());
    List<LossSpec> specs = LossRegistry.specs();
    assertTrue(r.out().startsWith(specs.size() + " losses."), r.out());
    List<String> blocks = List.of(r.out().split("\\R\\R"));
    String shared = r.out().lines().filter(l -> l.startsWith("Every paired language-model loss also takes:"))
        .findFirst()
        .orElse("");
    List<Runnable> checks = new ArrayList<>();
    for (LossSpec s : specs) {
      checks.add(() -> {
        String block = blocks.stream().filter(b -> b.strip().startsWith(s.name() + "  (")).findFirst()
            .orElse(null);
        assertNotNull(block, "no listing for " + s.name());
        assertTrue(block.contains("source: " + s.source()), s.name() + " source missing:\n" + block);
        assertTrue(block.contains(s.summary()), s.name() + " summary missing:\n" + block);
        if (s.params().isEmpty()) assertTrue(block.contains("params: none"), block);
        for (ParamSpec p : s.params()) {
          String entry = p.name() + "=" + ParamSpec.display(p.defaultValue());
          assertTrue(block.contains(entry) || shared.contains(entry),
              s.name() + ": parameter " + entry + " not listed:\n" + block);
        }
      });
    }
    assertAll(checks.stream().map(c -> c::run));
  }

  // ------------------------------------------------------------------ eval

  @Test
  void dpoWithZeroMarginIsLog2() throws IOException {
    Path in = file("zero.jsonl",
        "{\"policy_chosen\": -10, \"policy_rejected\": -12, \"ref_chosen\": -10, \"ref_rejected\": -12}");
    JsonNode out = ok(run("losses", "eval", "--loss", "sigmoid", "--input", in.toString()));
    assertEquals(Math.log(2), out.get("loss").asDouble(), TOL);
    assertEquals(1, out.get("per_example").size());
    assertEquals(Math.log(2), out.get("per_example").get(0).asDouble(), TOL);
    JsonNode m = out.get("metrics");
    assertNotNull(m);
    for (String key : List.of("rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies",
        "logps/chosen", "logps/rejected")) {
      assertTrue(m.has(key), "metric " + key + " missing: " + m);
    }
    assertEquals(0.0, m.get("rewards/margins").asDouble(), TOL);
    assertEquals(0.0, m.get("rewards/accuracies").asDouble(), TOL);  // strict: a tie is not a win
    assertEquals(-10.0, m.get("logps/chosen").asDouble(), TOL);
  }

  @Test
  void dpoMatchesHandComputedValueAndBeta() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    // D = (pc - rc) - (pr - rr) = 1 - (-1) = 2
    JsonNode out = ok(run("losses", "eval", "--loss", "sigmoid", "--input", in.toString()));
    assertEquals(softplusNeg(0.1 * 2), out.get("loss").asDouble(), TOL);
    assertEquals(0.1, out.get("metrics").get("rewards/chosen").asDouble(), TOL);
    assertEquals(-0.1, out.get("metrics").get("rewards/rejected").asDouble(), TOL);
    assertEquals(1.0, out.get("metrics").get("rewards/accuracies").asDouble(), TOL);

    out = ok(run("losses", "eval", "--loss", "dpo", "--param", "beta=0.5", "--input", in.toString()));
    assertEquals(softplusNeg(0.5 * 2), out.get("loss").asDouble(), TOL);

    // cDPO: -(1-e) ls(bD) - e ls(-bD)
    out = ok(run("losses", "eval", "--loss", "sigmoid", "--param", "label_smoothing=0.2", "--input", in.toString()));
    assertEquals(0.8 * softplusNeg(0.2) + 0.2 * softplusNeg(-0.2), out.get("loss").asDouble(), TOL);
  }

  @Test
  void lossIsTheMeanOfPerExampleValues() throws IOException {
    Path in = file("two.jsonl", PAIR,
        "{\"policy_chosen\": -5, \"policy_rejected\": -5, \"ref_chosen\": -4, \"ref_rejected\": -6}");
    JsonNode out = ok(run("losses", "eval", "--loss", "sigmoid", "--input", in.toString()));
    double a = softplusNeg(0.2);
    double b = softplusNeg(0.1 * (-1 - 1));
    assertEquals(2, out.get("per_example").size());
    assertEquals(a, out.get("per_example").get(0).asDouble(), TOL);
    assertEquals(b, out.get("per_example").get(1).asDouble(), TOL);
    assertEquals((a + b) / 2, out.get("loss").asDouble(), TOL);
    assertEquals(0.5, out.get("metrics").get("rewards/accuracies").asDouble(), TOL);
  }

  @Test
  void combinationIsTheWeightedSum() throws IOException {
    Path in = file("len.jsonl",
        "{\"policy_chosen\": -10, \"policy_rejected\": -12, \"ref_chosen\": -11, \"ref_rejected\": -11,"
            + " \"chosen_len\": 4, \"rejected_len\": 6}");
    JsonNode out = ok(run("losses", "eval", "--loss", "sigmoid,sft", "--loss-weights", "1,0.5",
        "--input", in.toString()));
    double sft = 10.0 / 4;  // token-mean NLL of the chosen
    assertEquals(softplusNeg(0.2) + 0.5 * sft, out.get("loss").asDouble(), TOL);
    assertTrue(out.get("metrics").has("rewards/margins"), "metrics come from the first loss");

    JsonNode unweighted = ok(run("losses", "eval", "--loss", "sigmoid,sft", "--input", in.toString()));
    assertEquals(softplusNeg(0.2) + sft, unweighted.get("loss").asDouble(), TOL);
  }

  @Test
  void float32GivesNearlyTheSameLoss() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    JsonNode out = ok(run("losses", "eval", "--loss", "sigmoid", "--dtype", "float32", "--input", in.toString()));
    assertEquals(softplusNeg(0.2), out.get("loss").asDouble(), 1e-6);
  }

  @Test
  void unpairedLossSplitsPairedLines() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    JsonNode out = ok(run("losses", "eval", "--loss", "kto", "--input", in.toString()));
    assertEquals(2, out.get("per_example").size(), "chosen and rejected become two completions");
    // log-ratios +1 and -1: z = max(0, mean) = 0; desirable 1 - s(0.1), undesirable 1 - s(0.1)
    double expected = 1 - 1 / (1 + Math.exp(-0.1));
    assertEquals(expected, out.get("loss").asDouble(), TOL);
  }

  /** Every shipped example evaluates with the losses it is meant for. */
  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("examples")
  void examplesEvaluate(String example, String loss) throws IOException {
    Path in = examplesDir().resolve(example);
    assertTrue(Files.exists(in), "missing example " + in);
    JsonNode out = ok(run("losses", "eval", "--loss", loss, "--input", in.toString()));
    assertTrue(Double.isFinite(out.get("loss").asDouble()), out.toString());
    assertTrue(out.get("per_example").size() > 0);
  }

  /** examples/losses of the repository, found upwards from the working directory (cli/ under Maven). */
  private static Path examplesDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("examples").resolve("losses");
      if (Files.isDirectory(candidate)) return candidate;
    }
    throw new AssertionError("examples/losses not found above " + Path.of("").toAbsolutePath());
  }

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("dpo-batch.jsonl", "sigmoid"),
        Arguments.of("dpo-batch.jsonl", "ipo"),
        Arguments.of("dpo-batch.jsonl", "simpo"),
        Arguments.of("dpo-batch.jsonl", "sigmoid,sft"),
        Arguments.of("kto-unpaired.jsonl", "kto"),
        Arguments.of("kto-unpaired.jsonl", "bco"),
        Arguments.of("listwise.jsonl", "lipo_lambda"),
        Arguments.of("listwise.jsonl", "infonca"),
        Arguments.of("listwise.jsonl", "nca"),
        Arguments.of("tokens.jsonl", "tdpo1"),
        Arguments.of("tokens.jsonl", "tdpo2"),
        Arguments.of("tokens.jsonl", "sigmoid"),
        Arguments.of("video-structured.jsonl", "levels_dpo"),
        Arguments.of("video-structured.jsonl", "dense_dpo"),
        Arguments.of("lvlm-structured.jsonl", "mdpo"),
        Arguments.of("lvlm-structured.jsonl", "rlhf_v"));
  }

  // ------------------------------------------------------------------ a user's mistakes

  /** Exit code 2, nothing on stdout, exactly one line on stderr naming the problem, no stack trace. */
  private static String userError(Run r, String... mustContain) {
    assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
    assertEquals("", r.out(), "nothing on stdout");
    List<String> lines = r.errLines();
    assertEquals(1, lines.size(), () -> "one line on stderr, got:\n" + r.err());
    String line = lines.get(0);
    assertTrue(line.startsWith("align4j: error: "), line);
    assertFalse(line.contains("Exception"), line);
    for (String s : mustContain) assertTrue(line.contains(s), () -> "'" + s + "' not in: " + line);
    return line;
  }

  private Run eval(Path in, String... extra) {
    List<String> args = new ArrayList<>(List.of("losses", "eval", "--input", in.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void missingFile() {
    Path in = dir.resolve("nope.jsonl");
    userError(eval(in, "--loss", "sigmoid"), "nope.jsonl", "no such file");
  }

  @Test
  void emptyFile() throws IOException {
    Path in = dir.resolve("empty.jsonl");
    Files.writeString(in, "");
    userError(eval(in, "--loss", "sigmoid"), "empty.jsonl", "no examples");
  }

  @Test
  void malformedJsonNamesTheLine() throws IOException {
    Path in = file("bad.jsonl", PAIR, "{\"policy_chosen\": -3,");
    userError(eval(in, "--loss", "sigmoid"), "bad.jsonl:2:", "not valid JSON");
  }

  @Test
  void duplicateFieldIsMalformed() throws IOException {
    Path in = file("dup.jsonl",
        "{\"policy_chosen\": -1, \"policy_chosen\": -2, \"policy_rejected\": -3, \"ref_chosen\": -1, \"ref_rejected\": "
            + "-1}");
    userError(eval(in, "--loss", "sigmoid"), "dup.jsonl:1:", "policy_chosen");
  }

  @Test
  void nanNamesLineAndField() throws IOException {
    Path in = file("nan.jsonl", PAIR,
        "{\"policy_chosen\": -10, \"policy_rejected\": NaN, \"ref_chosen\": -11, \"ref_rejected\": -11}");
    userError(eval(in, "--loss", "sigmoid"), "nan.jsonl:2:", "policy_rejected", "finite");
  }

  @Test
  void nanInsideTokenArrayNamesTheElement() throws IOException {
    Path in = file("tok.jsonl",
        "{\"chosen_tokens\": {\"policy\": [-1, NaN]}, \"rejected_tokens\": {\"policy\": [-1]}}");
    userError(eval(in, "--loss", "sigmoid"), "tok.jsonl:1:", "chosen_tokens.policy[1]");
  }

  @Test
  void infinityIsRejected() throws IOException {
    Path in = file("inf.jsonl", "{\"policy_chosen\": 1e999, \"policy_rejected\": -1}");
    userError(eval(in, "--loss", "sigmoid"), "inf.jsonl:1:", "policy_chosen", "finite");
  }

  @Test
  void nonNumberNamesTheField() throws IOException {
    Path in = file("str.jsonl", "{\"policy_chosen\": \"-10\", \"policy_rejected\": -1}");
    userError(eval(in, "--loss", "sigmoid"), "str.jsonl:1:", "policy_chosen", "expected a number");
  }

  @Test
  void unknownFieldSuggestsTheNearest() throws IOException {
    Path in = file("unk.jsonl",
        "{\"policy_choosen\": -10, \"policy_rejected\": -12, \"ref_chosen\": -11, \"ref_rejected\": -11}");
    userError(eval(in, "--loss", "sigmoid"), "unk.jsonl:1:", "policy_choosen", "unknown field", "'policy_chosen'");
  }

  @Test
  void fieldMissingOnSomeLines() throws IOException {
    Path in = file("some.jsonl", PAIR, "{\"policy_chosen\": -10, \"policy_rejected\": -12, \"ref_chosen\": -11}");
    userError(eval(in, "--loss", "sigmoid"), "some.jsonl:2:", "ref_rejected");
  }

  @Test
  void unknownLossSuggestsTheNearest() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(eval(in, "--loss", "sigmod"), "unknown loss 'sigmod'", "did you mean 'sigmoid'");
    userError(eval(in, "--loss", "sigmoid,sfft"), "unknown loss 'sfft'", "'sft'");
  }

  @Test
  void outOfRangeParameterNamesParameterAndRange() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(eval(in, "--loss", "robust", "--param", "label_smoothing=0.7"),
        "robust", "label_smoothing", "[0, 0.5)", "0.7");
    userError(eval(in, "--loss", "exo_pair", "--param", "label_smoothing=0"),
        "exo_pair", "label_smoothing", "(0, 0.5]");
    userError(eval(in, "--loss", "sigmoid", "--param", "beta=0"), "beta", "(0, inf)");
    userError(eval(in, "--loss", "sigmoid", "--param", "beta=abc"), "beta", "a number", "abc");
  }

  @Test
  void unknownParameterSuggestsTheNearest() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(eval(in, "--loss", "sigmoid", "--param", "bta=0.2"), "sigmoid", "'bta'", "did you mean 'beta'");
    userError(eval(in, "--loss", "sigmoid,sft", "--param", "foo=1"), "'foo'");
    userError(eval(in, "--loss", "sigmoid", "--param", "beta"), "--param", "KEY=VALUE");
  }

  @Test
  void combinationNeedsOneWeightPerLoss() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(eval(in, "--loss", "sigmoid,sft", "--loss-weights", "1"), "loss_weights", "2");
    userError(eval(in, "--loss", "sigmoid,sft", "--loss-weights", "1,-1"), "loss_weights", ">= 0");
  }

  @Test
  void ktoWithoutLabelOrRejected() throws IOException {
    Path in = file("kto.jsonl", "{\"policy_chosen\": -10, \"ref_chosen\": -11}");
    userError(eval(in, "--loss", "kto"), "kto.jsonl:1:", "label");
  }

  @Test
  void tdpoWithoutTokens() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(eval(in, "--loss", "tdpo1"), "pair.jsonl", "tdpo1", "chosen_tokens");
  }

  @Test
  void tdpoWithoutKl() throws IOException {
    Path in = file("tok.jsonl", "{\"chosen_tokens\": {\"policy\": [-1, -2], \"ref\": [-1, -1]},"
        + " \"rejected_tokens\": {\"policy\": [-3], \"ref\": [-2]}}");
    userError(eval(in, "--loss", "tdpo1"), "tdpo1", "kl");
  }

  @Test
  void pairedLossWithoutReference() throws IOException {
    Path in = file("nref.jsonl", "{\"policy_chosen\": -10, \"policy_rejected\": -12}");
    userError(eval(in, "--loss", "sigmoid"), "sigmoid", "ref_chosen", "ref_rejected");
  }

  @Test
  void listwiseLossOnPairs() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(eval(in, "--loss", "lipo_lambda"), "lipo_lambda", "listwise");
  }

  @Test
  void badDtype() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(eval(in, "--loss", "sigmoid", "--dtype", "float16"), "--dtype", "float16");
  }

  @Test
  void commandLineMistakesAreOneLine() throws IOException {
    Path in = file("pair.jsonl", PAIR);
    userError(run("losses", "eval", "--input", in.toString()), "--loss");
    userError(run("losses", "eval", "--loss", "sigmoid", "--input", in.toString(), "--bogus"), "--bogus");
    userError(run("losses", "eval", "--loss", "sigmoid", "--input", in.toString(), "extra"), "'extra'");
    userError(run("bogus"), "unknown command 'bogus'");
    userError(run("losses", "evl"), "'evl'", "did you mean 'eval'");
    userError(run("losses", "eval", "--loss", "sigmoid", "--loss-weights", "x", "--input", in.toString()), "'x'");
  }
}
