package dev.align4j.core.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives a file's rows in order; row numbers are 1-based (JSONL: line numbers). */
interface RowSink {
  /** A row parsed into one JSON object of column name to value. */
  void row(long number, ObjectNode fields);

  /** A row that could not be parsed at all; {@code problem} is the whole message line. */
  void unreadable(long number, String problem);
}
