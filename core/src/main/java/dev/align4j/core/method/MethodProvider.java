package dev.align4j.core.method;

import java.util.List;

/**
 * A modality module's methods. Implementations are listed in the module's
 * {@code META-INF/services/dev.align4j.core.method.MethodProvider} and found by {@link MethodRegistry}.
 */
public interface MethodProvider {
  /** The methods, in listing order. */
  List<MethodSpec> methods();
}
