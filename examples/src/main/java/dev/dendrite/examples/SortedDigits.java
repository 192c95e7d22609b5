package dev.dendrite.examples;

import dev.dendrite.runtime.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A sequence task whose answer depends on order alone: is a sequence of {@link #LENGTH} digit
 * tokens (ids 0 to 9) sorted ascending (each token at least the one before)? Rows come in pairs
 * from one multiset of 12 uniform digits: the digits sorted (label 1) and the same digits out of
 * order (label 0), half of the time a full shuffle and half of the time the sorted digits with two
 * unequal ones swapped (one inversion among sorted neighbours, the hard case). Both classes hold
 * the same multisets, so a bag of tokens, their counts or their mean embedding, carries no
 * information: {@link SortedDigitsBaseline} stays at chance where {@link SortedDigitsGru} learns.
 *
 * <p>{@code main [DIR]} writes {@code sorted-digits-train.csv} (12,000 rows, seed 1) and
 * {@code sorted-digits-test.csv} (2,000 rows, seed 2) to DIR (default {@code data/sequences}):
 * the files the repository ships.
 */
public final class SortedDigits {
  /** Tokens per sequence. */
  public static final int LENGTH = 12;
  /** Distinct tokens: the digits 0 to 9. */
  public static final int TOKENS = 10;

  private SortedDigits() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "data/sequences");
    Path train = dir.resolve("sorted-digits-train.csv");
    Path test = dir.resolve("sorted-digits-test.csv");
    write(train, 12_000, 1);
    write(test, 2_000, 2);
    System.out.println("wrote " + train + " and " + test);
  }

  /**
   * Writes {@code count} rows (an even number: pairs of a sorted sequence and its unsorted twin,
   * the rows then shuffled) with a header {@code t0,...,t11,sorted}.
   */
  public static void write(Path file, int count, long seed) {
    if (count % 2 != 0) {
      throw new IllegalArgumentException("rows come in pairs: count must be even, not " + count);
    }
    Rng rng = new Rng(seed);
    int[][] rows = new int[count][];
    for (int i = 0; i < count; i += 2) {
      int[] sorted;
      do { // one digit repeated has no unsorted order (10 in 10^12 draws)
        sorted = digits(rng);
        Arrays.sort(sorted);
      } while (sorted[0] == sorted[LENGTH - 1]);
      rows[i] = withLabel(sorted, 1);
      rows[i + 1] = withLabel(unsorted(sorted, rng), 0);
    }
    int[] order = new int[count];
    Arrays.setAll(order, i -> i);
    rng.shuffle(order);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer out = Files.newBufferedWriter(file)) {
        StringBuilder header = new StringBuilder();
        for (int t = 0; t < LENGTH; t++) {
          header.append('t').append(t).append(',');
        }
        out.write(header.append("sorted\n").toString());
        for (int i : order) {
          StringBuilder row = new StringBuilder();
          for (int t = 0; t <= LENGTH; t++) {
            row.append(t == 0 ? "" : ",").append(rows[i][t]);
          }
          out.write(row.append('\n').toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #LENGTH} uniform digits. */
  static int[] digits(Rng rng) {
    int[] digits = new int[LENGTH];
    for (int t = 0; t < LENGTH; t++) {
      digits[t] = rng.nextInt(TOKENS);
    }
    return digits;
  }

  /**
   * The digits of {@code sorted}, at least two of them unequal, in an order that is not sorted:
   * a shuffle, or two unequal digits swapped.
   */
  static int[] unsorted(int[] sorted, Rng rng) {
    int[] out = sorted.clone();
    if (rng.nextInt(2) == 0) {
      do {
        rng.shuffle(out);
      } while (isSorted(out));
      return out;
    }
    int a;
    int b;
    do {
      a = rng.nextInt(LENGTH);
      b = rng.nextInt(LENGTH);
    } while (out[a] == out[b]);
    int swap = out[a];
    out[a] = out[b];
    out[b] = swap;
    return out;
  }

  static boolean isSorted(int[] digits) {
    for (int t = 1; t < digits.length; t++) {
      if (digits[t] < digits[t - 1]) {
        return false;
      }
    }
    return true;
  }

  private static int[] withLabel(int[] digits, int label) {
    int[] row = Arrays.copyOf(digits, LENGTH + 1);
    row[LENGTH] = label;
    return row;
  }
}
