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
 * Writes a Hugging Face {@code tokenizer.json}: the one writer of the text modality, for two kinds of BPE file.
 *
 * <ul>
 *   <li><b>Character-level</b> ({@link #builder()}, {@link #defaults()}): one token per character of an
 *       alphabet, plus special tokens. A BPE model with no merges, a pre-tokenizer that isolates every character,
 *       a {@code Fuse} decoder. Ids: the special tokens first, in the order given, then the alphabet in the order
 *       given. Characters outside the alphabet encode to the unknown token. Text round-trips exactly for text
 *       drawn from the alphabet: there is no normalizer and the decoder concatenates.
 *   <li><b>Byte-level BPE</b> ({@link #byteLevel}): GPT-2's layout, as Hugging Face publishes {@code gpt2}'s
 *       file. A given vocabulary and ranked merges, the {@code ByteLevel} pre-tokenizer (GPT-2's splitting regex,
 *       no prefix space), post-processor and decoder; special tokens are added tokens with their vocabulary ids.
 *       {@link Gpt2Tokenizer} builds one from GPT-2's {@code encoder.json} and {@code vocab.bpe}.
 * </ul>
 *
 * <p>Both are real tokenizers-library files, so they load anywhere a Hugging Face tokenizer loads, including
 * {@link TextTokenizer} and Python's {@code tokenizers}.
 */
public final class TokenizerJsonWriter {
  /** The special tokens of the embedded tokenizer, in id order. */
  public static final List<String> DEFAULT_SPECIAL_TOKENS =
      ImmutableList.of("<pad>", "<unk>", "<bos>", "<eos>", "<|im_start|>", "<|im_end|>");

  /** Splits a string into single characters (code points, newlines included). */
  static final String CHAR_REGEX = "[\\s\\S]";

  /** The symbols GPT-2's byte-level BPE writes bytes as, from its {@code bytes_to_unicode}. */
  private static final List<String> BYTE_SYMBOLS = TokenizerJson.byteSymbols();

  private final List<String> specialTokens;
  private final List<String> alphabet;
  private final String unkToken;
  /** Byte-level files only (null for character-level ones): the vocabulary and the merges, in rank order. */
  private final Map<String, Integer> bpeVocab;
  private final List<String> merges;

  private TokenizerJsonWriter(List<String> specialTokens, Map<String, Integer> vocab, List<String> merges) {
    this.specialTokens = ImmutableList.copyOf(specialTokens);
    this.alphabet = ImmutableList.of();
    this.unkToken = null;
    this.bpeVocab = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
    this.merges = ImmutableList.copyOf(merges);
  }

  private TokenizerJsonWriter(Builder builder) {
    this.specialTokens = ImmutableList.copyOf(builder.specialTokens);
    this.alphabet = ImmutableList.copyOf(builder.alphabet);
    this.unkToken = builder.unkToken;
    this.bpeVocab = null;
    this.merges = ImmutableList.of();
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

  /**
   * A byte-level BPE file (GPT-2's layout): {@code vocab} maps every token to its id (ids distinct, the 256 byte
   * symbols and every special token among the tokens), {@code merges} are {@code "left right"} pairs in rank order
   * (each side and the joined token in the vocabulary), {@code specialTokens} are matched in raw text before
   * splitting (GPT-2: {@code <|endoftext|>}). Merges are not re-ranked or deduplicated.
   *
   * @throws IllegalArgumentException when the parts do not fit together; the message names the first misfit
   */
  public static TokenizerJsonWriter byteLevel(Map<String, Integer> vocab, List<String> merges,
      List<String> specialTokens) {
    Preconditions.checkArgument(!vocab.isEmpty(), "the vocabulary is empty");
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      Preconditions.checkArgument(e.getValue() != null && e.getValue() >= 0, "token %s has id %s", e.getKey(),
          e.getValue());
      Preconditions.checkArgument(ids.add(e.getValue()), "id %s is given to two tokens (one is %s)", e.getValue(),
          e.getKey());
    }
    for (String b : BYTE_SYMBOLS) {
      Preconditions.checkArgument(vocab.containsKey(b), "byte symbol %s (byte %s) is not in the vocabulary",
          printable(b), BYTE_SYMBOLS.indexOf(b));
    }
    for (String t : specialTokens) {
      Preconditions.checkArgument(vocab.containsKey(t), "special token %s is not in the vocabulary", t);
    }
    for (int r = 0; r < merges.size(); r++) {
      String m = merges.get(r);
      String[] parts = m.split(" ", -1);
      Preconditions.checkArgument(parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty(),
          "merge %s ('%s') is not two tokens separated by one space", r, m);
      for (String t : new String[] {parts[0], parts[1], parts[0] + parts[1]}) {
        Preconditions.checkArgument(vocab.containsKey(t), "merge %s ('%s'): %s is not in the vocabulary", r, m, t);
      }
    }
    return new TokenizerJsonWriter(specialTokens, vocab, merges);
  }

  /**
   * GPT-2's byte-to-symbol table ({@code bytes_to_unicode}): entry {@code b} is the one-character string byte
   * {@code b} is written as (core's {@link TokenizerJson#byteSymbols()}; a space is {@code Ġ}, U+0120).
   */
  public static List<String> byteSymbols() {
    return BYTE_SYMBOLS;
  }

  /** Whether this is a byte-level BPE file ({@link #byteLevel}) rather than a character-level one. */
  public boolean isByteLevel() {
    return bpeVocab != null;
  }

  /** The merges in rank order ({@code "left right"}); empty for a character-level file. */
  public List<String> merges() {
    return merges;
  }

  /** Number of ids: special tokens plus alphabet, or the byte-level vocabulary's size. */
  public int vocabSize() {
    if (bpeVocab != null) return bpeVocab.size();
    return specialTokens.size() + alphabet.size();
  }

  /** Token to id, in id order (a byte-level file's in the order given). */
  public Map<String, Integer> vocab() {
    if (bpeVocab != null) return bpeVocab;
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String t : specialTokens) vocab.put(t, vocab.size());
    for (String c : alphabet) vocab.put(c, vocab.size());
    return vocab;
  }

  /** The {@code tokenizer.json} document. */
  public String toJson() {
    if (bpeVocab != null) return byteLevelJson();
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

  /** GPT-2's layout, as in the {@code tokenizer.json} Hugging Face publishes for {@code gpt2}. */
  private String byteLevelJson() {
    ObjectNode root = TokenizerJson.document();
    TokenizerJson.addedTokens(root, specialTokens, bpeVocab::get, true);
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevelStep(false, true));
    root.set("post_processor", byteLevelStep(true, false));
    root.set("decoder", byteLevelStep(true, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.put("continuing_subword_prefix", "");
    model.put("end_of_word_suffix", "");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode v = model.putObject("vocab");
    bpeVocab.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> v.put(e.getKey(), e.getValue()));
    com.fasterxml.jackson.databind.node.ArrayNode m = model.putArray("merges");
    merges.forEach(m::add);
    return TokenizerJson.text(root);
  }

  /** A {@code ByteLevel} pre-tokenizer, post-processor or decoder (they share one type and its settings). */
  private static ObjectNode byteLevelStep(boolean addPrefixSpace, boolean trimOffsets) {
    ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    n.put("type", "ByteLevel");
    n.put("add_prefix_space", addPrefixSpace);
    n.put("trim_offsets", trimOffsets);
    n.put("use_regex", true);
    return n;
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
