package dev.align4j.rewards.scoring;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.manifest.RewardManifest.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a text reward model ({@code text_scalar}) reads a (prompt, response) pair: {@code [bos] prompt} keeps
 * its last {@code max_prompt_length} tokens, then {@code response [eos]} fills the rest of {@code max_length}
 * (cut at its end). Prompt and response are tokenised separately, without the file's post-processor, so the
 * boundary never merges tokens. Batches are right-padded with the pad token and masked. The trainer that
 * writes such models tokenises with this class too, so training and scoring read the same ids. Owns native
 * memory: close it. Safe for concurrent use.
 */
public final class TextPairTokenizer implements AutoCloseable {
  private final Path file;
  private final HuggingFaceTokenizer tokenizer;
  private final Text text;
  private final long padId;
  private final long[] bos;
  private final long[] eos;

  private TextPairTokenizer(Path file, HuggingFaceTokenizer tokenizer, Text text, long padId, long[] bos, long[] eos) {
    this.file = file;
    this.tokenizer = tokenizer;
    this.text = text;
    this.padId = padId;
    this.bos = bos;
    this.eos = eos;
  }

  /**
   * Loads {@code file} with a manifest's {@code text} section.
   *
   * @throws UserError when the file is missing or unreadable, or a special token is not one token of it
   */
  public static TextPairTokenizer load(Path file, Text text) {
    if (!Files.isRegularFile(file)) throw new UserError("tokenizer file not found: " + file);
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = HuggingFaceTokenizer.builder()
          .optTokenizerPath(file)
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .optPadding(false)
          .build();
    } catch (IOException | RuntimeException e) {
      throw new UserError("cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
    try {
      long pad = single(tokenizer, file, "pad_token", text.padToken());
      long[] bos = text.bosToken().map(t -> new long[] {single(tokenizer, file, "bos_token", t)}).orElse(new long[0]);
      long[] eos = text.eosToken().map(t -> new long[] {single(tokenizer, file, "eos_token", t)}).orElse(new long[0]);
      return new TextPairTokenizer(file, tokenizer, text, pad, bos, eos);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static long single(HuggingFaceTokenizer tokenizer, Path file, String role, String token) {
    long[] ids = tokenizer.encode(token, false, false).getIds();
    if (ids.length != 1) {
      throw new UserError(file + ": " + role + " '" + token
          + "' is not a single token of this tokenizer (it encodes to "
          + ids.length + " ids); set text." + role + " in the manifest");
    }
    return ids[0];
  }

  /** The ids of one (prompt, response) pair, truncated as described above; at most {@code max_length}. */
  public long[] encode(String prompt, String response) {
    Preconditions.checkNotNull(prompt, "prompt");
    Preconditions.checkNotNull(response, "response");
    long[] p = concat(bos, tokenizer.encode(prompt, false, false).getIds());
    long[] c = concat(tokenizer.encode(response, false, false).getIds(), eos);
    if (p.length > text.maxPromptLength()) p = Arrays.copyOfRange(p, p.length - text.maxPromptLength(), p.length);
    if (p.length + c.length > text.maxLength()) c = Arrays.copyOf(c, text.maxLength() - p.length);
    return concat(p, c);
  }

  /** Right-padded ids and mask of many pairs, {@code prompts.get(i)} with {@code responses.get(i)}. */
  public TokenBatch encode(List<String> prompts, List<String> responses) {
    Preconditions.checkArgument(prompts.size() == responses.size(), "%s prompts for %s responses", prompts.size(),
        responses.size());
    List<long[]> rows = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) rows.add(encode(prompts.get(i), responses.get(i)));
    return pad(rows, padId);
  }

  /** Rows of ids right-padded with {@code padId} to the longest row (at least 1), with their mask. */
  public static TokenBatch pad(List<long[]> rows, long padId) {
    int length = 1;
    for (long[] r : rows) length = Math.max(length, r.length);
    long[] ids = new long[rows.size() * length];
    long[] mask = new long[ids.length];
    Arrays.fill(ids, padId);
    for (int i = 0; i < rows.size(); i++) {
      long[] r = rows.get(i);
      System.arraycopy(r, 0, ids, i * length, r.length);
      Arrays.fill(mask, i * length, i * length + r.length, 1L);
    }
    return new TokenBatch(rows.size(), length, ids, mask);
  }

  /** The sequence layout this tokenizer follows. */
  public Text text() {
    return text;
  }

  /** The id padding uses. */
  public long padId() {
    return padId;
  }

  /** The BOS id, when the layout has one. */
  public Optional<Long> bosId() {
    return bos.length == 0 ? Optional.empty() : Optional.of(bos[0]);
  }

  /** The EOS id, when the layout has one. */
  public Optional<Long> eosId() {
    return eos.length == 0 ? Optional.empty() : Optional.of(eos[0]);
  }

  /** The tokenizer file. */
  public Path file() {
    return file;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
