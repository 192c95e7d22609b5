package dev.dendrite.train;

import dev.dendrite.runtime.Rng;
import java.util.Locale;

/**
 * How each epoch orders the training samples, drawn from the shuffling generator alone, so that
 * the order is a function of the seed, the epoch and the number of samples.
 *
 * <p>{@link #FULL} shuffles the previous epoch's order (Fisher-Yates over all samples).
 * {@link #BLOCKS}, for samples read from a memory-mapped cache, keeps reads local: it cuts the
 * samples into blocks of {@value #BLOCK} consecutive rows, permutes the blocks, then shuffles
 * the rows within each window of {@value #WINDOW} consecutive blocks of that permutation. Every
 * sample is still seen once per epoch, but two samples more than a window apart in the file never
 * share a window, so a batch mixes at most {@value #WINDOW} blocks of the file.
 */
enum EpochOrder {
  FULL,
  BLOCKS;

  /** Rows per block. */
  static final int BLOCK = 1024;
  /** Blocks per window whose rows are shuffled together. */
  static final int WINDOW = 64;

  /** {@code --shuffle}'s values: {@code full} and {@code blocks}. */
  static final class Flag implements picocli.CommandLine.ITypeConverter<EpochOrder> {
    @Override
    public EpochOrder convert(String value) {
      for (EpochOrder order : values()) {
        if (order.flag().equals(value)) {
          return order;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("expected full or blocks. "
          + "Received: '" + value + "'");
    }
  }

  /** The flag value naming this order. */
  String flag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Draws the next epoch's order into {@code order} (holding each sample index once). */
  void next(Rng rng, int[] order) {
    if (this == FULL) {
      rng.shuffle(order);
      return;
    }
    int n = order.length;
    int blocks = (n + BLOCK - 1) / BLOCK;
    int[] permutation = new int[blocks];
    for (int b = 0; b < blocks; b++) {
      permutation[b] = b;
    }
    rng.shuffle(permutation);
    int at = 0;
    for (int window = 0; window < blocks; window += WINDOW) {
      int from = at;
      for (int k = window; k < Math.min(blocks, window + WINDOW); k++) {
        int first = permutation[k] * BLOCK;
        for (int row = first; row < Math.min(n, first + BLOCK); row++) {
          order[at++] = row;
        }
      }
      shuffle(rng, order, from, at);
    }
  }

  /** Fisher-Yates over {@code values[from, to)}, as {@link Rng#shuffle} over a whole array. */
  private static void shuffle(Rng rng, int[] values, int from, int to) {
    for (int i = to - 1; i > from; i--) {
      int j = from + rng.nextInt(i - from + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
