package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void countsAreSingularForOne() {
    assertEquals("1 epoch", Texts.count(1, "epoch"));
    assertEquals("0 epochs", Texts.count(0, "epoch"));
    assertEquals("1,200 epochs", Texts.count(1200, "epoch"));
  }

  @Test
  void numbersAreShortAndReadable() {
    assertEquals("1e-06", Texts.number(1.0000000000000002E-6));
    assertEquals("0.001", Texts.number(0.001));
    assertEquals("0.05", Texts.number(0.1 * 0.5));
    assertEquals("0.0001", Texts.number(1e-4));
    assertEquals("1e-05", Texts.number(0.1 * 0.1 * 0.001));
    assertEquals("1.235e+05", Texts.number(123456));
    assertEquals("0.3333", Texts.number(1.0 / 3));
    assertEquals("2", Texts.number(2));
    assertEquals("0", Texts.number(0));
  }
}
