package dev.align4j.core.data;

/**
 * One row of a modality's own data layout is unusable: which field and what is wrong. Carries no stack trace;
 * readers turn it into one line naming file, row and field for {@link BadRows#reject}.
 */
public final class BadField extends Exception {
  private final String field;
  private final String problem;

  /** The value of {@code field} is unusable: {@code problem} says why ("missing", "expected a string, ..."). */
  public BadField(String field, String problem) {
    super("field '" + field + "': " + problem, null, false, false);
    this.field = field;
    this.problem = problem;
  }

  private BadField(String problem) {
    super(problem, null, false, false);
    this.field = null;
    this.problem = problem;
  }

  /** The row as a whole is unusable (not JSON, not an object). */
  public static BadField row(String problem) {
    return new BadField(problem);
  }

  /** The field, or null when the row as a whole is unusable. */
  public String field() {
    return field;
  }

  /** What is wrong, without the field ("missing"). */
  public String problem() {
    return problem;
  }

  /** The same problem, naming the field by its path under {@code parent} ("basic.clip_path"). */
  public String under(String parent) {
    return field == null ? problem : "field '" + parent + "." + field + "': " + problem;
  }
}
