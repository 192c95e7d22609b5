package dev.dendrite.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader and a small writer (RFC 8259), for safetensors headers and checkpoint
 * metadata. Reading builds plain values only: {@link Map} (insertion order, duplicate keys
 * refused), {@link List}, {@link String}, {@link Num}, {@link Boolean} and {@link #NULL}.
 */
public final class Json {
  /** Deepest nesting accepted; safetensors headers need three levels. */
  static final int MAX_DEPTH = 64;

  /** JSON's {@code null}. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** A number as written, converted on demand so that no digit is lost on the way. */
  public record Num(String text) {
    /** Whether it is written as an integer: no fraction, no exponent. */
    public boolean isInteger() {
      return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    /** The value as a {@code long}; throws {@link NumberFormatException} when it is none. */
    public long longValue() {
      if (!isInteger()) {
        throw new NumberFormatException("not an integer: " + text);
      }
      return Long.parseLong(text);
    }

    /** The value as the nearest {@code double}. */
    public double doubleValue() {
      return Double.parseDouble(text);
    }

    /** The value rounded once, straight from its digits, to the nearest float. */
    public float floatValue() {
      return Float.parseFloat(text);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Text that is not JSON, with the character offset where reading stopped. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String problem, int position) {
      super(problem + " at character " + position);
    }
  }

  /** Reads one JSON value spanning all of {@code text} (whitespace around it allowed). */
  public static Object parse(String text) throws SyntaxException {
    Json json = new Json(text);
    json.skipWhitespace();
    Object value = json.value(0);
    json.skipWhitespace();
    if (json.pos != text.length()) {
      throw new SyntaxException("unexpected text after the value", json.pos);
    }
    return value;
  }

  private Object value(int depth) throws SyntaxException {
    if (pos >= text.length()) {
      throw new SyntaxException("unexpected end of text", pos);
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw new SyntaxException("unexpected character '" + printable(c) + "'", pos);
      }
    };
  }

  private Map<String, Object> object(int depth) throws SyntaxException {
    checkDepth(depth);
    pos++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw new SyntaxException("expected a string key", pos);
      }
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth);
      if (members.putIfAbsent(key, value) != null) {
        throw new SyntaxException("duplicate key \"" + key + "\"", keyAt);
      }
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        throw new SyntaxException("expected ',' or '}'", pos - 1);
      }
    }
  }

  private List<Object> array(int depth) throws SyntaxException {
    checkDepth(depth);
    pos++;
    List<Object> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return items;
    }
    while (true) {
      skipWhitespace();
      items.add(value(depth));
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return items;
      }
      if (c != ',') {
        throw new SyntaxException("expected ',' or ']'", pos - 1);
      }
    }
  }

  private String string() throws SyntaxException {
    pos++;
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new SyntaxException("unterminated string", pos);
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return s.toString();
      }
      if (c < 0x20) {
        throw new SyntaxException("control character in a string", pos - 1);
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw new SyntaxException("unterminated string", pos);
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw new SyntaxException("truncated \\u escape", pos);
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
              throw new SyntaxException("bad \\u escape", pos);
            }
            code = code * 16 + digit;
          }
          pos += 4;
          s.append((char) code);
        }
        default -> throw new SyntaxException("bad escape '\\" + printable(e) + "'", pos - 1);
      }
    }
  }

  private Num number() throws SyntaxException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw new SyntaxException("expected a digit", pos);
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw new SyntaxException("expected a digit after '.'", pos);
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw new SyntaxException("expected a digit in the exponent", pos);
      }
      digits();
    }
    return new Num(text.substring(start, pos));
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) throws SyntaxException {
    if (!text.startsWith(word, pos)) {
      throw new SyntaxException("unexpected character '" + printable(text.charAt(pos)) + "'", pos);
    }
    pos += word.length();
    return value;
  }

  private void checkDepth(int depth) throws SyntaxException {
    if (depth > MAX_DEPTH) {
      throw new SyntaxException("nested deeper than " + MAX_DEPTH + " levels", pos);
    }
  }

  /** The next character, or 0 at the end of the text. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private void expect(char c) throws SyntaxException {
    if (peek() != c) {
      throw new SyntaxException("expected '" + c + "'", pos);
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  // ---- writing ----

  /**
   * Writes {@code value} compactly: maps, lists, strings, integers, floats and doubles (written
   * so that they read back exactly; non-finite ones as {@code null}), booleans and null.
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, -1);
    return out.toString();
  }

  /** Like {@link #write(Object)}, one member per line; lists of plain values stay on one line. */
  public static String writePretty(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, int indent) {
    if (value == null || value == NULL) {
      out.append("null");
    } else if (value instanceof String s) {
      quote(s, out);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Num) {
      out.append(value);
    } else if (value instanceof Double d) {
      out.append(Double.isFinite(d) ? d.toString() : "null");
    } else if (value instanceof Float f) {
      out.append(Float.isFinite(f) ? f.toString() : "null");
    } else if (value instanceof Map<?, ?> map) {
      writeObject(map, out, indent);
    } else if (value instanceof List<?> list) {
      writeArray(list, out, indent);
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
    }
  }

  private static void writeObject(Map<?, ?> map, StringBuilder out, int indent) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(first ? "" : ",");
      first = false;
      newline(out, indent < 0 ? -1 : indent + 1);
      quote((String) e.getKey(), out);
      out.append(indent < 0 ? ":" : ": ");
      write(e.getValue(), out, indent < 0 ? -1 : indent + 1);
    }
    if (!first) {
      newline(out, indent);
    }
    out.append('}');
  }

  private static void writeArray(List<?> list, StringBuilder out, int indent) {
    boolean flat = indent < 0
        || list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      out.append(i == 0 ? "" : flat && indent >= 0 ? ", " : ",");
      if (!flat) {
        newline(out, indent + 1);
      }
      write(list.get(i), out, flat ? -1 : indent + 1);
    }
    if (!flat && !list.isEmpty()) {
      newline(out, indent);
    }
    out.append(']');
  }

  private static void newline(StringBuilder out, int indent) {
    if (indent >= 0) {
      out.append('\n').append("  ".repeat(indent));
    }
  }

  /** Appends {@code s} as a JSON string. */
  static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
