package dev.dendrite.runtime;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Element-wise loops over float arrays in native memory, run a chunk at a time on small heap
 * arrays: each chunk is copied in, computed where HotSpot vectorizes the loop, and copied out
 * while it is still in L1. Java 17's C2 vectorizes loops over heap arrays with AVX-512 but not
 * loops over direct buffers: Adam's update of 266,610 floats took 615 µs through FloatBuffers
 * and 75 µs on arrays here, a ReLU 0.07 against about 1 ns per element. The copies cost about
 * what a direct loop's loads and stores would, so memory traffic stays the same.
 *
 * <p>A large pass can be shared with {@link SecondThread} (see {@link SplitPass}, off unless
 * {@code -Ddendrite.split=true}): each pass's operands sit in a {@link SplitPass} made once per
 * thread. Column sums, a reduction, and the ReLU stay on the calling thread.
 */
final class FloatLoops {
  /** Elements per chunk: four chunks of operands fit in L1 beside the loop's code and stack. */
  static final int CHUNK = 2048;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** One thread's chunk arrays, allocated once per thread. */
  private static final class Scratch {
    final float[] a = new float[CHUNK];
    final float[] b = new float[CHUNK];
    final float[] c = new float[CHUNK];
    final float[] d = new float[CHUNK];
    final int[] ia = new int[CHUNK];
    final int[] ib = new int[CHUNK];
    final long[] bits = new long[CHUNK];
    final ReluBackward reluBackward = new ReluBackward();
    final Multiply multiply = new Multiply();
    final DropoutMask dropoutMask = new DropoutMask();
    final AddRowVector addRowVector = new AddRowVector();
    final Adam adam = new Adam();
    final RmsProp rmsProp = new RmsProp();
    final Sgd sgd = new Sgd();
  }

  private static final int POSITIVE_INFINITY_BITS =
      Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

  private FloatLoops() {}

  private static final float[] ZEROS = new float[CHUNK];

  /** Sets {@code length} elements from {@code at} to zero. */
  static void zero(FloatBuffer buffer, int at, int length) {
    for (int done = 0; done < length; done += CHUNK) {
      buffer.put(at + done, ZEROS, 0, Math.min(CHUNK, length - done));
    }
  }

  /**
   * {@code a = max(z, 0)}, on the calling thread alone: shared with the second thread it gained
   * 0.99-1.12x over 0.26-2.8 million floats, as one core nearly saturates memory with it.
   */
  static void relu(FloatBuffer z, FloatBuffer a, int n) {
    float[] x = SCRATCH.get().a;
    for (int from = 0; from < n; from += CHUNK) {
      int len = Math.min(CHUNK, n - from);
      z.get(from, x, 0, len);
      for (int i = 0; i < len; i++) {
        x[i] = Math.max(x[i], 0f);
      }
      a.put(from, x, 0, len);
    }
  }

  /**
   * {@code dZ = z > 0 ? dA : 0}, computed on the floats' bit patterns ({@code z > 0} exactly when
   * its bits, as an int, lie in [1, bits of +infinity]) so that it vectorizes: a float select
   * compiles to a branch, mispredicted on half of the elements (0.72 against 0.06 ns per element
   * here). {@code z} may be ReLU's output instead, positive at the same places. {@code dA} and
   * {@code dZ} may be the same buffer. The mask and the product are two loops of one store
   * each: C2 vectorized the single loop storing into {@code g} poorly here (2.6-2.9 against
   * 1.6-1.7 ms over M5's 2.77 million first-layer values).
   */
  static void reluBackward(IntBuffer z, IntBuffer dA, IntBuffer dZ, int n) {
    ReluBackward pass = SCRATCH.get().reluBackward;
    pass.z = z;
    pass.dA = dA;
    pass.dZ = dZ;
    pass.run(n, CHUNK);
  }

  private static final class ReluBackward extends SplitPass {
    IntBuffer z;
    IntBuffer dA;
    IntBuffer dZ;

    ReluBackward() {
      super(STREAMING);
    }

    @Override
    void range(int start, int end) {
      Scratch s = SCRATCH.get();
      int[] x = s.ia;
      int[] g = s.ib;
      for (int from = start; from < end; from += CHUNK) {
        int len = Math.min(CHUNK, end - from);
        z.get(from, x, 0, len);
        dA.get(from, g, 0, len);
        for (int i = 0; i < len; i++) {
          int c = x[i] - 1;
          // all ones when 0 <= c < 0x7f800000 (both signs tested at once), else zero
          x[i] = ((c - POSITIVE_INFINITY_BITS) & ~c) >> 31;
        }
        for (int i = 0; i < len; i++) {
          g[i] &= x[i];
        }
        dZ.put(from, g, 0, len);
      }
    }
  }

