package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Padding;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras' window arithmetic against values worked out by hand and against
 * {@link NaiveConvolutions}' enumeration of window positions, which shares no code with it.
 */
class ShapeMathTest {

  /**
   * (length, kernel, stride, VALID output, SAME output, SAME padding before), worked out by
   * hand: VALID fits {@code floor((n - k) / s) + 1} windows, SAME {@code ceil(n / s)} with
   * {@code max((out - 1) s + k - n, 0)} padding, the smaller half before.
   */
  static Stream<Arguments> keras() {
    return Stream.of(
        Arguments.of(28, 3, 1, 26, 28, 1),
        Arguments.of(28, 10, 1, 19, 28, 4),
        Arguments.of(28, 3, 2, 13, 14, 0),
        Arguments.of(28, 2, 2, 14, 14, 0),
        Arguments.of(10, 5, 5, 2, 2, 0),
        Arguments.of(13, 2, 3, 4, 5, 0),
        Arguments.of(7, 4, 2, 2, 4, 1),
        Arguments.of(6, 2, 2, 3, 3, 0),
        Arguments.of(5, 2, 2, 2, 3, 0),
        Arguments.of(7, 3, 2, 3, 4, 1),
        Arguments.of(8, 4, 3, 2, 3, 1),
        Arguments.of(9, 5, 2, 3, 5, 2),
        Arguments.of(6, 4, 1, 3, 6, 1),
        Arguments.of(4, 4, 1, 1, 4, 1),
        Arguments.of(1, 1, 1, 1, 1, 0),
        Arguments.of(1, 3, 1, 0, 1, 1),
        Arguments.of(8, 10, 1, 0, 8, 4),
        Arguments.of(3, 5, 2, 0, 2, 2),
        Arguments.of(11, 4, 3, 3, 4, 1),
        Arguments.of(12, 3, 5, 2, 3, 0),
        Arguments.of(12, 6, 5, 2, 3, 2),
        Arguments.of(10, 2, 4, 3, 3, 0),
        Arguments.of(2, 1, 3, 1, 1, 0));
  }

  @ParameterizedTest
  @MethodSource("keras")
  void lengthsAndPaddingFollowKeras(int n, int k, int s, int valid, int same, int before) {
    assertEquals(valid, ShapeMath.outputLength(n, k, s, Padding.VALID), "VALID");
    assertEquals(same, ShapeMath.outputLength(n, k, s, Padding.SAME), "SAME");
    assertEquals(before, ShapeMath.paddingBefore(n, k, s, Padding.SAME), "SAME padding before");
    assertEquals(0, ShapeMath.paddingBefore(n, k, s, Padding.VALID), "VALID pads nothing");
    // the enumeration agrees with the hand-worked table, so it can stand in for it below
    assertEquals(valid, NaiveConvolutions.outputLength(n, k, s, Padding.VALID));
    assertEquals(same, NaiveConvolutions.outputLength(n, k, s, Padding.SAME));
    assertEquals(before, NaiveConvolutions.paddingBefore(n, k, s, Padding.SAME));
  }

  /** Every length, kernel and stride up to 40, 12 and 7 against the enumeration. */
  @Test
  void everySmallCaseMatchesTheEnumeration() {
    int cases = 0;
    for (int n = 1; n <= 40; n++) {
      for (int k = 1; k <= 12; k++) {
        for (int s = 1; s <= 7; s++) {
          for (Padding padding : Padding.values()) {
            String at = padding + " n=" + n + " k=" + k + " s=" + s;
            int out = ShapeMath.outputLength(n, k, s, padding);
            int before = ShapeMath.paddingBefore(n, k, s, padding);
            assertEquals(NaiveConvolutions.outputLength(n, k, s, padding), out, at);
            assertEquals(NaiveConvolutions.paddingBefore(n, k, s, padding), before, at);
            // SAME: the padding after is the larger half, and the last window still overlaps
            if (padding == Padding.SAME) {
              int after = Math.max((out - 1) * s + k - n, 0) - before;
              assertTrue(after == before || after == before + 1, at);
              assertTrue((out - 1) * s - before < n, at);
            }
            cases++;
          }
        }
      }
    }
    assertEquals(40 * 12 * 7 * 2, cases);
  }

  @Test
  void nonPositiveSizesAreRefused() {
    for (int[] sizes : new int[][] {{0, 3, 1}, {-1, 3, 1}, {5, 0, 1}, {5, -2, 1}, {5, 3, 0},
        {5, 3, -1}}) {
      for (Padding padding : Padding.values()) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ShapeMath.outputLength(sizes[0], sizes[1], sizes[2], padding));
        assertEquals("sizes must be positive: length " + sizes[0] + ", kernel " + sizes[1]
            + ", stride " + sizes[2], e.getMessage());
      }
      assertThrows(IllegalArgumentException.class,
          () -> ShapeMath.paddingBefore(sizes[0], sizes[1], sizes[2], Padding.SAME));
    }
  }
}
