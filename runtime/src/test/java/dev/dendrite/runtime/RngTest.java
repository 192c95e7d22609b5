package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void sameSeedSameSequence() {
    Rng a = new Rng(42);
    Rng b = new Rng(42);
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
    assertEquals(a.nextDouble(), b.nextDouble());
    assertEquals(a.nextInt(17), b.nextInt(17));
  }

  @Test
  void differentSeedsDiffer() {
    long[] a = new long[8];
    long[] b = new long[8];
    Rng x = new Rng(1);
    Rng y = new Rng(2);
    for (int i = 0; i < 8; i++) {
      a[i] = x.nextLong();
      b[i] = y.nextLong();
    }
    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
  }

  @Test
  void knownSplitMix64Output() {
    // SplitMix64 reference: the first outputs for seed 0
    Rng rng = new Rng(0);
    assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
    assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
  }

  @Test
  void stateRoundTripContinuesSequence() {
    Rng rng = new Rng(7);
    for (int i = 0; i < 10; i++) {
      rng.nextLong();
    }
    Rng copy = new Rng(rng.state());
    for (int i = 0; i < 100; i++) {
      assertEquals(rng.nextLong(), copy.nextLong());
    }
    assertEquals(rng.state(), copy.state());
  }

  @Test
  void nextIntWithinBounds() {
    Rng rng = new Rng(3);
    int[] counts = new int[5];
    for (int i = 0; i < 10_000; i++) {
      int v = rng.nextInt(5);
      assertTrue(v >= 0 && v < 5, "in [0, 5): " + v);
      counts[v]++;
    }
    for (int c : counts) {
      assertTrue(c > 1700 && c < 2300, "roughly uniform: " + Arrays.toString(counts));
    }
    for (int i = 0; i < 100; i++) {
      assertEquals(0, rng.nextInt(1));
      int big = rng.nextInt(Integer.MAX_VALUE);
      assertTrue(big >= 0 && big < Integer.MAX_VALUE);
    }
  }

  @Test
  void nextIntRejectsNonPositiveBound() {
    Rng rng = new Rng(3);
    assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    assertThrows(IllegalArgumentException.class, () -> rng.nextInt(-4));
  }

  @Test
  void nextDoubleInUnitInterval() {
    Rng rng = new Rng(11);
    double sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double d = rng.nextDouble();
      assertTrue(d >= 0 && d < 1, "in [0, 1): " + d);
      sum += d;
    }
    assertEquals(0.5, sum / n, 0.01);
  }

  @Test
  void shuffleIsPermutation() {
    int[] values = new int[100];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    int[] original = values.clone();
    new Rng(5).shuffle(values);
    assertNotEquals(Arrays.toString(original), Arrays.toString(values));
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    assertArrayEquals(original, sorted);

    int[] again = original.clone();
    new Rng(5).shuffle(again);
    assertArrayEquals(values, again, "same seed, same permutation");
  }

  @Test
  void shuffleOfTinyArrays() {
    int[] empty = {};
    new Rng(1).shuffle(empty);
    int[] one = {9};
    new Rng(1).shuffle(one);
    assertArrayEquals(new int[] {9}, one);
  }

  @Test
  void shuffleDrawsOncePerSwap() {
    int[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    Rng rng = new Rng(3);
    rng.shuffle(values);
    Rng expected = new Rng(3);
    for (int i = values.length - 1; i > 0; i--) {
      expected.nextInt(i + 1);
    }
    assertEquals(expected.state(), rng.state());
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
  }
}
