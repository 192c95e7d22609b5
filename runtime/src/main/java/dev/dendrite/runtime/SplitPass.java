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
  /** Elements from which a pass is shared; measured on 2 cores (README, "Performance"). */
  static final int SPLIT_ELEMENTS = 1 << 16;

  /**
   * {@code -Ddendrite.split=false} runs every pass on the calling thread alone, for A/B
   * measurements in one JVM (read per pass, so that it can be flipped between steps).
   */
  static final String SWITCH = "dendrite.split";

  private final AtomicInteger next = new AtomicInteger();
  private int n;
  private int grain;

  /** Computes elements {@code [from, to)}, {@code from} a multiple of the grain. */
  abstract void range(int from, int to);

  /**
   * Computes {@code [0, n)}, in chunks of {@code grain} elements (a multiple of 16, a 64-byte
   * cache line, where the pass's chunks may start anywhere) shared with the second thread when
   * that pays.
   */
  final void run(int n, int grain) {
    if (!shared(n) || n > Integer.MAX_VALUE - 2 * grain || !SecondThread.claim()) {
      range(0, n);
      return;
    }
    this.n = n;
    this.grain = grain;
    next.set(0);
    SecondThread.start(this);
    try {
      takeChunks();
    } finally {
      SecondThread.retractOrFinish();
    }
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

  /** Whether a pass over {@code n} elements is shared. */
  static boolean shared(int n) {
    return n >= SPLIT_ELEMENTS && !"false".equals(System.getProperty(SWITCH));
  }
}
