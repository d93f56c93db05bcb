package dev.align4j.video.pairs;

import java.util.List;

/**
 * What a pair builder made of a list of prompts.
 *
 * @param pairs the pairs, in prompt order
 * @param prompts prompts tried
 * @param skipped prompts that gave no pair (why depends on the builder)
 */
public record BuiltPairs(List<ClipPair> pairs, int prompts, int skipped) {
  public BuiltPairs {
    pairs = List.copyOf(pairs);
  }
}
