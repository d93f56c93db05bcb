/**
 * A toy modality that exists only to prove the launcher's contract: it is added to {@code align4j train}
 * by a services file in the test resources alone, with no edit in core or the CLI.
 */
package dev.align4j.toy;
