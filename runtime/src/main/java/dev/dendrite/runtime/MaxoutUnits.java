package dev.dendrite.runtime;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The max step of a maxout layer, called by generated code after {@link Kernels#dense}: each
 * unit is the largest of its {@code pieces} consecutive pre-activations, {@code out[s, u] =
 * max_k z[s, u * pieces + k]}. Arrays are dense, row-major, float or double.
 */
public final class MaxoutUnits {
  private MaxoutUnits() {}

  /** {@code out [n, units] = max over each group of pieces of z [n, units * pieces]}. */
  public static void max(INDArray z, INDArray out, int pieces) {
    long groups = groups(z, out, pieces);
    if (Floats.all(z, out)) {
      FloatBuffer in = Floats.of(z);
      FloatBuffer o = Floats.of(out);
      for (int g = 0; g < groups; g++) {
        o.put(g, in.get(g * pieces + winner(in, g * pieces, pieces)));
      }
      return;
    }
    DataBuffer in = z.data();
    DataBuffer o = out.data();
    for (long g = 0; g < groups; g++) {
      o.put(g, in.getDouble(g * pieces + winner(in, g * pieces, pieces)));
    }
  }

  /**
   * Routes {@code dOut [n, units]} to the piece that won each group in {@code z} (the first,
   * on a tie): {@code dZ} is {@code dOut} there and zero elsewhere.
   */
  public static void maxBackward(INDArray z, INDArray dOut, INDArray dZ, int pieces) {
    long groups = groups(z, dOut, pieces);
    if (dZ.length() != z.length()) {
      throw new IllegalArgumentException("maxout gradient " + java.util.Arrays.toString(dZ.shape())
          + " does not match its pre-activations " + java.util.Arrays.toString(z.shape()));
    }
    if (Floats.all(z, dOut, dZ)) {
      FloatBuffer in = Floats.of(z);
      FloatBuffer g = Floats.of(dOut);
      FloatBuffer d = Floats.of(dZ);
      for (int u = 0; u < groups; u++) {
        int base = u * pieces;
        int won = winner(in, base, pieces);
        for (int k = 0; k < pieces; k++) {
          d.put(base + k, k == won ? g.get(u) : 0f);
        }
      }
      return;
    }
    DataBuffer in = z.data();
    DataBuffer g = dOut.data();
    DataBuffer d = dZ.data();
    for (long u = 0; u < groups; u++) {
      long base = u * pieces;
      int won = winner(in, base, pieces);
      for (int k = 0; k < pieces; k++) {
        d.put(base + k, k == won ? g.getDouble(u) : 0);
      }
    }
  }

  /** The number of (sample, unit) groups, after checking that the shapes agree. */
  private static long groups(INDArray z, INDArray out, int pieces) {
    if (pieces < 1 || z.length() != out.length() * pieces) {
      throw new IllegalArgumentException("maxout of " + pieces + " pieces cannot take "
          + java.util.Arrays.toString(z.shape()) + " to " + java.util.Arrays.toString(out.shape()));
    }
    return out.length();
  }

  private static int winner(FloatBuffer z, int base, int pieces) {
    int best = 0;
    for (int k = 1; k < pieces; k++) {
      if (z.get(base + k) > z.get(base + best)) {
        best = k;
      }
    }
    return best;
  }

  private static int winner(DataBuffer z, long base, int pieces) {
    int best = 0;
    for (int k = 1; k < pieces; k++) {
      if (z.getDouble(base + k) > z.getDouble(base + best)) {
        best = k;
      }
    }
    return best;
  }
}
