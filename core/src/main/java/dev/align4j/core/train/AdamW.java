package dev.align4j.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.align4j.core.nn.FusedOps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay and bias correction, as torch.optim.AdamW.
 * Weight decay skips one-dimensional tensors (biases, norm scales), as Hugging Face's Trainer does. Its
 * moments are plain arrays so that a checkpoint restores them exactly.
 */
public final class AdamW {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final NDManager manager;
  private final Map<String, NDArray> firstMoment = new HashMap<>();
  private final Map<String, NDArray> secondMoment = new HashMap<>();
  private long steps;

  /** Moments live in {@code manager}, which must outlive training. */
  public AdamW(NDManager manager, double beta1, double beta2, double epsilon, double weightDecay) {
    this.manager = manager;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /** One update of every parameter from its gradient, at learning rate {@code lr}. */
  public void step(List<NamedParameter> params, double lr) {
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = 1 - Math.pow(beta2, steps);
    if (FusedOps.ENABLED && !params.isEmpty()) {
      fusedStep(params, lr, correction1, correction2);
      return;
    }
    for (NamedParameter p : params) {
      NDArray w = p.array();
      NDArray m = firstMoment.computeIfAbsent(p.name(), k -> zerosLike(w));
      NDArray v = secondMoment.computeIfAbsent(p.name(), k -> zerosLike(w));
      try (NDScope scope = new NDScope()) {  // every temporary of the update is freed here
        NDArray g = w.getGradient();
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.square().mul(1 - beta2));
        if (weightDecay > 0 && decays(w)) w.muli(1 - lr * weightDecay);
        w.subi(m.div(correction1).div(v.div(correction2).sqrt().add(epsilon)).mul(lr));
      }
    }
  }

  /** The same update as one call of torch.optim.AdamW's foreach form ({@link FusedOps#adamw}). */
  private void fusedStep(List<NamedParameter> params, double lr, double correction1, double correction2) {
    try (NDScope scope = new NDScope()) {
      List<NDArray> ws = new ArrayList<>(params.size());
      List<NDArray> grads = new ArrayList<>(params.size());
      List<NDArray> ms = new ArrayList<>(params.size());
      List<NDArray> vs = new ArrayList<>(params.size());
      double[] decayMask = new double[params.size()];
      for (NamedParameter p : params) {
        NDArray w = p.array();
        ws.add(w);
        grads.add(w.getGradient());
        ms.add(firstMoment.computeIfAbsent(p.name(), k -> zerosLike(w)));
        vs.add(secondMoment.computeIfAbsent(p.name(), k -> zerosLike(w)));
        decayMask[ws.size() - 1] = decays(w) ? 1 : 0;
      }
      NDManager m = ws.get(0).getManager();
      NDArray hyper = m.create(new double[] {lr, beta1, beta2, epsilon, weightDecay, correction1, correction2});
      FusedOps.adamw(ws, grads, ms, vs, m.create(decayMask), hyper);
    }
  }

  /** Weight decay skips one-dimensional tensors (biases, norm scales). */
  private static boolean decays(NDArray w) {
    return w.getShape().dimension() > 1;
  }

  public long steps() {
    return steps;
  }

  /** Writes the step count and both moments. */
  public void save(OutputStream out) throws IOException {
    NDList list = new NDList();
    for (Map.Entry<String, NDArray> e : firstMoment.entrySet()) {
      NDArray m = e.getValue();
      m.setName("m:" + e.getKey());
      NDArray v = secondMoment.get(e.getKey());
      v.setName("v:" + e.getKey());
      list.add(m);
      list.add(v);
    }
    try (NDArray count = manager.create(new long[] {steps})) {
      count.setName("steps");
      list.add(count);
      out.write(list.encode());
    }
  }

  /** Restores what {@link #save} wrote. */
  public void load(InputStream in) throws IOException {
    NDList list = NDList.decode(manager, in.readAllBytes());
    list.forEach(NDScope::unregister);
    firstMoment.clear();
    secondMoment.clear();
    for (NDArray a : list) {
      String name = a.getName();
      if (name.equals("steps")) {
        steps = a.toLongArray()[0];
        a.close();
      }
      else if (name.startsWith("m:")) firstMoment.put(name.substring(2), a);
      else if (name.startsWith("v:")) secondMoment.put(name.substring(2), a);
    }
  }

  private NDArray zerosLike(NDArray w) {
    NDArray z = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
    NDScope.unregister(z);  // lives as long as the optimizer, whatever scope creates it
    return z;
  }
}
