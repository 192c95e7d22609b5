package dev.dendrite.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An element-wise pass over {@code [0, n)} shared with {@link SecondThread} when {@code n} is
 * large and the thread is free: both threads take the next chunk of {@link #grain} elements
 * until none is left, so the caller does all of it while the parked thread wakes (tens of
 * microseconds here) and either thread carries more when the other's core is busy. Each element
 * is computed by the same code either way, so the results are bit for bit those of one thread.
 * A subclass holds its operands in fields, is made once per thread and set before each {@link
 * #run(int, int)}, so that a hand-off makes no object.
 */
abstract class SplitPass implements Runnable {
  /**
   * Elements from which a pass with a square root, a division or a hash per element is shared.
   * Measured alone on 2 cores, the second free: Adam over 65,536 floats 1.17x faster, from
   * 262,144 1.45-1.5x; dropout masks 1.4-1.7x.
   */
  static final int COMPUTING = 1 << 16;
  /**
   * Elements from which a pass of a few operations per element, bound by memory, is shared: the
   * ReLU gradient over 65,536-131,072 floats lost (0.79-0.95x) to the hand-off; from 262,144 it,
   * products and bias gained 1.2-1.6x (two cores stream little more than one core's bytes).
   */
  static final int STREAMING = 1 << 18;

  /**
   * {@code -Ddendrite.split=true|false} turns sharing on or off; unset, it is on where the
   * machine has exactly two cores ({@link #sharing()}). Alone, with OpenBLAS's worker holding the
   * second core after each product, shared passes made whole steps no faster (M1 62.6k and 60.7k
   * samples/s shared against 67.2k and 66.6k); with the products shared too ({@link
   * Blas.SharedProduct}) and the second thread spinning briefly between tasks, M1 trained 1.12-
   * 1.23x faster (medians of 10 alternating rounds in one JVM, quiet) and M2-M6 as fast or
   * faster. Read per pass, so that A/B measurements can flip it between steps in one JVM.
   */
  static final String SWITCH = "dendrite.split";

  /**
   * A wait for the second thread's last chunk longer than this beyond twice the caller's longest
   * chunk (a chunk of an element-wise pass takes microseconds, a block of a product up to a
   * millisecond) means the thread was descheduled: another process wants the cores. Judged by
   * the wait alone, blocks of 1000x784x300 products (about 0.7 ms each) sent every product to
   * the caller alone: 2.6 ms against 1.6 on OpenBLAS.
   */
  private static final long LATE_NANOS = 50_000;
  /**
   * How long passes run on the caller alone after the second thread was late. A time, not a
   * count of passes: counted by the shared passes themselves, a back-off during training outlived
   * it in a process that then only predicted one sample at a time (no pass large enough to count
   * it down), and kept one sample's convolutions off the second thread for good.
   */
  private static final long BACK_OFF_NANOS = 10_000_000;
  /** Whether a back-off began, and when it ends; hints that racing callers may both write. */
  private static volatile boolean backingOff;
  private static volatile long backOffEnd;

  private final int minimum;
  private final AtomicInteger next = new AtomicInteger();
  private int n;
  private int grain;

  /** A pass shared from {@code minimum} elements: {@link #COMPUTING} or {@link #STREAMING}. */
  SplitPass(int minimum) {
    this.minimum = minimum;
  }

  /** Computes elements {@code [from, to)}, {@code from} a multiple of the grain. */
  abstract void range(int from, int to);

  /**
   * Computes {@code [0, n)}, in chunks of {@code grain} elements (a multiple of 16, a 64-byte
   * cache line, where the pass's chunks may start anywhere) shared with the second thread when
   * that pays.
   */
  final void run(int n, int grain) {
    if (n < minimum || !sharing() || n > Integer.MAX_VALUE - 2 * grain || backingOff()
        || !SecondThread.claim()) {
      range(0, n);
      return;
    }
    this.n = n;
    this.grain = grain;
    next.set(0);
    SecondThread.start(this);
    long waitFrom = 0;
    long longestChunk = 0;
    try {
      int from;
      while ((from = next.getAndAdd(grain)) < n) {
        long chunkFrom = System.nanoTime();
        range(from, Math.min(from + grain, n));
        longestChunk = Math.max(longestChunk, System.nanoTime() - chunkFrom);
      }
      waitFrom = System.nanoTime();
    } finally {
      SecondThread.retractOrFinish();
    }
    // the second thread's last chunk may have begun just before the caller's last one ended
    if (System.nanoTime() - waitFrom > LATE_NANOS + 2 * longestChunk) {
      backOff();
    }
  }

  /** Whether shared work runs on the caller alone for now: the second thread came late. */
  static boolean backingOff() {
    if (!backingOff) {
      return false;
    }
    if (System.nanoTime() - backOffEnd < 0) {
      return true;
    }
    backingOff = false;
    return false;
  }

  /** Sends shared work to the caller alone for {@link #BACK_OFF_NANOS}. */
  private static void backOff() {
    backOffEnd = System.nanoTime() + BACK_OFF_NANOS;
    backingOff = true;
  }

  /** Ends a back-off now (for tests). */
  static void clearBackOff() {
    backingOff = false;
  }

  /** The second thread's part. */
  @Override
  public final void run() {
    takeChunks();
  }

  private void takeChunks() {
    int from;
    while ((from = next.getAndAdd(grain)) < n) {
      range(from, Math.min(from + grain, n));
    }
  }

  /**
   * Whether passes and products are shared: {@link #SWITCH} when it is set, else on a machine of
   * exactly two cores (with more, the libraries' own pools use them all).
   */
  static boolean sharing() {
    String setting = System.getProperty(SWITCH);
    return setting == null ? TWO_CORES : "true".equals(setting);
  }

  private static final boolean TWO_CORES = Runtime.getRuntime().availableProcessors() == 2;
}
