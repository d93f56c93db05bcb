package dev.align4j.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.align4j.core.util.TokenizerJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Hugging Face {@code tokenizer.json} for a character-level vocabulary: one token per character
 * of an alphabet, plus special tokens. The file is a real tokenizers-library file (a BPE model with no
 * merges, a pre-tokenizer that isolates every character, a {@code Fuse} decoder), so it loads anywhere a
 * Hugging Face tokenizer loads, including {@link TextTokenizer} and Python's {@code tokenizers}.
 *
 * <p>Ids: the special tokens first, in the order given, then the alphabet in the order given. Characters
 * outside the alphabet encode to the unknown token. Text round-trips exactly for text drawn from the
 * alphabet: there is no normalizer and the decoder concatenates.
 */
public final class TokenizerJsonWriter {
  /** The special tokens of the embedded tokenizer, in id order. */
  public static final List<String> DEFAULT_SPECIAL_TOKENS =
      ImmutableList.of("<pad>", "<unk>", "<bos>", "<eos>", "<|im_start|>", "<|im_end|>");

  /** Splits a string into single characters (code points, newlines included). */
  static final String CHAR_REGEX = "[\\s\\S]";

  private final List<String> specialTokens;
  private final List<String> alphabet;
  private final String unkToken;

  private TokenizerJsonWriter(Builder builder) {
    this.specialTokens = ImmutableList.copyOf(builder.specialTokens);
    this.alphabet = ImmutableList.copyOf(builder.alphabet);
    this.unkToken = builder.unkToken;
    Preconditions.checkArgument(!alphabet.isEmpty(), "the alphabet is empty");
    Preconditions.checkArgument(
        unkToken == null || specialTokens.contains(unkToken),
        "unknown token %s is not among the special tokens %s",
        unkToken,
        specialTokens);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : specialTokens) {
      Preconditions.checkArgument(t.codePointCount(0, t.length()) > 1,
          "special token %s must be longer than one character", t);
      Preconditions.checkArgument(seen.add(t), "duplicate special token %s", t);
    }
    for (String c : alphabet) {
      Preconditions.checkArgument(seen.add(c), "duplicate alphabet character %s", printable(c));
    }
  }

  /** Printable ASCII (space to {@code ~}), newline and tab: 97 characters. */
  public static String defaultAlphabet() {
    StringBuilder sb = new StringBuilder("\n\t");
    for (char c = ' '; c <= '~'; c++) sb.append(c);
    return sb.toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The embedded tokenizer: {@link #DEFAULT_SPECIAL_TOKENS} and {@link #defaultAlphabet()}. */
  public static TokenizerJsonWriter defaults() {
    return builder().build();
  }

  /** Number of ids: special tokens plus alphabet. */
  public int vocabSize() {
    return specialTokens.size() + alphabet.size();
  }

  /** Token to id, in id order. */
  public Map<String, Integer> vocab() {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String t : specialTokens) vocab.put(t, vocab.size());
    for (String c : alphabet) vocab.put(c, vocab.size());
    return vocab;
  }

  /** The {@code tokenizer.json} document. */
  public String toJson() {
    Map<String, Integer> vocab = vocab();
    ObjectNode root = TokenizerJson.document();
    TokenizerJson.addedTokens(root, specialTokens, vocab::get, false);
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "Split");
    pre.putObject("pattern").put("Regex", CHAR_REGEX);
    pre.put("behavior", "Isolated");
    pre.put("invert", false);
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "Fuse");
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    if (unkToken == null) model.putNull("unk_token");
    else model.put("unk_token", unkToken);
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode v = model.putObject("vocab");
    vocab.forEach(v::put);
    model.putArray("merges");
    return TokenizerJson.text(root);
  }

  /** Writes {@code tokenizer.json} atomically (a temporary file beside it, then a rename). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        // createTempFile makes owner-only files; a tokenizer is ordinary shared data.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String printable(String c) {
    return c.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7f)
        ? "'" + c + "'"
        : String.format("U+%04X", c.codePointAt(0));
  }

  /** Options for {@link TokenizerJsonWriter}. */
  public static final class Builder {
    private List<String> specialTokens = DEFAULT_SPECIAL_TOKENS;
    private List<String> alphabet = codePoints(defaultAlphabet());
    private String unkToken = "<unk>";

    private Builder() {}

    /** Special tokens, in id order (ids 0, 1, ...); each is longer than one character. */
    public Builder specialTokens(List<String> tokens) {
      this.specialTokens = new ArrayList<>(tokens);
      return this;
    }

    /** The characters of the vocabulary, in id order after the special tokens. */
    public Builder alphabet(String characters) {
      this.alphabet = codePoints(characters);
      return this;
    }

    /** The token out-of-alphabet characters encode to (one of the special tokens), or null for none. */
    public Builder unkToken(String token) {
      this.unkToken = token;
      return this;
    }

    public TokenizerJsonWriter build() {
      return new TokenizerJsonWriter(this);
    }

    private static List<String> codePoints(String s) {
      List<String> out = new ArrayList<>();
      s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
      return out;
    }
  }
}
