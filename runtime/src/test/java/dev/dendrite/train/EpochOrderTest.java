package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.runtime.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EpochOrderTest {
  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  @Test
  void blocksVisitEverySampleOnceAndDependOnlyOnTheGenerator() {
    int n = 300_001;
    Rng a = new Rng(9);
    Rng b = new Rng(9);
    int[] first = identity(n);
    int[] second = new int[n];
    EpochOrder.BLOCKS.next(a, first);
    EpochOrder.BLOCKS.next(b, second);
    assertArrayEquals(first, second, "the order is a function of the generator's state only");
    assertEquals(a.state(), b.state());
    int[] sorted = first.clone();
    Arrays.sort(sorted);
    assertArrayEquals(identity(n), sorted);
    assertFalse(Arrays.equals(identity(n), first));
    int[] next = first.clone();
    EpochOrder.BLOCKS.next(a, next);
    assertFalse(Arrays.equals(first, next), "each epoch draws a new order");
  }

  @Test
  void aWindowHoldsWholeBlocksOnly() {
    int n = 200_000;
    int[] order = new int[n];
    EpochOrder.BLOCKS.next(new Rng(4), order);
    // a cut where every block seen so far is whole: rows never mix across it
    int[] seen = new int[(n + EpochOrder.BLOCK - 1) / EpochOrder.BLOCK];
    int open = 0;
    int blocksSinceCut = 0;
    int cuts = 0;
    for (int p = 0; p < n; p++) {
      int block = order[p] / EpochOrder.BLOCK;
      int size = Math.min(n, (block + 1) * EpochOrder.BLOCK) - block * EpochOrder.BLOCK;
      if (seen[block]++ == 0) {
        open++;
        blocksSinceCut++;
      }
      if (seen[block] == size) {
        open--;
      }
      if (open == 0) {
        assertTrue(blocksSinceCut <= EpochOrder.WINDOW, "rows mixed across more than a window");
        blocksSinceCut = 0;
        cuts++;
      }
    }
    assertTrue(cuts >= n / (EpochOrder.WINDOW * EpochOrder.BLOCK), "cuts: " + cuts);
  }

  @Test
  void fullIsTheGeneratorsShuffleOfThePreviousOrder() {
    int[] order = identity(1000);
    int[] expected = identity(1000);
    EpochOrder.FULL.next(new Rng(5), order);
    new Rng(5).shuffle(expected);
    assertArrayEquals(expected, order);
  }

  @Test
  void flagNamesTheOrders() {
    assertEquals(EpochOrder.BLOCKS, new EpochOrder.Flag().convert("blocks"));
    assertEquals(EpochOrder.FULL, new EpochOrder.Flag().convert("full"));
    assertNotEquals(null, assertThrowsMessage("Blocks"));
  }

  private static String assertThrowsMessage(String value) {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(
        picocli.CommandLine.TypeConversionException.class,
        () -> new EpochOrder.Flag().convert(value));
    assertEquals("expected full or blocks. Received: 'Blocks'", e.getMessage());
    return e.getMessage();
  }
}
