package dev.align4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TorchScript fixture written by {@code tools/fixtures/make_torchscript_lm.py}: loads, matches
 * PyTorch's logits, is causal and ignores padding, and trains through DJL.
 */
class TorchScriptCausalLmTest {
  static final Path MODEL = Path.of("src/test/resources/fixtures/tiny-lm.pt");
  static final Path EXPECTED = Path.of("src/test/resources/fixtures/tiny-lm-expected.json");

  static JsonNode expected;
  static long[][] inputIds;
  static long[][] attentionMask;

  @BeforeAll
  static void readExpected() throws Exception {
    expected = new ObjectMapper().readTree(EXPECTED.toFile());
    inputIds = longs2(expected.get("input_ids"));
    attentionMask = longs2(expected.get("attention_mask"));
  }

  static TorchScriptCausalLm lm;

  @BeforeAll
  static void load() {
    lm = TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).build();
  }

  @AfterAll
  static void close() {
    lm.close();
  }

  @Test
  void vocabularyMatchesTheFixtureTokenizer() {
    assertEquals(expected.get("vocab_size").asInt(), lm.vocabSize());
    try (TextTokenizer tok = TextTokenizer.load(FixtureTokenizerTest.FIXTURE)) {
      assertEquals(tok.vocabSize(), lm.vocabSize());
      for (int b = 0; b < inputIds.length; b++) {
        String text = expected.get("texts").get(b).asText();
        long[] ids = tok.encode(text);
        for (int t = 0; t < ids.length; t++) assertEquals(inputIds[b][t], ids[t], "row " + b + " token " + t);
      }
    }
  }

  @Test
  void logitsMatchPyTorch() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray ids = m.create(inputIds);
      NDArray mask = m.create(attentionMask);
      NDArray want = expectedLogits(m);
      for (boolean training : new boolean[] {false, true}) { // dropout is off by default in both
        NDArray logits = lm.logits(new ParameterStore(m, false), ids, mask, training);
        assertEquals(DataType.FLOAT32, logits.getDataType());
        assertEquals(want.getShape(), logits.getShape());
        float maxDiff = logits.sub(want).abs().max().getFloat();
        assertTrue(maxDiff < 1e-4, "max |logits - pytorch| = " + maxDiff + " (training=" + training + ")");
      }
      // int32 inputs are widened to the int64 the module takes
      NDArray logits32 = lm.logits(new ParameterStore(m, false), ids.toType(DataType.INT32, false),
          mask.toType(DataType.INT32, false), false);
      assertTrue(logits32.sub(want).abs().max().getFloat() < 1e-4);
    }
  }

  @Test
  void causal() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      long[][] ids = {inputIds[1].clone()};
      long[][] mask = {attentionMask[1].clone()};
      int k = 9;
      NDArray before = lm.logits(new ParameterStore(m, false), m.create(ids), m.create(mask), false);
      ids[0][k] = (ids[0][k] + 17) % lm.vocabSize();
      NDArray after = lm.logits(new ParameterStore(m, false), m.create(ids), m.create(mask), false);
      for (int t = 0; t < ids[0].length; t++) {
        float diff = before.get(0, t).sub(after.get(0, t)).abs().max().getFloat();
        if (t < k) assertEquals(0f, diff, 1e-6f, "position " + t + " saw a later token");
        else assertTrue(diff > 1e-4, "position " + t + " did not see token " + k);
      }
    }
  }

  @Test
  void paddingIsIgnored() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      long[] row = inputIds[1];
      int real = 10;
      long[][] a = new long[1][row.length];
      long[][] b = new long[1][row.length];
      long[][] mask = new long[1][row.length];
      for (int t = 0; t < row.length; t++) {
        boolean isReal = t < real;
        a[0][t] = isReal ? row[t] : 0;
        b[0][t] = isReal ? row[t] : (t * 31) % lm.vocabSize();
        mask[0][t] = isReal ? 1 : 0;
      }
      NDArray la = lm.logits(new ParameterStore(m, false), m.create(a), m.create(mask), false);
      NDArray lb = lm.logits(new ParameterStore(m, false), m.create(b), m.create(mask), false);
      float diff = la.get(":, :" + real).sub(lb.get(":, :" + real)).abs().max().getFloat();
      assertEquals(0f, diff, 1e-6f);
      // and equals the unpadded sequence
      long[][] shortIds = {java.util.Arrays.copyOf(row, real)};
      long[][] shortMask = {java.util.Arrays.copyOf(mask[0], real)};
      NDArray ls = lm.logits(new ParameterStore(m, false), m.create(shortIds), m.create(shortMask), false);
      assertTrue(ls.sub(la.get(":, :" + real)).abs().max().getFloat() < 1e-5);
    }
  }

  @Test
  void parametersCarryPyTorchNamesAndRequireGradients() {
    ParameterList params = lm.parameters();
    List<String> names = new ArrayList<>(params.keys());
    List<String> want = new ArrayList<>();
    expected.get("parameter_names").forEach(n -> want.add(n.asText()));
    assertEquals(want, names);
    long count = 0;
    for (Parameter p : params.values()) {
      assertTrue(p.requiresGradient(), p.getName());
      count += p.getArray().size();
    }
    assertEquals(expected.get("parameter_count").asLong(), count);
    assertEquals(params.size(), lm.trainableParameters().size());
  }

  @Test
  void trainsWithAGradientCollectorAndADjlOptimizer() {
    try (TorchScriptCausalLm policy = TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).build();
        NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
      List<Float> losses = new ArrayList<>();
      for (int step = 0; step < 8; step++) {
        try (NDManager s = m.newSubManager()) {
          NDArray ids = s.create(inputIds);
          NDArray mask = s.create(attentionMask);
          NDArray loss;
          try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray logits = policy.logits(new ParameterStore(s, false), ids, mask, true);
            loss = nextTokenLoss(logits, ids, mask);
            gc.backward(loss);
          }
          losses.add(loss.getFloat());
          if (step == 0) {
            assertEquals(expected.get("mean_next_token_loss").floatValue(), loss.getFloat(), 1e-4f);
            for (Parameter p : policy.trainableParameters().values()) {
              NDArray grad = p.getArray().getGradient();
              assertTrue(grad.abs().sum().getFloat() > 0, "no gradient reached " + p.getName());
              assertTrue(grad.isInfinite().logicalOr(grad.isNaN()).none().getBoolean(), p.getName());
              grad.close();
            }
          }
          for (Parameter p : policy.trainableParameters().values()) {
            NDArray grad = p.getArray().getGradient();
            adam.update(p.getId(), p.getArray(), grad);
            grad.close();
          }
          policy.zeroGradients();
          for (Parameter p : policy.trainableParameters().values()) {
            NDArray grad = p.getArray().getGradient();
            assertEquals(0f, grad.abs().sum().getFloat(), p.getName() + " gradient not cleared");
            grad.close();
          }
        }
      }
      float first = losses.get(0);
      float last = losses.get(losses.size() - 1);
      assertTrue(last < first - 0.5f, "loss did not fall: " + losses);
      for (int i = 1; i < losses.size(); i++) {
        assertTrue(losses.get(i) < losses.get(i - 1), "loss rose at step " + i + ": " + losses);
      }
      // the shared model is untouched: separate loads hold separate parameters
      try (NDManager c = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
        NDArray logits = lm.logits(new ParameterStore(c, false), c.create(inputIds), c.create(attentionMask), false);
        assertTrue(logits.sub(expectedLogits(c)).abs().max().getFloat() < 1e-4);
      }
    }
  }

  @Test
  void eachStepFreshGradientsWithoutZeroingAccumulate() {
    try (TorchScriptCausalLm policy = TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).build();
        NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Parameter head = policy.parameters().get("head.weight");
      float[] norms = new float[2];
      for (int i = 0; i < 2; i++) {
        try (NDManager s = m.newSubManager();
            GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray ids = s.create(inputIds);
          NDArray mask = s.create(attentionMask);
          gc.backward(nextTokenLoss(policy.logits(new ParameterStore(s, false), ids, mask, true), ids, mask));
        }
        NDArray grad = head.getArray().getGradient();
        norms[i] = grad.abs().sum().getFloat();
        grad.close();
      }
      assertEquals(2 * norms[0], norms[1], 1e-3f * norms[1], "PyTorch accumulates .grad across backward calls");
    }
  }

  @Test
  void inferenceForwardCarriesNoGraph() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray ids = m.create(inputIds);
      NDArray mask = m.create(attentionMask);
      NDArray loss = nextTokenLoss(lm.logits(new ParameterStore(m, false), ids, mask, false), ids, mask);
      assertThrows(EngineException.class, () -> gc.backward(loss));
    }
  }

  /**
   * The pitfall behind DESIGN.md's warning, pinned down: training=false logits are inference tensors. With
   * a graph tensor, an op that saves them for backward fails; their duplicate, or anything computed from
   * them outside inference mode (softmax here), is an ordinary tensor and mixes freely.
   */
  @Test
  void inferenceLogitsMixWithTheGraphOnlyAfterACopyOrAnOp() {
    try (TorchScriptCausalLm policy = TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).build();
        TorchScriptCausalLm ref =
            TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).trainable(false).vocabSize(103).build();
        NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray ids = m.create(inputIds);
      NDArray mask = m.create(attentionMask);
      NDArray refLogits = ref.logits(new ParameterStore(m, false), ids, mask, false);
      NDArray policyLogits = policy.logits(new ParameterStore(m, false), ids, mask, true);
      EngineException e = assertThrows(EngineException.class, () -> policyLogits.mul(refLogits));
      assertTrue(e.getMessage().contains("Inference tensors cannot be saved for backward"), e.getMessage());
      NDArray viaCopy = policyLogits.mul(refLogits.duplicate()).sum();
      NDArray viaOp = policyLogits.mul(refLogits.softmax(-1)).sum();
      NDArray viaSub = policyLogits.sub(refLogits).sum(); // sub saves neither input
      gc.backward(NDArrays.add(viaCopy, viaOp, viaSub));
      NDArray grad = policy.parameters().get("head.weight").getArray().getGradient();
      assertTrue(grad.abs().sum().getFloat() > 0);
      grad.close();
    }
  }

  @Test
  void frozenLoadHasNoTrainableParametersAndCannotBeUnfrozen() {
    try (TorchScriptCausalLm ref = TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).trainable(false)
            .vocabSize(103).build()) {
      assertEquals(0, ref.trainableParameters().size());
      for (Parameter p : ref.parameters().values()) assertFalse(p.requiresGradient(), p.getName());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ref.setTrainable(name -> name.startsWith("head.")));
      assertTrue(e.getMessage().contains("trainable(true)"), e.getMessage());
      ref.setTrainable(name -> false); // freezing what is frozen is fine
    }
  }

  @Test
  void trainableSubsetByName() {
    try (TorchScriptCausalLm policy = TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).build();
        NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      policy.setTrainable(name -> name.startsWith("head.") || name.startsWith("blocks.1."));
      List<String> trainable = policy.trainableParameters().keys();
      assertEquals(13, trainable.size(), trainable.toString());
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray ids = m.create(inputIds);
        NDArray mask = m.create(attentionMask);
        gc.backward(nextTokenLoss(policy.logits(new ParameterStore(m, false), ids, mask, true), ids, mask));
      }
      for (Parameter p : policy.parameters().values()) {
        if (trainable.contains(p.getName())) {
          NDArray grad = p.getArray().getGradient();
          assertTrue(grad.abs().sum().getFloat() > 0, p.getName());
          grad.close();
        } else {
          assertFalse(p.requiresGradient(), p.getName());
          assertFalse(p.getArray().hasGradient(), p.getName());
        }
      }
    }
  }

  @Test
  void dropoutOnlyWhenAskedFor() {
    try (TorchScriptCausalLm withDropout =
            TorchScriptCausalLm.builder(MODEL).device(Device.cpu()).dropout(true).build();
        NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray ids = m.create(inputIds);
      NDArray mask = m.create(attentionMask);
      NDArray want = expectedLogits(m);
      NDArray a = withDropout.logits(new ParameterStore(m, false), ids, mask, true);
      NDArray b = withDropout.logits(new ParameterStore(m, false), ids, mask, true);
      assertTrue(a.sub(want).abs().max().getFloat() > 1e-3, "train mode should apply dropout");
      assertTrue(a.sub(b).abs().max().getFloat() > 1e-3, "dropout masks should differ between calls");
      NDArray eval = withDropout.logits(new ParameterStore(m, false), ids, mask, false);
      assertTrue(eval.sub(want).abs().max().getFloat() < 1e-4, "eval mode after a train-mode call");
    }
  }

  @Test
  void missingModelIsAClearError() {
    UserError e = assertThrows(UserError.class, () -> TorchScriptCausalLm.load(Path.of("no/such/model.pt")));
    assertTrue(e.getMessage().contains("no/such/model.pt"), e.getMessage());
  }

  @Test
  void wrongInputShapeIsRejected() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray ids = m.zeros(new Shape(2, 5), DataType.INT64);
      assertThrows(IllegalArgumentException.class,
          () -> lm.logits(new ParameterStore(m, false), ids, m.ones(new Shape(2, 4), DataType.INT64), false));
      assertThrows(IllegalArgumentException.class,
          () -> lm.logits(new ParameterStore(m, false), ids.reshape(10), m.ones(new Shape(10), DataType.INT64), false));
    }
  }

  /** Mean next-token cross-entropy over real target positions, as the fixture script computes it. */
  static NDArray nextTokenLoss(NDArray logits, NDArray ids, NDArray mask) {
    int v = Math.toIntExact(logits.getShape().get(2));
    NDArray logp = logits.get(":, :-1, :").logSoftmax(-1);
    NDArray targets = ids.get(":, 1:");
    NDArray picked = logp.mul(targets.oneHot(v)).sum(new int[] {-1});
    NDArray valid = mask.get(":, 1:").toType(DataType.FLOAT32, false);
    return picked.mul(valid).sum().neg().div(valid.sum());
  }

  static NDArray expectedLogits(NDManager m) {
    JsonNode rows = expected.get("logits");
    int b = rows.size();
    int t = rows.get(0).size();
    int v = rows.get(0).get(0).size();
    float[] flat = new float[b * t * v];
    int i = 0;
    for (JsonNode row : rows) for (JsonNode pos : row) for (JsonNode x : pos) flat[i++] = x.floatValue();
    return m.create(flat, new Shape(b, t, v));
  }

  static long[][] longs2(JsonNode node) {
    long[][] out = new long[node.size()][];
    for (int i = 0; i < node.size(); i++) {
      JsonNode row = node.get(i);
      out[i] = new long[row.size()];
      for (int j = 0; j < row.size(); j++) out[i][j] = row.get(j).asLong();
    }
    return out;
  }
}
