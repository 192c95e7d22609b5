package dev.dendrite.runtime;

/**
 * A small, fast, seedable random generator (SplitMix64) whose whole state is one {@code long},
 * so that runs are reproducible and the state can be saved and restored.
 */
public final class Rng {
  /** The step SplitMix64 adds to its state per draw. */
  static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** The current state; {@code new Rng(state())} continues the same sequence. */
  public long state() {
    return state;
  }

  public long nextLong() {
    return mix(state += GAMMA);
  }

  /**
   * Skips {@code draws} draws and returns the state before them: draw i (from 1) of those is
   * {@code mix(returned + i * GAMMA)}, so callers can compute them in any order.
   */
  long skip(int draws) {
    long before = state;
    state += draws * GAMMA;
    return before;
  }

  /** SplitMix64's output function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) ((nextLong() >>> 33) * bound >>> 31);
  }

  /** Shuffles {@code values} in place (Fisher-Yates). */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
