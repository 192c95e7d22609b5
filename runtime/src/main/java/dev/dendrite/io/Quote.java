package dev.dendrite.io;

import java.nio.file.Path;
import java.util.Collection;
import java.util.StringJoiner;

/**
 * Text read from a file, made fit to quote in a message: a hostile or corrupt file may hold a
 * name 50 MB long, or control characters that rewrite the terminal, and a message shows at most
 * the first {@link #MAX_CHARACTERS} characters of it, with every control and formatting
 * character escaped.
 */
public final class Quote {
  /** The most characters of one string a message shows. */
  public static final int MAX_CHARACTERS = 60;

  /** The most items of a list a message shows. */
  public static final int MAX_ITEMS = 10;

  private Quote() {}

  /**
   * {@code text} escaped ({@code \n}, {@code \t}, {@code \\u001b}) and, when longer than {@link
   * #MAX_CHARACTERS} characters, cut to them and followed by "... (N characters)"; "null" for
   * null.
   */
  public static String text(String text) {
    return text(text, MAX_CHARACTERS);
  }

  /** {@code text} as {@link #text(String)} gives it, cut after {@code max} characters. */
  public static String text(String text, int max) {
    if (text == null) {
      return "null";
    }
    int length = text.codePointCount(0, text.length());
    StringBuilder s = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < text.length() && shown < max; shown++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      escape(s, c);
    }
    if (shown < length) {
      s.append("... (").append(length).append(" characters)");
    }
    return s.toString();
  }

  /**
   * A path as a message names it: escaped as {@link #text(String)} escapes, but whole, since the
   * reader must find the place it names; "null" for null.
   */
  public static String path(Path path) {
    return text(path == null ? null : path.toString(), Integer.MAX_VALUE);
  }

  /**
   * Each item as {@link #text} gives it, in brackets like {@link java.util.List#toString}, the
   * first {@link #MAX_ITEMS} of them, then "and N more".
   */
  public static String list(Collection<String> items) {
    return "[" + join(items) + "]";
  }

  /** The items as {@link #list} gives them, without the brackets. */
  public static String join(Collection<String> items) {
    StringJoiner s = new StringJoiner(", ");
    int n = 0;
    for (String item : items) {
      if (n == MAX_ITEMS) {
        s.add("and " + (items.size() - MAX_ITEMS) + " more");
        break;
      }
      s.add(text(item));
      n++;
    }
    return s.toString();
  }

  private static void escape(StringBuilder s, int c) {
    switch (c) {
      case '\n' -> s.append("\\n");
      case '\r' -> s.append("\\r");
      case '\t' -> s.append("\\t");
      default -> {
        int type = Character.getType(c);
        if (type == Character.CONTROL || type == Character.FORMAT
            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
            || type == Character.SURROGATE || type == Character.UNASSIGNED
            || type == Character.PRIVATE_USE) {
          if (c > 0xFFFF) {
            s.append(String.format("\\u{%x}", c));
          } else {
            s.append(String.format("\\u%04x", c));
          }
        } else {
          s.appendCodePoint(c);
        }
      }
    }
  }
}
