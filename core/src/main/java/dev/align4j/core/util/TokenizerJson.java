package dev.align4j.core.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The parts every Hugging Face {@code tokenizer.json} written from Java shares: the document's head, its
 * {@code added_tokens}, a {@code TemplateProcessing} post-processor that wraps a sequence (or a pair) in a
 * start and an end token, and the indented text. Each writer adds its own normalizer, pre-tokenizer and
 * model.
 */
public final class TokenizerJson {
  private TokenizerJson() {}

  /** A new document with its version and no truncation or padding. */
  public static ObjectNode document() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    return root;
  }

  /** Appends {@code added_tokens}: each of {@code tokens} as a special token with its id. */
  public static void addedTokens(ObjectNode root, List<String> tokens, ToIntFunction<String> id,
      boolean normalized) {
    ArrayNode added = root.putArray("added_tokens");
    for (String t : tokens) {
      ObjectNode a = added.addObject();
      a.put("id", id.applyAsInt(t));
      a.put("content", t);
      a.put("single_word", false);
      a.put("lstrip", false);
      a.put("rstrip", false);
      a.put("normalized", normalized);
      a.put("special", true);
    }
  }

  /**
   * A {@code TemplateProcessing} post-processor: {@code start A end} for one sequence and
   * {@code start A end B end} for a pair, the second sequence and its end token with type id
   * {@code pairTypeId}.
   */
  public static ObjectNode template(String start, String end, ToIntFunction<String> id, int pairTypeId) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("type", "TemplateProcessing");
    ArrayNode single = p.putArray("single");
    piece(single, "SpecialToken", start, 0);
    piece(single, "Sequence", "A", 0);
    piece(single, "SpecialToken", end, 0);
    ArrayNode pair = p.putArray("pair");
    piece(pair, "SpecialToken", start, 0);
    piece(pair, "Sequence", "A", 0);
    piece(pair, "SpecialToken", end, 0);
    piece(pair, "Sequence", "B", pairTypeId);
    piece(pair, "SpecialToken", end, pairTypeId);
    ObjectNode specials = p.putObject("special_tokens");
    for (String t : List.of(start, end)) {
      ObjectNode s = specials.putObject(t);
      s.put("id", t);
      s.putArray("ids").add(id.applyAsInt(t));
      s.putArray("tokens").add(t);
    }
    return p;
  }

  /**
   * GPT-2's byte-to-symbol table ({@code bytes_to_unicode}, also CLIP's and every byte-level BPE's): entry
   * {@code b} is the one-character string byte {@code b} is written as. Printable Latin-1 bytes stand for
   * themselves; the others map to U+0100 upwards, in byte order (a space is {@code Ġ}, U+0120).
   */
  public static List<String> byteSymbols() {
    return BYTE_SYMBOLS;
  }

  /** Whether byte {@code b} stands for itself in {@link #byteSymbols()}. */
  public static boolean printableByte(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  private static final List<String> BYTE_SYMBOLS = byteSymbolTable();

  private static List<String> byteSymbolTable() {
    String[] out = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) out[b] = Character.toString(printableByte(b) ? b : next++);
    return List.of(out);
  }

  /** The document as indented JSON with a final newline. */
  public static String text(ObjectNode root) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void piece(ArrayNode a, String kind, String id, int typeId) {
    a.addObject().putObject(kind).put("id", id).put("type_id", typeId);
  }
}
