package dev.align4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.align4j.core.nn.KvCache;
import dev.align4j.core.util.GracefulStop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Continues a batch of prompts of different lengths (greedy or sampled, see {@link GenerationConfig}).
 *
 * <p>Two paths give the same tokens:
 * <ul>
 *   <li><b>cached</b> (a {@link CachedCausalLm} with {@code useCache}): prompts are <i>left</i>-padded so every
 *       row appends at the same column; the prompt is run once, then each step feeds one token per row and
 *       attends to the {@link KvCache}. Padding is hidden by the attention mask and positions count real
 *       tokens only.
 *   <li><b>recompute</b> (any {@link CausalLm}): each step runs the whole <i>right</i>-padded batch again
 *       and reads every row's logits at its own last real token, as the {@link CausalLm} contract expects.
 * </ul>
 *
 * <p>A row stops after {@code eos} (which is included in its output) or after {@code maxNewTokens}. Rows
 * draw from one {@link Random} seeded with {@code config.seed()}, in row order, skipping finished rows.
 * Inference only: call outside a gradient collector.
 */
public final class Generator {

  private final CausalLm model;
  private final ParameterStore store;

  /** A generator for {@code model}, reading its parameters through {@code store}. */
  public Generator(CausalLm model, ParameterStore store) {
    this.model = model;
    this.store = store;
  }

  /**
   * The generated tokens for each prompt (not including the prompt), in prompt order.
   *
   * @param manager where temporary arrays live (freed before returning)
   * @param prompts non-empty token id sequences
   */
  public List<int[]> generate(NDManager manager, List<int[]> prompts, GenerationConfig config) {
    if (prompts.isEmpty()) {
      return List.of();
    }
    int longest = 0;
    for (int[] prompt : prompts) {
      if (prompt.length == 0) {
        throw new IllegalArgumentException("Prompts must hold at least one token");
      }
      longest = Math.max(longest, prompt.length);
    }
    Batch batch = new Batch(prompts, config, new Random(config.seed()));
    if (config.useCache() && model instanceof CachedCausalLm cached) {
      if (longest + config.maxNewTokens() > cached.contextLength()) {
        throw new IllegalArgumentException("Longest prompt (" + longest + ") + max_new_tokens ("
            + config.maxNewTokens() + ") exceeds the context length " + cached.contextLength());
      }
      generateCached(manager, cached, batch, longest);
    } else {
      generateRecompute(manager, batch);
    }
    return batch.outputs();
  }

  private void generateCached(NDManager manager, CachedCausalLm cached, Batch batch, int longest) {
    int rows = batch.size();
    int total = longest + batch.config.maxNewTokens();
    long[] mask = new long[rows * total];
    long[] input = new long[rows * longest];
    for (int b = 0; b < rows; b++) {
      int[] prompt = batch.prompts.get(b);
      int offset = longest - prompt.length;
      Arrays.fill(input, b * longest, (b + 1) * longest, batch.config.padTokenId());
      for (int t = 0; t < prompt.length; t++) {
        input[b * longest + offset + t] = prompt[t];
        mask[b * total + offset + t] = 1;
      }
    }
    try (NDManager generation = manager.newSubManager(); KvCache cache = cached.newCache(generation)) {
      int length = longest;
      int inputLength = longest;
      while (!batch.finished()) {
      GracefulStop.check();
        try (NDManager step = generation.newSubManager()) {
          NDArray ids = step.create(input, new Shape(rows, inputLength));
          NDArray attention = step.create(prefix(mask, rows, total, length), new Shape(rows, length));
          NDArray logits = cached.logits(store, ids, attention, cache);
          float[] last = logits.get(":, -1, :").toFloatArray();
          int vocab = last.length / rows;
          input = new long[rows];
          for (int b = 0; b < rows; b++) {
            input[b] = batch.advance(b, Arrays.copyOfRange(last, b * vocab, (b + 1) * vocab));
            mask[b * total + length] = 1;
          }
          inputLength = 1;
          length++;
        }
      }
    }
  }

  private void generateRecompute(NDManager manager, Batch batch) {
    int rows = batch.size();
    while (!batch.finished()) {
      GracefulStop.check();
      try (NDManager step = manager.newSubManager()) {
        int length = 0;
        for (int b = 0; b < rows; b++) {
          length = Math.max(length, batch.sequence(b).size());
        }
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        Arrays.fill(ids, batch.config.padTokenId());
        for (int b = 0; b < rows; b++) {
          List<Integer> sequence = batch.sequence(b);
          for (int t = 0; t < sequence.size(); t++) {
            ids[b * length + t] = sequence.get(t);
            mask[b * length + t] = 1;
          }
        }
        NDArray logits = model.logits(
            store, step.create(ids, new Shape(rows, length)), step.create(mask, new Shape(rows, length)), false);
        for (int b = 0; b < rows; b++) {
          if (!batch.done[b]) {
            batch.advance(b, logits.get(b, batch.sequence(b).size() - 1).toFloatArray());
          }
        }
      }
    }
  }

  private static long[] prefix(long[] mask, int rows, int stride, int length) {
    long[] out = new long[rows * length];
    for (int b = 0; b < rows; b++) {
      System.arraycopy(mask, b * stride, out, b * length, length);
    }
    return out;
  }

  /** Per-row progress: the sequences so far, which rows are done, the RNG. */
  private static final class Batch {
    final List<int[]> prompts;
    final GenerationConfig config;
    final Random random;
    final List<List<Integer>> generated = new ArrayList<>();
    final boolean[] done;

    Batch(List<int[]> prompts, GenerationConfig config, Random random) {
      this.prompts = prompts;
      this.config = config;
      this.random = random;
      this.done = new boolean[prompts.size()];
      for (int b = 0; b < prompts.size(); b++) {
        generated.add(new ArrayList<>());
        done[b] = config.maxNewTokens() == 0;
      }
    }

    int size() {
      return prompts.size();
    }

    boolean finished() {
      for (boolean d : done) {
        if (!d) {
          return false;
        }
      }
      return true;
    }

    /** Prompt plus generated tokens of row b. */
    List<Integer> sequence(int b) {
      List<Integer> all = new ArrayList<>(prompts.get(b).length + generated.get(b).size());
      for (int token : prompts.get(b)) {
        all.add(token);
      }
      all.addAll(generated.get(b));
      return all;
    }

    /** Picks row b's next token (the pad id for a finished row, which consumes no randomness). */
    int advance(int b, float[] logits) {
      if (done[b]) {
        return config.padTokenId();
      }
      int token = TokenSampler.next(logits, config, random);
      generated.get(b).add(token);
      done[b] = token == config.eosTokenId() || generated.get(b).size() >= config.maxNewTokens();
      return token;
    }

    List<int[]> outputs() {
      List<int[]> out = new ArrayList<>();
      for (List<Integer> tokens : generated) {
        out.add(tokens.stream().mapToInt(Integer::intValue).toArray());
      }
      return out;
    }
  }
}
