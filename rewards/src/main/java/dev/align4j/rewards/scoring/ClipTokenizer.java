package dev.align4j.rewards.scoring;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.manifest.RewardManifest.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CLIP-style prompt tokenisation from a Hugging Face {@code tokenizer.json} (DJL's Rust bindings): the
 * file's post-processor adds the start and end tokens, prompts longer than {@code max_length} are truncated
 * keeping the end token, shorter ones are padded with the pad token (CLIP pads with {@code <|endoftext|>})
 * and masked out. Owns native memory: close it. Safe for concurrent use.
 */
public final class ClipTokenizer implements AutoCloseable {
  private final Path file;
  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final long padId;

  private ClipTokenizer(Path file, HuggingFaceTokenizer tokenizer, int maxLength, long padId) {
    this.file = file;
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.padId = padId;
  }

  /**
   * Loads {@code file} with the manifest's length and pad token.
   *
   * @throws UserError when the file is missing or unreadable, or the pad token is not one token of it
   */
  public static ClipTokenizer load(Path file, Text text) {
    HuggingFaceTokenizer tokenizer = loadTruncating(file, text.maxLength());
    long[] pad = tokenizer.encode(text.padToken(), false, false).getIds();
    if (pad.length != 1) {
      tokenizer.close();
      throw new UserError(file + ": pad token '" + text.padToken() + "' is not a single token of this tokenizer (it "
          + "encodes to " + pad.length + " ids); set text.pad_token in the manifest");
    }
    return new ClipTokenizer(file, tokenizer, text.maxLength(), pad[0]);
  }

  /** Ids and mask for each prompt, {@code max_length} tokens per row. */
  public TokenBatch encode(List<String> prompts) {
    Preconditions.checkNotNull(prompts, "prompts");
    int rows = prompts.size();
    long[] ids = new long[rows * maxLength];
    long[] mask = new long[rows * maxLength];
    java.util.Arrays.fill(ids, padId);
    if (rows == 0) return new TokenBatch(0, maxLength, ids, mask);
    Encoding[] encodings = tokenizer.batchEncode(prompts);
    for (int r = 0; r < rows; r++) {
      // A batch comes back padded to its longest prompt (id 0, mask 0): keep only this prompt's own tokens, so
      // a prompt gets the same ids and mask in any batch as alone (scores must not depend on the batch).
      long[] e = encodings[r].getIds();
      int length = realLength(encodings[r].getAttentionMask());
      Preconditions.checkState(length <= maxLength, "tokenizer %s returned %s ids past max_length %s", file, length,
          maxLength);
      System.arraycopy(e, 0, ids, r * maxLength, length);
      java.util.Arrays.fill(mask, r * maxLength, r * maxLength + length, 1L);
    }
    return new TokenBatch(rows, maxLength, ids, mask);
  }

  /** The number of real tokens: the batch padding DJL adds sits at the end, with mask 0. */
  private static int realLength(long[] attentionMask) {
    int n = attentionMask.length;
    while (n > 0 && attentionMask[n - 1] == 0) n--;
    return n;
  }

  /** Tokens per row. */
  public int maxLength() {
    return maxLength;
  }

  /** The id padding uses. */
  public long padId() {
    return padId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /**
   * {@code file} as a tokenizer that adds its special tokens and truncates to {@code maxLength} ids, unpadded:
   * the loader of every prompt encoder here (CLIP towers and the pooled BERT-family encoders).
   *
   * @throws UserError when the file is missing or unreadable
   */
  static HuggingFaceTokenizer loadTruncating(Path file, int maxLength) {
    if (!Files.isRegularFile(file)) throw new UserError("tokenizer file not found: " + file);
    try {
      return HuggingFaceTokenizer.builder()
          .optTokenizerPath(file)
          .optAddSpecialTokens(true)
          .optTruncation(true)
          .optMaxLength(maxLength)
          .optPadding(false)
          .build();
    } catch (IOException | RuntimeException e) {
      throw new UserError("cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
  }
}
