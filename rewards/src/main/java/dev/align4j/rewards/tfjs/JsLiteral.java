package dev.align4j.rewards.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Parses a JavaScript literal as a minifier (terser) writes data: objects with bare, double- or single-quoted
 * keys, arrays, strings in either quote with JavaScript escapes, numbers such as {@code .5}, {@code -.001},
 * {@code 1e-3}, and {@code !0} / {@code !1} for true / false, {@code null}, {@code void 0} (as null). Nothing
 * else: no expressions, no identifiers as values. The result is Jackson's tree; numbers keep their decimal
 * text exactly ({@link BigDecimal}, integers as long where they fit).
 */
public final class JsLiteral {
  private final String s;
  private int i;

  private JsLiteral(String s, int from) {
    this.s = s;
    this.i = from;
  }

  /** The literal that starts at {@code from} (after optional white space). */
  public static JsonNode parse(String source, int from) {
    return new JsLiteral(source, from).value();
  }

  /** The whole of {@code source} as one literal (trailing white space allowed). */
  public static JsonNode parse(String source) {
    JsLiteral p = new JsLiteral(source, 0);
    JsonNode v = p.value();
    p.skipSpace();
    if (p.i != source.length()) throw p.error("unexpected text after the literal");
    return v;
  }

  /** Where the last {@link #parse(String, int)} of this text would stop: the index after the literal. */
  public static int end(String source, int from) {
    JsLiteral p = new JsLiteral(source, from);
    p.value();
    return p.i;
  }

  private JsonNode value() {
    skipSpace();
    if (i >= s.length()) throw error("unexpected end of text");
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
      case '\'':
        return JsonNodeFactory.instance.textNode(string());
      case '!':
        if (s.startsWith("!0", i) && !digitAt(i + 2)) {
          i += 2;
          return JsonNodeFactory.instance.booleanNode(true);
        }
        if (s.startsWith("!1", i) && !digitAt(i + 2)) {
          i += 2;
          return JsonNodeFactory.instance.booleanNode(false);
        }
        throw error("unsupported '!' expression");
      default:
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) return number();
        if (word("true")) return JsonNodeFactory.instance.booleanNode(true);
        if (word("false")) return JsonNodeFactory.instance.booleanNode(false);
        if (word("null")) return JsonNodeFactory.instance.nullNode();
        if (word("void 0")) return JsonNodeFactory.instance.nullNode();
        throw error("unexpected '" + c + "'");
    }
  }

  private ObjectNode object() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    i++; // {
    skipSpace();
    if (peek() == '}') {
      i++;
      return o;
    }
    while (true) {
      skipSpace();
      String key = key();
      skipSpace();
      expect(':');
      o.set(key, value());
      skipSpace();
      char c = next();
      if (c == '}') return o;
      if (c != ',') throw error("expected ',' or '}' in an object");
      skipSpace();
      if (peek() == '}') { // trailing comma
        i++;
        return o;
      }
    }
  }

  private ArrayNode array() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    i++; // [
    skipSpace();
    if (peek() == ']') {
      i++;
      return a;
    }
    while (true) {
      a.add(value());
      skipSpace();
      char c = next();
      if (c == ']') return a;
      if (c != ',') throw error("expected ',' or ']' in an array");
      skipSpace();
      if (peek() == ']') {
        i++;
        return a;
      }
    }
  }

  private String key() {
    char c = peek();
    if (c == '"' || c == '\'') return string();
    int start = i;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
      i++;
    }
    if (start == i) throw error("expected a key");
    return s.substring(start, i);
  }

  private String string() {
    char quote = next();
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i >= s.length()) throw error("unterminated string");
      char c = s.charAt(i++);
      if (c == quote) return b.toString();
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) throw error("unterminated string");
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'v' -> b.append('\u000b');
        case '0' -> b.append('\0');
        case 'x' -> b.append((char) hex(2));
        case 'u' -> b.append((char) hex(4));
        case '\n' -> { } // line continuation
        default -> b.append(e); // \" \' \\ \/ and any other character stand for themselves
      }
    }
  }

  private int hex(int digits) {
    if (i + digits > s.length()) throw error("short escape");
    int v = Integer.parseInt(s.substring(i, i + digits), 16);
    i += digits;
    return v;
  }

  private JsonNode number() {
    int start = i;
    if (peek() == '-' || peek() == '+') i++;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || ".eE".indexOf(s.charAt(i)) >= 0
        || ((s.charAt(i) == '-' || s.charAt(i) == '+') && "eE".indexOf(s.charAt(i - 1)) >= 0))) {
      i++;
    }
    String text = s.substring(start, i);
    if (text.startsWith("+")) text = text.substring(1);
    if (text.equals("-") || text.isEmpty()) throw error("bad number");
    try {
      BigDecimal d = new BigDecimal(text);
      if (text.matches("-?\\d+")) {
        try {
          return JsonNodeFactory.instance.numberNode(d.longValueExact());
        } catch (ArithmeticException tooBig) {
          return JsonNodeFactory.instance.numberNode(d);
        }
      }
      return JsonNodeFactory.instance.numberNode(d);
    } catch (NumberFormatException e) {
      throw error("bad number '" + text + "'");
    }
  }

  private boolean word(String w) {
    if (!s.startsWith(w, i)) return false;
    int end = i + w.length();
    if (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) return false;
    i = end;
    return true;
  }

  private boolean digitAt(int at) {
    return at < s.length() && Character.isDigit(s.charAt(at));
  }

  private void skipSpace() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
  }

  private char peek() {
    if (i >= s.length()) throw error("unexpected end of text");
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) throw error("expected '" + c + "'");
  }

  private IllegalArgumentException error(String message) {
    int from = Math.max(0, i - 30);
    int to = Math.min(s.length(), i + 30);
    return new IllegalArgumentException("JavaScript literal, offset " + i + ": " + message + " (near '"
        + s.substring(from, to) + "')");
  }
}
