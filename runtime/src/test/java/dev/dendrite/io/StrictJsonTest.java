package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jackson as configured for Dendrite: strict, bounded, and writing numbers exactly. */
class StrictJsonTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1, 2", "[01]", "[1.]", "[.5]",
      "[1e]", "[-]", "{\"a\": 1} x", "{a: 1}", "['a']", "[\"\\x\"]", "[\"\\u12\"]", "[tru]",
      "[NaN]", "[Infinity]", "\"unterminated", "[\"tab\there\"]", "{\"a\": 1, \"a\": 2}",
      "[1] // comment", "[1e99999999999]"})
  void refusesWhatIsNotStrictJson(String text) {
    assertThrows(StrictJson.SyntaxException.class, () -> StrictJson.parse(text));
  }

  @Test
  void problemsSayWhere() {
    assertEquals("unexpected character 'o' at character 6", problem("{\"a\": oops}"));
    assertEquals("unexpected end of text at character 5", problem("[1, 2"));
    assertTrue(problem("{\"w\": 1, \"w\": 2}").startsWith("duplicate field 'w' at character"));
  }

  @Test
  void nestingIsBounded() throws Exception {
    String ok = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
    assertTrue(StrictJson.parse(ok).isArray());
    String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
    assertTrue(problem(deep).contains("nesting depth"), problem(deep));
  }

  @Test
  void numbersAreBounded() throws Exception {
    String longest = "[" + "1".repeat(StrictJson.MAX_NUMBER_LENGTH) + "]";
    assertTrue(StrictJson.parse(longest).get(0).isIntegralNumber());
    assertTrue(problem("[" + "1".repeat(StrictJson.MAX_NUMBER_LENGTH + 1) + "]")
        .contains("number"));
  }

  @Test
  void numbersKeepTheirDigits() throws Exception {
    JsonNode big = StrictJson.parse("[-9223372036854775808, 9223372036854775808, 1e2]");
    assertEquals(Long.MIN_VALUE, big.get(0).longValue());
    assertFalse(big.get(1).canConvertToLong());
    assertFalse(big.get(2).isIntegralNumber());
    // one rounding, straight from the digits: this decimal lies just above the midpoint of two
    // floats; rounded to a double first it lands on the midpoint, which rounds down to even
    String justAboveMidpoint = "1.00000029802322387695312500001";
    assertEquals(1.0000004f, Float.parseFloat(justAboveMidpoint));
    assertEquals(1.0000004f, StrictJson.parse("[" + justAboveMidpoint + "]").get(0).floatValue());
  }

  @Test
  void writtenValuesReadBackExactly() throws Exception {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "quote \" backslash \\ newline \n control \u0001");
    value.put("long", Long.MAX_VALUE);
    value.put("list", List.of(1, 2.5, "x"));
    ObjectNode tree = StrictJson.object();
    tree.put("name", (String) value.get("name"));
    tree.set("double", StrictJson.number(0.1 + 0.2));
    tree.set("floats", StrictJson.numbers(new float[] {0.1f, Float.NaN}));
    tree.set("nan", StrictJson.number(Double.NaN));

    JsonNode back = StrictJson.parse(StrictJson.write(value));
    assertEquals(List.of("name", "long", "list"), List.copyOf(back.properties().stream()
        .map(Map.Entry::getKey).toList()));
    assertEquals(value.get("name"), back.get("name").textValue());
    assertEquals(Long.MAX_VALUE, back.get("long").longValue());
    for (String text : List.of(StrictJson.write(tree), StrictJson.writePretty(tree))) {
      JsonNode t = StrictJson.parse(text);
      assertEquals(0.1 + 0.2, t.get("double").doubleValue());
      assertEquals(0.1f, t.get("floats").get(0).floatValue());
      assertTrue(t.get("floats").get(1).isNull(), "non-finite numbers are written as null");
      assertTrue(t.get("nan").isNull());
    }
  }

  @Test
  void compactAndPrettyLayouts() {
    ObjectNode tree = StrictJson.object();
    tree.put("epoch", 2);
    tree.putArray("names").add("0").add("1");
    tree.putObject("empty");
    tree.putArray("none");
    assertEquals("{\"epoch\":2,\"names\":[\"0\",\"1\"],\"empty\":{},\"none\":[]}",
        StrictJson.write(tree));
    assertEquals("{\n  \"epoch\": 2,\n  \"names\": [\"0\", \"1\"],\n  \"empty\": {},\n"
        + "  \"none\": []\n}\n", StrictJson.writePretty(tree));
  }

  private static String problem(String text) {
    return assertThrows(StrictJson.SyntaxException.class, () -> StrictJson.parse(text))
        .getMessage();
  }
}
