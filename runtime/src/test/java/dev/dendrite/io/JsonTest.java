package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void readsEveryKindOfValue() throws Exception {
    Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\ny\\u00e9\\\"\"},"
        + " \"d\": []}\n ");

    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(List.of("a", "b", "d"), List.copyOf(m.keySet()));
    List<?> a = (List<?>) m.get("a");
    assertEquals(1L, ((Json.Num) a.get(0)).longValue());
    assertEquals(-2500.0, ((Json.Num) a.get(1)).doubleValue());
    assertEquals(Boolean.TRUE, a.get(2));
    assertEquals(Json.NULL, a.get(4));
    assertEquals("x\nyé\"", ((Map<?, ?>) m.get("b")).get("c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1, 2", "[01]", "[1.]", "[.5]",
      "[1e]", "[-]", "{\"a\": 1} x", "{a: 1}", "['a']", "[\"\\x\"]", "[\"\\u12\"]", "[tru]",
      "[NaN]", "[Infinity]", "\"unterminated", "[\"tab\there\"]", "{\"a\": 1, \"a\": 2}"})
  void refusesWhatIsNotStrictJson(String text) {
    Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(text));
    assertTrue(e.getMessage().contains("at character"), e.getMessage());
  }

  @Test
  void duplicateKeysAreNamed() {
    Json.SyntaxException e = assertThrows(Json.SyntaxException.class,
        () -> Json.parse("{\"w\": 1, \"w\": 2}"));
    assertTrue(e.getMessage().contains("duplicate key \"w\""), e.getMessage());
  }

  @Test
  void nestingIsBounded() {
    String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    assertThrows(Json.SyntaxException.class, () -> Json.parse(deep));
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertTrue(assertDoesNotThrow(ok) instanceof List);
  }

  private static Object assertDoesNotThrow(String text) {
    try {
      return Json.parse(text);
    } catch (Json.SyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void numbersKeepTheirDigits() throws Exception {
    Json.Num big = (Json.Num) ((List<?>) Json.parse("[-9223372036854775808]")).get(0);
    assertEquals(Long.MIN_VALUE, big.longValue());
    Json.Num tooBig = (Json.Num) ((List<?>) Json.parse("[9223372036854775808]")).get(0);
    assertThrows(NumberFormatException.class, tooBig::longValue);
    Json.Num f = (Json.Num) ((List<?>) Json.parse("[1e2]")).get(0);
    assertThrows(NumberFormatException.class, f::longValue);
  }

  @Test
  void writtenValuesReadBackExactly() throws Exception {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "quote \" backslash \\ newline \n control \u0001");
    value.put("double", 0.1 + 0.2);
    value.put("float", 0.1f);
    value.put("long", Long.MAX_VALUE);
    value.put("nan", Double.NaN);
    value.put("list", List.of(1, 2.5, "x"));
    value.put("nested", List.of(Map.of("k", true)));

    for (String text : List.of(Json.write(value), Json.writePretty(value))) {
      Map<?, ?> back = (Map<?, ?>) Json.parse(text);
      assertEquals(value.get("name"), back.get("name"));
      assertEquals(0.1 + 0.2, ((Json.Num) back.get("double")).doubleValue());
      assertEquals(0.1f, ((Json.Num) back.get("float")).floatValue());
      assertEquals(Long.MAX_VALUE, ((Json.Num) back.get("long")).longValue());
      assertEquals(Json.NULL, back.get("nan"), "non-finite numbers are written as null");
    }
  }
}
