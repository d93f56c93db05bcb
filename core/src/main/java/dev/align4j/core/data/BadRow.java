package dev.align4j.core.data;

/** One row's value is unusable: which column(s) and what is wrong. Carries no stack trace. */
final class BadRow extends Exception {
  private final String where;
  private final String problem;

  private BadRow(String where, String problem) {
    super(where + ": " + problem, null, false, false);
    this.where = where;
    this.problem = problem;
  }

  static BadRow column(String column, String problem) {
    return new BadRow("column '" + column + "'", problem);
  }

  static BadRow columns(String first, String second, String problem) {
    return new BadRow("columns '" + first + "' and '" + second + "'", problem);
  }

  /** "column 'chosen'" or "columns 'chosen' and 'rejected'". */
  String where() {
    return where;
  }

  String problem() {
    return problem;
  }
}
