package dev.align4j.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A Hugging Face tokenizer loaded from a {@code tokenizer.json} file (DJL's Rust bindings), with the
 * special tokens the text modality needs named up front. Owns native memory: close it.
 *
 * <p>Token ids are {@code long}s, as DJL and PyTorch use them. {@link #vocabSize()} and
 * {@link #tokenId(String)} come from the file's model vocabulary and added tokens.
 */
public final class TextTokenizer implements AutoCloseable {
  private final Path path;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean addSpecialTokens;
  private final Map<String, Long> vocab;
  private final int vocabSize;
  private final String padToken;
  private final String bosToken;
  private final String eosToken;

  private TextTokenizer(Builder b, HuggingFaceTokenizer tokenizer, Map<String, Long> vocab) {
    this.path = b.path;
    this.tokenizer = tokenizer;
    this.addSpecialTokens = b.addSpecialTokens;
    this.vocab = vocab;
    this.vocabSize = Math.toIntExact(vocab.values().stream().mapToLong(Long::longValue).max().orElse(-1) + 1);
    this.padToken = b.padToken;
    this.bosToken = b.bosToken;
    this.eosToken = b.eosToken;
  }

  /** Starts loading the {@code tokenizer.json} at {@code path} (a file, or a directory holding one). */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /** Loads with the defaults: special tokens added by the file's post-processor, {@code <pad>/<bos>/<eos>}. */
  public static TextTokenizer load(Path path) {
    return builder(path).build();
  }

  /**
   * Token ids of {@code text}. Special-token strings in the text (e.g. {@code <|im_start|>}) become their
   * ids; whether the post-processor adds tokens (BOS, ...) is the builder's {@code addSpecialTokens}.
   */
  public long[] encode(String text) {
    Preconditions.checkNotNull(text, "text");
    Encoding e = tokenizer.encode(text, addSpecialTokens, false);
    return e.getIds();
  }

  /** Text of {@code ids}, special tokens included. */
  public String decode(long[] ids) {
    return decode(ids, false);
  }

  /** Text of {@code ids}; {@code skipSpecialTokens} drops special tokens from the output. */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    Preconditions.checkNotNull(ids, "ids");
    for (long id : ids) {
      Preconditions.checkArgument(id >= 0 && id < vocabSize, "token id %s outside the vocabulary [0, %s)", id,
          vocabSize);
    }
    return tokenizer.decode(ids, skipSpecialTokens);
  }

  /** The id of a token of the vocabulary (a special token such as {@code <|im_end|>}, or a plain one). */
  public long tokenId(String token) {
    Long id = vocab.get(token);
    if (id == null) {
      throw new UserError("tokenizer " + path + " has no token '" + token + "'");
    }
    return id;
  }

  /** Whether {@code token} is in the vocabulary. */
  public boolean hasToken(String token) {
    return vocab.containsKey(token);
  }

  /** The number of ids: one more than the largest id in the vocabulary or the added tokens. */
  public int vocabSize() {
    return vocabSize;
  }

  public long padId() {
    return special("pad", padToken);
  }

  public long bosId() {
    return special("bos", bosToken);
  }

  public long eosId() {
    return special("eos", eosToken);
  }

  public String padToken() {
    return padToken;
  }

  public String bosToken() {
    return bosToken;
  }

  public String eosToken() {
    return eosToken;
  }

  /** The file this tokenizer was loaded from. */
  public Path path() {
    return path;
  }

  /** The underlying DJL tokenizer, for what this class does not wrap (batches, offsets). */
  public HuggingFaceTokenizer delegate() {
    return tokenizer;
  }

  private long special(String role, String token) {
    if (token == null) {
      throw new UserError("no " + role + " token configured for tokenizer " + path);
    }
    Long id = vocab.get(token);
    if (id == null) {
      throw new UserError(
          "tokenizer " + path + " has no " + role + " token '" + token + "'; name the right one with "
              + role + "Token(...)");
    }
    return id;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /** Options for {@link TextTokenizer}. */
  public static final class Builder {
    private final Path path;
    private boolean addSpecialTokens = true;
    private String padToken = "<pad>";
    private String bosToken = "<bos>";
    private String eosToken = "<eos>";

    private Builder(Path path) {
      this.path = Preconditions.checkNotNull(path, "path");
    }

    /**
     * Whether {@link #encode} lets the file's post-processor add its special tokens (a BOS for Llama-style
     * files; nothing for the embedded tokenizer). Default true, as in Hugging Face. Set false when a chat
     * template already writes every special token.
     */
    public Builder addSpecialTokens(boolean add) {
      this.addSpecialTokens = add;
      return this;
    }

    /** The padding token's string (default {@code <pad>}); null if the vocabulary has none. */
    public Builder padToken(String token) {
      this.padToken = token;
      return this;
    }

    /** The beginning-of-sequence token's string (default {@code <bos>}); null if none. */
    public Builder bosToken(String token) {
      this.bosToken = token;
      return this;
    }

    /** The end-of-sequence token's string (default {@code <eos>}); null if none. */
    public Builder eosToken(String token) {
      this.eosToken = token;
      return this;
    }

    /**
     * Loads the file.
     *
     * @throws UserError when the file is missing or is not a tokenizer.json
     */
    public TextTokenizer build() {
      Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
      if (!Files.isRegularFile(file)) {
        throw new UserError("tokenizer file not found: " + file);
      }
      Map<String, Long> vocab = readVocab(file);
      HuggingFaceTokenizer tokenizer;
      try {
        // Truncation and padding off: the modality decides lengths. Options are passed as strings,
        // exactly as HuggingFaceTokenizer.newInstance(Path, Map) reads them.
        tokenizer =
            HuggingFaceTokenizer.newInstance(
                file,
                ImmutableMap.of(
                    "addSpecialTokens", Boolean.toString(addSpecialTokens),
                    "truncation", "false",
                    "padding", "false"));
      } catch (IOException | RuntimeException e) {
        throw new UserError("cannot load tokenizer " + file + ": " + e.getMessage(), e);
      }
      return new TextTokenizer(this, tokenizer, vocab);
    }

    private static Map<String, Long> readVocab(Path file) {
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new UserError("cannot read tokenizer " + file + ": " + e.getMessage(), e);
      }
      Map<String, Long> vocab = new HashMap<>();
      JsonNode modelVocab = root.path("model").path("vocab");
      if (modelVocab.isObject()) { // BPE, WordLevel, WordPiece: token -> id
        for (Iterator<Map.Entry<String, JsonNode>> it = modelVocab.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          vocab.put(e.getKey(), e.getValue().asLong());
        }
      } else if (modelVocab.isArray()) { // Unigram: [[piece, score], ...], id = index
        for (int i = 0; i < modelVocab.size(); i++) {
          vocab.put(modelVocab.get(i).get(0).asText(), (long) i);
        }
      } else {
        throw new UserError("tokenizer " + file + " has no model.vocab");
      }
      for (JsonNode added : root.path("added_tokens")) {
        vocab.put(added.path("content").asText(), added.path("id").asLong());
      }
      return vocab;
    }
  }
}
