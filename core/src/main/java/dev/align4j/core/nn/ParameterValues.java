package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tuned parameter values of a module whose structure lives elsewhere (a TorchScript file): one named
 * {@link NDList} file that a checkpoint keeps beside the module, written and applied by name.
 */
public final class ParameterValues {
  private ParameterValues() {}

  /** Writes the current values of the parameters {@code which} accepts to {@code file}, under their names. */
  public static void save(List<NamedParameter> params, Predicate<String> which, Path file) throws IOException {
    try (NDList list = new NDList()) {
      for (NamedParameter p : params) {
        if (!which.test(p.name())) continue;
        NDArray a = p.array().duplicate();
        a.setName(p.name());
        list.add(a);
      }
      Files.write(file, list.encode());
    }
  }

  /**
   * Copies every value saved in {@code file} into the parameter of the same name, in place and outside
   * autograd (the parameters keep their gradient flags), and returns the names it set.
   *
   * @param module what the parameters belong to (a module file), as errors name it
   * @throws UserError when a saved value names no parameter of {@code module} or has another shape
   */
  public static Set<String> load(Path file, List<NamedParameter> params, NDManager scratch, Object module)
      throws IOException {
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (NamedParameter p : params) byName.put(p.name(), p.array());
    Set<String> applied = new LinkedHashSet<>();
    try (NDManager tmp = scratch.newSubManager(); NDList list = NDList.decode(tmp, Files.readAllBytes(file))) {
      for (NDArray v : list) {
        NDArray p = byName.get(v.getName());
        if (p == null) throw new UserError(file + ": " + module + " has no parameter " + v.getName());
        if (!p.getShape().equals(v.getShape())) {
          throw new UserError(file + ": " + v.getName() + " is " + v.getShape() + ", the module's is " + p.getShape());
        }
        InPlace.copy(v, p);
        applied.add(v.getName());
      }
    }
    return applied;
  }
}
