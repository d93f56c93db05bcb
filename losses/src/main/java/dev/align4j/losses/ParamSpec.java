package dev.align4j.losses;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A typed hyper-parameter of a loss: name (TRL's config field name where one exists), default, valid
 * range and meaning. Parsing and validation live here so every loss reports bad values alike.
 */
public final class ParamSpec {
  /** The value kinds a parameter can take. */
  public enum Kind { REAL, FLAG, CHOICE, REALS }

  private final String name;
  private final Kind kind;
  private final Object defaultValue;
  private final String doc;
  private final String rangeText;
  private final Function<Object, String> check;  // null when valid, else what is wrong

  private ParamSpec(String name, Kind kind, Object defaultValue, String doc, String rangeText,
      Function<Object, String> check) {
    this.name = name;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.rangeText = rangeText;
    this.check = check;
  }

  /** A real number in {@code range}; a null default means "off unless set". */
  public static ParamSpec real(String name, Double defaultValue, Range<Double> range, String doc) {
    String text = rangeText(range);
    return new ParamSpec(name, Kind.REAL, defaultValue, doc, text,
        v -> range.contains((Double) v) ? null : "must be in " + text);
  }

  /** A real number in {@code range} that must also differ from {@code excluded}. */
  public static ParamSpec realExcept(String name, double defaultValue, double excluded, String doc) {
    return new ParamSpec(name, Kind.REAL, defaultValue, doc, "any finite value except " + fmt(excluded),
        v -> (Double) v == excluded ? "must differ from " + fmt(excluded) : null);
  }

  public static ParamSpec flag(String name, boolean defaultValue, String doc) {
    return new ParamSpec(name, Kind.FLAG, defaultValue, doc, "true or false", v -> null);
  }

  public static ParamSpec choice(String name, String defaultValue, List<String> options, String doc) {
    String text = "one of " + String.join(", ", options);
    return new ParamSpec(name, Kind.CHOICE, defaultValue, doc, text,
        v -> options.contains(v) ? null : "must be " + text);
  }

  /** A list of reals checked by {@code check} (returns null when valid, else the problem). */
  public static ParamSpec reals(String name, List<Double> defaultValue, String rangeText,
      Function<List<Double>, String> check, String doc) {
    @SuppressWarnings("unchecked")
    Function<Object, String> c = v -> check.apply((List<Double>) v);
    return new ParamSpec(name, Kind.REALS, ImmutableList.copyOf(defaultValue), doc, rangeText, c);
  }

  public String name() { return name; }
  public Kind kind() { return kind; }
  /** The default, or null for a parameter that is off unless set. */
  public Object defaultValue() { return defaultValue; }
  public String doc() { return doc; }
  public String rangeText() { return rangeText; }

  /** Parses a raw value (string from the command line, or a number/boolean/list from YAML or JSON). */
  Object parse(String loss, Object raw) {
    Preconditions.checkNotNull(raw);
    Object value;
    try {
      value = switch (kind) {
        case REAL -> toReal(raw);
        case FLAG -> toFlag(raw);
        case CHOICE -> raw.toString().trim();
        case REALS -> toReals(raw);
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidLossException(String.format(Locale.ROOT,
          "loss '%s': %s must be %s, got '%s'", loss, name, kindText(), raw));
    }
    String problem = check.apply(value);
    if (problem != null) {
      throw new InvalidLossException(String.format(Locale.ROOT,
          "loss '%s': %s %s, got %s", loss, name, problem, display(value)));
    }
    return value;
  }

  /** The value as shown in listings. */
  public static String display(Object value) {
    if (value == null) return "off";
    if (value instanceof Double d) return fmt(d);
    if (value instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object o : l) parts.add(display(o));
      return "[" + String.join(", ", parts) + "]";
    }
    return value.toString();
  }

  private String kindText() {
    return switch (kind) {
      case REAL -> "a number";
      case FLAG -> "true or false";
      case CHOICE -> rangeText;
      case REALS -> "a list of numbers";
    };
  }

  private static double toReal(Object raw) {
    double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
    if (!Double.isFinite(d)) throw new IllegalArgumentException("not finite");
    return d;
  }

  private static boolean toFlag(Object raw) {
    if (raw instanceof Boolean b) return b;
    String s = raw.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true")) return true;
    if (s.equals("false")) return false;
    throw new IllegalArgumentException(s);
  }

  private static List<Double> toReals(Object raw) {
    List<Double> out = new ArrayList<>();
    if (raw instanceof List<?> l) {
      for (Object o : l) out.add(toReal(o));
    } else {
      String s = raw.toString().trim();
      if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
      for (String part : s.split(",")) out.add(toReal(part));
    }
    return ImmutableList.copyOf(out);
  }

  private static String rangeText(Range<Double> r) {
    String lo = r.hasLowerBound() ? (r.lowerBoundType() == com.google.common.collect.BoundType.CLOSED ? "[" : "(")
        + fmt(r.lowerEndpoint()) : "(-inf";
    String hi = r.hasUpperBound() ? fmt(r.upperEndpoint())
        + (r.upperBoundType() == com.google.common.collect.BoundType.CLOSED ? "]" : ")") : "inf)";
    return lo + ", " + hi;
  }

  static String fmt(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
    return String.valueOf(d);
  }
}
