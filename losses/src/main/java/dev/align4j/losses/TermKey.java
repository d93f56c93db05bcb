package dev.align4j.losses;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * A typed key for the terms a modality adds to {@link PreferenceTerms} beyond the universal slots (levels,
 * segments, an alternative condition, ...), as Guava's {@code ClassToInstanceMap} keys values by their type.
 * A key is defined next to the loss that reads it: the loss lists it in {@link PreferenceLoss#keys()}, the
 * modality computes it when asked and puts it with {@link PreferenceTerms.Builder#put}.
 *
 * <p>Two keys are equal when name and type are equal; a batch holds at most one value per name.
 *
 * @param <T> the type of the value
 */
public final class TermKey<T> {
  private final String name;
  private final Class<T> type;

  private TermKey(String name, Class<T> type) {
    Preconditions.checkArgument(name != null && !name.isBlank(), "a term key needs a name");
    this.name = name;
    this.type = Preconditions.checkNotNull(type, "term key '%s' needs a type", name);
  }

  /** A key named {@code name} (snake_case, as in the JSON input) for values of {@code type}. */
  public static <T> TermKey<T> of(String name, Class<T> type) {
    return new TermKey<>(name, type);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** {@code value} as this key's type; fails naming the key when it is not one. */
  public T cast(Object value) {
    Preconditions.checkArgument(type.isInstance(value), "term '%s' must be a %s, got %s", name,
        type.getSimpleName(), value == null ? "null" : value.getClass().getSimpleName());
    return type.cast(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TermKey<?> k && k.name.equals(name) && k.type.equals(type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type);
  }

  @Override
  public String toString() {
    return name + " (" + type.getSimpleName() + ")";
  }
}
