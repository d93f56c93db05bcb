package dev.align4j.text;

/**
 * One prompt + completion as token ids, with the number of prompt tokens (which are masked out of the
 * completion log-prob) and whether truncation cut it.
 */
record EncodedExample(long[] ids, int promptLength, boolean truncated) {
  int completionLength() {
    return ids.length - promptLength;
  }

  /** A stable key of this exact sequence and its prompt split (for precomputed reference terms). */
  String key() {
    var h = com.google.common.hash.Hashing.sha256().newHasher().putInt(promptLength);
    for (long id : ids) h.putLong(id);
    return h.hash().toString().substring(0, 32);
  }
}
