package dev.align4j.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** A trainable tensor with its stable name (the key in checkpoints and in trainable-subset filters). */
public record NamedParameter(String name, NDArray array) {
  /** A DJL block's (or TorchScript module's) parameters, in their order, under their own names. */
  public static List<NamedParameter> of(Iterable<Pair<String, Parameter>> parameters) {
    List<NamedParameter> out = new ArrayList<>();
    for (Pair<String, Parameter> p : parameters) out.add(new NamedParameter(p.getKey(), p.getValue().getArray()));
    return out;
  }
}
