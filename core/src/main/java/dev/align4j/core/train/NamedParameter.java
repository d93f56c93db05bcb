package dev.align4j.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.align4j.core.nn.InPlace;
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

  /**
   * A frozen copy's values: each of {@code source}'s values into the parameter at the same position of
   * {@code frozen} (the same architecture), which then never gets gradients.
   */
  public static void copyFrozen(List<NamedParameter> source, List<NamedParameter> frozen) {
    if (source.size() != frozen.size()) {
      throw new IllegalArgumentException(source.size() + " parameters into " + frozen.size());
    }
    for (int i = 0; i < source.size(); i++) {
      NDArray target = frozen.get(i).array();
      InPlace.copy(source.get(i).array(), target);
      target.setRequiresGradient(false);
    }
  }
}
