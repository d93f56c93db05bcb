package dev.align4j.text.gpt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import dev.align4j.text.CausalLm;

/** Next-token cross-entropy and one Adam step, for tests (the real trainer lives in core). */
final class TestTraining {

  private TestTraining() {}

  /** Mean next-token negative log-likelihood over real target positions. */
  static NDArray nll(NDArray logits, NDArray ids, NDArray mask) {
    long t = ids.getShape().get(1);
    NDArray logProbs = logits.get(":, :{}, :", t - 1).logSoftmax(-1);
    NDArray targets = ids.get(":, 1:").toType(DataType.INT64, false).expandDims(-1);
    NDArray picked = logProbs.gather(targets, -1).squeeze(-1);
    NDArray weight = mask.get(":, 1:").toType(DataType.FLOAT32, false);
    return picked.mul(weight).sum().neg().div(weight.sum());
  }

  /**
   * Forward, backward and an optimizer update of every parameter that requires a gradient; returns the loss.
   * Graph arrays are scoped; the update runs outside the scope because Adam creates its state lazily on
   * the first update and a scope would close it.
   */
  static float step(CausalLm model, Iterable<Parameter> parameters, ParameterStore store, Optimizer optimizer,
      NDArray ids, NDArray mask) {
    float loss;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray value = nll(model.logits(store, ids, mask, true), ids, mask);
        collector.backward(value);
        loss = value.getFloat();
      }
    }
    for (Parameter parameter : parameters) {
      if (parameter.requiresGradient()) {
        NDArray weight = parameter.getArray();
        try (NDArray grad = weight.getGradient()) {
          optimizer.update(parameter.getId(), weight, grad);
          grad.subi(grad); // PyTorch accumulates gradients: zero them for the next step
        }
      }
    }
    return loss;
  }
}