  /** {@code out = x * y}, element-wise; {@code out} may be either operand. */
  static void multiply(FloatBuffer x, FloatBuffer y, FloatBuffer out, int n) {
    Multiply pass = SCRATCH.get().multiply;
    pass.x = x;
    pass.y = y;
    pass.out = out;
    pass.run(n, CHUNK);
  }

  private static final class Multiply extends SplitPass {
    FloatBuffer x;
    FloatBuffer y;
    FloatBuffer out;

    Multiply() {
      super(STREAMING);
    }

    @Override
    void range(int start, int end) {
      Scratch s = SCRATCH.get();
      float[] a = s.a;
      float[] b = s.b;
      for (int from = start; from < end; from += CHUNK) {
        int len = Math.min(CHUNK, end - from);
        x.get(from, a, 0, len);
        y.get(from, b, 0, len);
        for (int i = 0; i < len; i++) {
          a[i] *= b[i];
        }
        out.put(from, a, 0, len);
      }
    }
  }

  /**
   * An inverted-dropout mask drawn from {@code rng}: entry i is 0 where the i-th draw of
   * {@link Rng#nextDouble()} is below {@code rate}, else {@code 1 / (1 - rate)}; the same values,
   * and the same state afterwards, as drawing one by one. SplitMix64's i-th output depends only
   * on {@code state + i * gamma}, so the draws are computed in independent lanes (and halves).
   */
  static void dropoutMask(IntBuffer mask, int n, double rate, Rng rng) {
    DropoutMask pass = SCRATCH.get().dropoutMask;
    pass.mask = mask;
    // nextDouble() < rate  <=>  (z >>> 11) * 2^-53 < rate  <=>  (z >>> 11) < ceil(rate * 2^53)
    pass.threshold = (long) Math.ceil(rate * 0x1p53);
    pass.keep = Float.floatToRawIntBits((float) (1 / (1 - rate)));
    pass.state = rng.skip(n);
    pass.run(n, CHUNK);
  }

  private static final class DropoutMask extends SplitPass {
    IntBuffer mask;
    long threshold;
    int keep;
    long state;

    DropoutMask() {
      super(COMPUTING);
    }

    @Override
    void range(int start, int end) {
      Scratch s = SCRATCH.get();
      long[] bits = s.bits;
      int[] m = s.ia;
      for (int from = start; from < end; from += CHUNK) {
        int len = Math.min(CHUNK, end - from);
        for (int i = 0; i < len; i++) {
          bits[i] = state + (from + i + 1L) * Rng.GAMMA;
        }
        for (int i = 0; i < len; i++) {
          // all ones where the draw is kept, zero where it is dropped
          bits[i] = ~(((Rng.mix(bits[i]) >>> 11) - threshold) >> 63);
        }
        for (int i = 0; i < len; i++) {
          m[i] = keep & (int) bits[i];
        }
        mask.put(from, m, 0, len);
      }
    }
  }

  /** Adds {@code bias} (length {@code cols}) to each of the {@code n / cols} rows of {@code out}. */
  static void addRowVector(FloatBuffer out, FloatBuffer bias, int n, int cols) {
    AddRowVector pass = SCRATCH.get().addRowVector;
    pass.out = out;
    pass.bias = bias;
    pass.cols = cols;
    pass.run(n, cols <= CHUNK ? CHUNK / cols * cols : cols);
  }

  /** Rows {@code [start / cols, end / cols)}: the chunks are whole rows. */
  private static final class AddRowVector extends SplitPass {
    FloatBuffer out;
    FloatBuffer bias;
    int cols;

    AddRowVector() {
      super(STREAMING);
    }

    @Override
    void range(int start, int end) {
      Scratch s = SCRATCH.get();
      float[] o = s.a;
      float[] b = s.b;
      if (cols <= CHUNK) {
        bias.get(0, b, 0, cols);
        int rowsPerChunk = CHUNK / cols;
        for (int from = start; from < end; from += rowsPerChunk * cols) {
          int len = Math.min(rowsPerChunk * cols, end - from);
          out.get(from, o, 0, len);
          for (int row = 0; row < len; row += cols) {
            for (int j = 0; j < cols; j++) {
              o[row + j] += b[j];
            }
          }
          out.put(from, o, 0, len);
        }
        return;
      }
      for (int first = 0; first < cols; first += CHUNK) {
        int len = Math.min(CHUNK, cols - first);
        bias.get(first, b, 0, len);
        for (int row = start; row < end; row += cols) {
          out.get(row + first, o, 0, len);
          for (int j = 0; j < len; j++) {
            o[j] += b[j];
          }
          out.put(row + first, o, 0, len);
        }
      }
    }
  }

