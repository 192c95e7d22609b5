package dev.dendrite.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jackson, configured once for the JSON Dendrite reads and writes (safetensors headers, weights
 * metadata, {@code checkpoint.json}). Reading is strict RFC 8259 with duplicate keys refused,
 * bounded by {@link StreamReadConstraints} for untrusted input; numbers with a fraction or
 * exponent are kept exactly ({@link java.math.BigDecimal}), so that {@code floatValue()} rounds
 * once. Writing keeps key order and writes numbers as {@link Double#toString} and
 * {@link Float#toString} do; non-finite ones are written as {@code null} by {@link #number}.
 */
public final class StrictJson {
  /** Largest document read: the largest {@code checkpoint.json}; safetensors headers are less. */
  public static final long MAX_LENGTH = 256L << 20;

  /** Deepest nesting accepted; safetensors headers need three levels. */
  static final int MAX_DEPTH = 64;

  /** Longest number accepted, in characters (Jackson's default, stated). */
  static final int MAX_NUMBER_LENGTH = 1000;

  /** Strings: none can be longer than the safetensors header that holds it. */
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxDocumentLength(MAX_LENGTH)
          .maxStringLength((int) Safetensors.MAX_HEADER)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxNestingDepth(MAX_DEPTH)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private StrictJson() {}

  /** Text that is not JSON, or exceeds a limit, saying where. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String problem) {
      super(problem);
    }
  }

  /** Reads one JSON value spanning all of {@code text} (whitespace around it allowed). */
  public static JsonNode parse(String text) throws SyntaxException {
    try {
      return MAPPER.readValue(text, JsonNode.class);
    } catch (JsonProcessingException e) {
      throw new SyntaxException(problem(e, text));
    } catch (NumberFormatException e) {
      // an exponent beyond BigDecimal's range, which Jackson does not wrap
      throw new SyntaxException("a number out of range: " + Quote.text(e.getMessage()));
    }
  }

  /** Jackson's first clause and where it stopped, as "unexpected character 'o' at character 17". */
  private static String problem(JsonProcessingException e, String text) {
    String reason = e.getOriginalMessage().split("[:\n]", 2)[0];
    JsonLocation where = e.getLocation();
    long at = where == null ? -1 : where.getCharOffset();
    if (at >= text.length()) {
      reason = "unexpected end of text";
    } else if (at >= 0 && (reason.startsWith("Unexpected character")
        || reason.startsWith("Unrecognized token"))) {
      reason = "unexpected character '" + printable(text.charAt((int) at)) + "'";
    }
    if (!reason.isEmpty()) {
      reason = Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    reason = Quote.text(reason, 200); // Jackson's clause may quote a name from the text
    return at < 0 ? reason : reason + " at character " + at;
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  /**
   * {@code value} (maps, lists, strings, numbers, booleans, null, trees) as compact JSON;
   * doubles that may be non-finite go through {@link #number} first.
   */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON", e);
    }
  }

  /**
   * Like {@link #write}, one member per line ({@code "key": value}) and lists on one line (an
   * object in a list opens on the list's line), ending with a newline.
   */
  public static String writePretty(JsonNode value) {
    DefaultPrettyPrinter layout = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withArrayValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""));
    layout.indentArraysWith(null);
    try {
      return MAPPER.writer(layout).writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree is always writable", e);
    }
  }

  /** A new empty object, to fill in order. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** {@code value} as a number, or {@code null} when it is not finite. */
  public static JsonNode number(double value) {
    return Double.isFinite(value) ? DoubleNode.valueOf(value) : NullNode.getInstance();
  }

  /** {@code values} as a list of numbers, each written as {@link Float#toString} does. */
  public static ArrayNode numbers(float[] values) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode(values.length);
    for (float v : values) {
      list.add(Float.isFinite(v) ? FloatNode.valueOf(v) : NullNode.getInstance());
    }
    return list;
  }
}
