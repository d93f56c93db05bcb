package dev.align4j.text;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.align4j.core.data.Text;
import dev.align4j.core.pairs.CandidateGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples k completions per prompt from a text policy (temperature, top-k, top-p), for on-policy pair
 * construction. Completions are decoded without special tokens.
 */
public final class TextCandidateGenerator implements CandidateGenerator<Text, String> {
  private final TextPolicy policy;
  private final TextEncoder encoder;
  private final GenerationConfig sampling;

  /** {@code sampling}'s seed is replaced by each call's seed. */
  public TextCandidateGenerator(TextPolicy policy, TextEncoder encoder, GenerationConfig sampling) {
    this.policy = policy;
    this.encoder = encoder;
    var tok = encoder.tokenizer();
    this.sampling = sampling.withEos((int) tok.eosId()).withPad((int) tok.padId());
  }

  @Override
  public List<List<String>> propose(List<Text> prompts, int k, long seed) {
    List<int[]> ids = new ArrayList<>();
    for (Text p : prompts) {
      long[] encoded = encoder.prompt(p);
      int[] asInts = new int[encoded.length];
      for (int i = 0; i < encoded.length; i++) asInts[i] = (int) encoded[i];
      for (int j = 0; j < k; j++) ids.add(asInts);
    }
    NDManager m = NDManager.subManagerOf(policy.parameters().get(0).array());
    List<List<String>> out = new ArrayList<>();
    try (NDManager scope = m.newSubManager()) {
      List<int[]> generated = new Generator(policy.lm(), new ParameterStore(scope, false))
          .generate(scope, ids, sampling.withSeed(seed));
      for (int i = 0; i < prompts.size(); i++) {
        List<String> candidates = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          int[] g = generated.get(i * k + j);
          long[] asLongs = new long[g.length];
          for (int t = 0; t < g.length; t++) asLongs[t] = g[t];
          candidates.add(encoder.tokenizer().decode(asLongs, true));
        }
        out.add(candidates);
      }
    }
    return out;
  }
}
