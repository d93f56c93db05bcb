package dev.align4j.text;

/**
 * How {@link Generator} picks tokens.
 *
 * @param maxNewTokens most tokens to generate per prompt
 * @param temperature logits are divided by it before sampling; 0 means greedy (argmax)
 * @param topK keep only the k most likely tokens (0 = all)
 * @param topP keep the smallest set of most likely tokens whose probability reaches p (1 = all)
 * @param eosTokenId a sequence stops after producing it (-1 = never stop early)
 * @param padTokenId id placed in padding positions (never attended to)
 * @param seed seed of the sampling RNG: same seed, same model, same prompts give the same tokens
 * @param useCache reuse keys/values of earlier positions when the model supports it ({@link CachedCausalLm})
 */
public record GenerationConfig(
    int maxNewTokens, float temperature, int topK, float topP, int eosTokenId, int padTokenId, long seed,
    boolean useCache) {

  public GenerationConfig {
    if (maxNewTokens < 0) {
      throw new IllegalArgumentException("max_new_tokens must be >= 0, got " + maxNewTokens);
    }
    if (!(temperature >= 0) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top_k must be >= 0, got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (padTokenId < 0) {
      throw new IllegalArgumentException("pad_token_id must be >= 0, got " + padTokenId);
    }
  }

  /** Greedy decoding with the KV cache, no early stop, padding id 0. */
  public static GenerationConfig greedy(int maxNewTokens) {
    return new GenerationConfig(maxNewTokens, 0f, 0, 1f, -1, 0, 0L, true);
  }

  /** Sampling at {@code temperature} with top-k / top-p filtering and a seed. */
  public static GenerationConfig sampling(int maxNewTokens, float temperature, int topK, float topP, long seed) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, -1, 0, seed, true);
  }

  /** Whether tokens are picked by argmax. */
  public boolean greedyDecoding() {
    return temperature == 0f;
  }

  public GenerationConfig withEos(int eos) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, eos, padTokenId, seed, useCache);
  }

  public GenerationConfig withPad(int pad) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, eosTokenId, pad, seed, useCache);
  }

  public GenerationConfig withCache(boolean cache) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, eosTokenId, padTokenId, seed, cache);
  }

  public GenerationConfig withSeed(long newSeed) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, eosTokenId, padTokenId, newSeed, useCache);
  }
}
