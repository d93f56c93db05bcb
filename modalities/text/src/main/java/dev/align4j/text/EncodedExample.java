package dev.align4j.text;

/**
 * One prompt + completion as token ids, with the number of prompt tokens (which are masked out of the
 * completion log-prob) and whether truncation cut it.
 */
record EncodedExample(long[] ids, int promptLength, boolean truncated) {
  int completionLength() {
    return ids.length - promptLength;
  }
}