  /**
   * {@code sums[j] = sum over rows of x[row, j]} for {@code x} of {@code n / cols} rows, added in
   * row order in float.
   */
  static void columnSums(FloatBuffer x, FloatBuffer sums, int n, int cols) {
    Scratch s = SCRATCH.get();
    float[] in = s.a;
    float[] acc = s.b;
    for (int start = 0; start < cols; start += CHUNK) {
      int width = Math.min(CHUNK, cols - start);
      java.util.Arrays.fill(acc, 0, width, 0f);
      if (cols <= CHUNK) {
        int rowsPerChunk = CHUNK / cols;
        for (int from = 0; from < n; from += rowsPerChunk * cols) {
          int len = Math.min(rowsPerChunk * cols, n - from);
          x.get(from, in, 0, len);
          for (int row = 0; row < len; row += cols) {
            for (int j = 0; j < cols; j++) {
              acc[j] += in[row + j];
            }
          }
        }
      } else {
        for (int row = 0; row < n; row += cols) {
          x.get(row + start, in, 0, width);
          for (int j = 0; j < width; j++) {
            acc[j] += in[j];
          }
        }
      }
      sums.put(start, acc, 0, width);
    }
  }

  /**
   * {@code x} rounded to a multiple of 2^-103 where it is below 2^-55 in magnitude, else exactly
   * {@code x}: adding and taking away {@link #FLUSH}, which no branch keeps from vectorizing (a
   * conditional flush made Adam 1.8x slower on normal values). An optimizer's moments and
   * velocities decay geometrically where a weight's gradient is 0 (a ReLU unit that never
   * fires); Java's floats having gradual underflow, they settled at the smallest subnormals for
   * good (0.9 times the least of them rounds back to it), and arithmetic on subnormals takes a
   * microcode assist per value. Rounded, such a state stops at 0 or at a few 2^-103s (k of them
   * where the decay of k rounds back to k), whose products with the optimizers' factors (down
   * to 1 - 0.999) stay normal too; a weight moves by less than 1e-27 for it. M1 trained on one
   * batch: a ninth of its Adam moments subnormal after 600 steps. Adam over 235,200 floats, a
   * third of the moments subnormal: 1,442 us unflushed, 281 flushed (normal values: 303
   * unflushed, 277 flushed).
   */
  static float flushed(float x) {
    return (x + FLUSH) - FLUSH;
  }

  /** 2^-80, whose unit in the last place is 2^-103. */
  static final float FLUSH = 0x1p-80f;

  /**
   * Keras' Adam (AdamW when {@code decay < 1}) in float, as Keras computes it: {@code m += (g -
   * m)(1 - b1); v += (g² - v)(1 - b2); p = p * decay - alpha m / (sqrt(v) + eps)}.
   */
  static void adam(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int n,
      float alpha, float decay, float oneMinusBeta1, float oneMinusBeta2, float epsilon) {
    Adam pass = SCRATCH.get().adam;
    pass.p = p;
    pass.g = g;
    pass.m = m;
    pass.v = v;
    pass.alpha = alpha;
    pass.decay = decay;
    pass.oneMinusBeta1 = oneMinusBeta1;
    pass.oneMinusBeta2 = oneMinusBeta2;
    pass.epsilon = epsilon;
    pass.run(n, CHUNK);
  }

  private static final class Adam extends SplitPass {
    FloatBuffer p;
    FloatBuffer g;
    FloatBuffer m;
    FloatBuffer v;
    float alpha;
    float decay;
    float oneMinusBeta1;
    float oneMinusBeta2;
    float epsilon;

    Adam() {
      super(COMPUTING);
    }

    @Override
    void range(int start, int end) {
      Scratch s = SCRATCH.get();
      float[] pa = s.a;
      float[] ga = s.b;
      float[] ma = s.c;
      float[] va = s.d;
      for (int from = start; from < end; from += CHUNK) {
        int len = Math.min(CHUNK, end - from);
        p.get(from, pa, 0, len);
        g.get(from, ga, 0, len);
        m.get(from, ma, 0, len);
        v.get(from, va, 0, len);
        for (int i = 0; i < len; i++) {
          float gi = ga[i];
          float mi = flushed(ma[i] + (gi - ma[i]) * oneMinusBeta1);
          float vi = flushed(va[i] + (gi * gi - va[i]) * oneMinusBeta2);
          ma[i] = mi;
          va[i] = vi;
          pa[i] = pa[i] * decay - alpha * mi / ((float) Math.sqrt(vi) + epsilon);
        }
        p.put(from, pa, 0, len);
        m.put(from, ma, 0, len);
        v.put(from, va, 0, len);
      }
    }
  }

