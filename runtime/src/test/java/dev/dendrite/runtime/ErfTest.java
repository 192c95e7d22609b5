package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErfTest {

  /** Reference values from mpmath at 30 digits. */
  @ParameterizedTest(name = "erf({0}) = {1}")
  @CsvSource({
    "0, 0",
    "1e-8, 1.1283791670955125363e-8",
    "0.1, 0.1124629160182848922",
    "0.5, 0.5204998778130465",
    "1, 0.8427007929497149",
    "-1, -0.8427007929497149",
    "1.5, 0.96610514647531072707",
    "2, 0.9953222650189527",
    "-2, -0.9953222650189527",
    "2.4999999, 0.99959304776472656357",
    "2.5, 0.9995930479825550",
    "2.5000001, 0.99959304820038340964",
    "-2.5, -0.9995930479825550",
    "3, 0.99997790950300141456",
    "3.5, 0.9999992569016276",
    "-3.5, -0.9999992569016276",
    "4, 0.99999998458274209972",
    "5, 0.99999999999846254021",
    "5.9, 0.9999999999999999281",
    "7, 1",
    "-7, -1",
    "40, 1",
  })
  void knownValues(double x, double expected) {
    double actual = Erf.erf(x);
    if (expected == 0) {
      assertEquals(0.0, actual, 0.0);
    } else {
      assertEquals(expected, actual, Math.abs(expected) * 1e-12, "erf(" + x + ")");
    }
  }

  @Test
  void oddAndMonotone() {
    double previous = -1;
    for (double x = -6.5; x <= 6.5; x += 0.01) {
      double y = Erf.erf(x);
      assertEquals(-y, Erf.erf(-x), 0.0, "erf(-x) = -erf(x) at " + x);
      assertTrue(y >= previous, "non-decreasing at " + x);
      assertTrue(Math.abs(y) <= 1, "bounded at " + x);
      previous = y;
    }
  }

  @Test
  void infinities() {
    assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
  }
}
