package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuoteTest {
  @Test
  void shortPrintableTextIsQuotedAsItIs() {
    assertEquals("dense.kernel", Quote.text("dense.kernel"));
    assertEquals("Größe 数字 é", Quote.text("Größe 数字 é"));
    assertEquals("", Quote.text(""));
    assertEquals("null", Quote.text(null));
  }

  @Test
  void longTextIsCutToSixtyCharactersAndSaysItsLength() {
    String text = "x".repeat(60);
    assertEquals(text, Quote.text(text));
    assertEquals(text + "... (61 characters)", Quote.text(text + "y"));
    assertEquals(text + "... (50000000 characters)", Quote.text("x".repeat(50_000_000)));
  }

  @Test
  void controlAndFormattingCharactersAreEscaped() {
    assertEquals("a\\nb\\tc\\r\\u001b[2J\\u0000\\u202edcba\\u2028",
        Quote.text("a\nb\tc\r\u001b[2J\u0000\u202edcba\u2028"));
  }

  @Test
  void charactersBeyondTheBasicPlaneCountOnceAndAreNeverSplit() {
    String emoji = "\ud83d\ude00"; // one character, two chars in Java
    assertEquals(emoji.repeat(60) + "... (61 characters)", Quote.text(emoji.repeat(61)));
    assertEquals("\\ud800x", Quote.text("\ud800x"), "a lone surrogate is escaped");
  }

  @Test
  void listsShowTenItemsEachShortened() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      items.add(i == 0 ? "z".repeat(100) : "n" + i);
    }
    assertEquals("[" + "z".repeat(60) + "... (100 characters), n1, n2, n3, n4, n5, n6, n7, n8, "
        + "n9, and 2 more]", Quote.list(items));
    assertEquals("a, b", Quote.join(List.of("a", "b")));
  }

  @Test
  void aPathIsShownWholeWithItsControlCharactersEscaped() {
    String long_ = "d/".repeat(100) + "report";
    assertEquals(long_, Quote.path(Path.of(long_)));
    assertEquals("out/a\\nb\\u001b[2J", Quote.path(Path.of("out/a\nb\u001b[2J")));
    assertEquals("null", Quote.path(null));
  }
}