  /**
   * Keras' RMSprop in float: {@code v = rho v + (1 - rho) g²; step = lr g / sqrt(v + eps)}, plus
   * {@code momentum * previous step} (kept in {@code mom}) when momentum is not 0; {@code p -=
   * step}.
   */
  static void rmsProp(FloatBuffer p, FloatBuffer g, FloatBuffer mom, FloatBuffer v, int n,
      float lr, float rho, float momentum, float epsilon) {
    RmsProp pass = SCRATCH.get().rmsProp;
    pass.p = p;
    pass.g = g;
    pass.mom = mom;
    pass.v = v;
    pass.lr = lr;
    pass.rho = rho;
    pass.momentum = momentum;
    pass.epsilon = epsilon;
    pass.run(n, CHUNK);
  }

  private static final class RmsProp extends SplitPass {
    FloatBuffer p;
    FloatBuffer g;
    FloatBuffer mom;
    FloatBuffer v;
    float lr;
    float rho;
    float momentum;
    float epsilon;

    RmsProp() {
      super(COMPUTING);
    }

    @Override
    void range(int start, int end) {
      Scratch s = SCRATCH.get();
      float[] pa = s.a;
      float[] ga = s.b;
      float[] ma = s.c;
      float[] va = s.d;
      for (int from = start; from < end; from += CHUNK) {
        int len = Math.min(CHUNK, end - from);
        p.get(from, pa, 0, len);
        g.get(from, ga, 0, len);
        v.get(from, va, 0, len);
        for (int i = 0; i < len; i++) {
          float gi = ga[i];
          float vi = flushed(rho * va[i] + (1 - rho) * gi * gi);
          va[i] = vi;
          ga[i] = lr * gi / (float) Math.sqrt(vi + epsilon);
        }
        if (momentum != 0) {
          mom.get(from, ma, 0, len);
          for (int i = 0; i < len; i++) {
            ga[i] = flushed(ga[i] + momentum * ma[i]);
          }
          mom.put(from, ga, 0, len);
        }
        for (int i = 0; i < len; i++) {
          pa[i] -= ga[i];
        }
        p.put(from, pa, 0, len);
        v.put(from, va, 0, len);
      }
    }
  }

  /**
   * Keras' SGD in float: {@code p -= lr g} without momentum, else {@code v = momentum v - lr g}
   * and {@code p += v} (Nesterov: {@code p += momentum v - lr g}).
   */
  static void sgd(FloatBuffer p, FloatBuffer g, FloatBuffer velocity, int n, float lr,
      float momentum, boolean nesterov) {
    Sgd pass = SCRATCH.get().sgd;
    pass.p = p;
    pass.g = g;
    pass.velocity = velocity;
    pass.lr = lr;
    pass.momentum = momentum;
    pass.nesterov = nesterov;
    pass.run(n, CHUNK);
  }

  private static final class Sgd extends SplitPass {
    FloatBuffer p;
    FloatBuffer g;
    FloatBuffer velocity;
    float lr;
    float momentum;
    boolean nesterov;

    Sgd() {
      super(STREAMING);
    }

    @Override
    void range(int start, int end) {
      Scratch s = SCRATCH.get();
      float[] pa = s.a;
      float[] ga = s.b;
      float[] va = s.c;
      for (int from = start; from < end; from += CHUNK) {
        int len = Math.min(CHUNK, end - from);
        p.get(from, pa, 0, len);
        g.get(from, ga, 0, len);
        if (momentum == 0) {
          for (int i = 0; i < len; i++) {
            pa[i] -= lr * ga[i];
          }
        } else {
          velocity.get(from, va, 0, len);
          for (int i = 0; i < len; i++) {
            va[i] = flushed(momentum * va[i] - lr * ga[i]);
          }
          if (nesterov) {
            for (int i = 0; i < len; i++) {
              pa[i] += momentum * va[i] - lr * ga[i];
            }
          } else {
            for (int i = 0; i < len; i++) {
              pa[i] += va[i];
            }
          }
          velocity.put(from, va, 0, len);
        }
        p.put(from, pa, 0, len);
      }
    }
  }
}
