package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastFloatTest {
  /** FastFloat's answer must be Float.parseFloat's to the bit, or UNUSUAL. */
  private static void same(String text) {
    byte[] bytes = (" " + text + "\t").getBytes(StandardCharsets.US_ASCII);
    float fast = FastFloat.parse(bytes, 1, bytes.length - 1);
    if (Float.isNaN(fast)) {
      return;
    }
    float expected = Float.parseFloat(text.trim());
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(fast),
        () -> "'" + text + "': expected " + expected + ", parsed " + fast);
  }

  @Test
  void commonFormsAreParsedExactly() {
    for (String s : new String[] {"0", "-0", "+0", "-0.0", "7", "007", "5.", ".5", "-.25",
        "16777216", "16777217", "123456789012345678", "0.1", "0.3", "3.14159", "16777.216",
        "1.0000001", "99999999.5", " 42 ", "0.0000000001", "9999999999.9"}) {
      same(s);
    }
  }

  @Test
  void integersAndShortDecimalsTakeTheFastPath() {
    byte[] b = "-1234,0.125,16777217".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-1234f, FastFloat.parse(b, 0, 5));
    assertEquals(0.125f, FastFloat.parse(b, 6, 11));
    assertEquals(16777216f, FastFloat.parse(b, 12, b.length));
  }

  @Test
  void unusualFormsAreLeftToParseFloat() {
    for (String s : new String[] {"", " ", "-", ".", "+.", "1e5", "1E-3", "NaN", "Infinity",
        "0x1p3", "1f", "2d", "1_000", "1,5", "1.2.3", "--1", "3.14159265358979",
        "1234567890123456789", "0.00000000001"}) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      assertTrue(Float.isNaN(FastFloat.parse(b, 0, b.length)), s);
    }
  }

  @Test
  void randomDecimalsMatchParseFloatBitForBit() {
    Random random = new Random(15);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder(random.nextBoolean() ? "-" : "");
      s.append(random.nextInt(1 + random.nextInt(100_000_000)));
      if (random.nextBoolean()) {
        s.append('.');
        int digits = random.nextInt(11);
        for (int d = 0; d < digits; d++) {
          s.append((char) ('0' + random.nextInt(10)));
        }
      }
      same(s.toString());
    }
  }
}
