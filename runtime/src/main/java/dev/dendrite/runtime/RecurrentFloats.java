package dev.dendrite.runtime;

import dev.dendrite.Activation;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The per-step element-wise work of {@link Recurrent}'s cells on float arrays, which is what
 * training uses: each sample's row of a step is copied to small heap arrays, computed there with
 * the activation's switch outside the loops, and copied back (as {@link FloatLoops} does).
 * Per-element access through {@link Vec} and a switch per gate value cost about as much as the
 * step's matrix product on M6 (LSTM(64), 128 steps, batch 128).
 *
 * <p>Activations are computed in double and rounded once to float: tanh and sigmoid from
 * {@link #expm1}, a loop of multiplications and additions that C2 vectorizes, within a few
 * double ulps of {@code Math.tanh} and {@code Math.exp}, far below float's rounding. Double
 * arrays keep {@link Recurrent}'s own loops and {@code Math.tanh}.
 */
final class RecurrentFloats {
  private RecurrentFloats() {}

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** One thread's row arrays, grown to the widest layer it has run (then no more allocation). */
  private static final class Scratch {
    float[] gates = new float[0];
    float[] slopes = new float[0];
    float[] cell = new float[0];
    float[] previous = new float[0];
    float[] squashed = new float[0];
    float[] state = new float[0];
    float[] carry = new float[0];
    float[] kernel = new float[0];
    double[] sums = new double[0];
    double[] wide = new double[0];

    Scratch fit(int units) {
      if (state.length < units) {
        gates = new float[4 * units];
        slopes = new float[4 * units];
        cell = new float[units];
        previous = new float[units];
        squashed = new float[units];
        state = new float[units];
        carry = new float[units];
        wide = new double[4 * units];
      }
      return this;
    }
  }

  /**
   * {@code v[from, to) = f(v[from, to))}, with {@code wide} (at least {@code to - from} long) as
   * work space: tanh and sigmoid are computed in double from {@link #expm1} and rounded once.
   */
  static void activate(Activation f, float[] v, int from, int to, double[] wide) {
    int n = to - from;
    switch (f) {
      case TANH -> {
        // tanh(z) = m / (m + 2) with m = e^2z - 1; tanh(10) rounds to 1 in float
        for (int k = 0; k < n; k++) {
          wide[k] = 2 * Math.max(-TANH_LIMIT, Math.min(TANH_LIMIT, (double) v[from + k]));
        }
        expm1(wide, n);
        for (int k = 0; k < n; k++) {
          wide[k] = wide[k] / (wide[k] + 2);
        }
        narrow(wide, v, from, n);
      }
      case SIGMOID -> {
        // 1 / (1 + e^-z) = 1 / (m + 2) with m = e^-z - 1
        for (int k = 0; k < n; k++) {
          wide[k] = -Math.max(-SIGMOID_LIMIT, Math.min(SIGMOID_LIMIT, (double) v[from + k]));
        }
        expm1(wide, n);
        for (int k = 0; k < n; k++) {
          wide[k] = 1 / (wide[k] + 2);
        }
        narrow(wide, v, from, n);
      }
      case RELU -> {
        for (int k = from; k < to; k++) {
          v[k] = Math.max(v[k], 0f);
        }
      }
      case LINEAR -> { }
      case HARD_SIGMOID -> {
        for (int k = from; k < to; k++) {
          v[k] = (float) Math.min(1, Math.max(0, (v[k] + 3.0) / 6));
        }
      }
      default -> throw new IllegalArgumentException("no recurrent activation " + f);
    }
  }

  /** |z| beyond which tanh(z) is taken as tanh(±10), which rounds to ±1 in float. */
  private static final double TANH_LIMIT = 10;

  /** |z| beyond which sigmoid(z) is taken as sigmoid(±104), which rounds to 1 or 0 in float. */
  private static final double SIGMOID_LIMIT = 104;

  /**
   * {@code m[k] = e^m[k] - 1} for k in [0, n) and |m[k]| <= 104, to about 1e-10 relative: the
   * Taylor series at {@code m / 1024}, then ten doublings {@code e^2x - 1 = m (m + 2)}, which
   * keep the relative error small near zero (where {@code e^x - 1} would cancel). Only
   * multiplications and additions, so C2 vectorizes the loop; {@code Math.exp} is a call per
   * element, about 20 ns here, and was most of an LSTM's forward step.
   */
  static void expm1(double[] m, int n) {
    for (int k = 0; k < n; k++) {
      double r = m[k] * (1.0 / 1024);
      double e = r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
          + r * (1.0 / 720 + r * (1.0 / 5040)))))));
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      e *= e + 2;
      m[k] = e;
    }
  }

  /** {@code v[from + k] = (float) wide[k]} for k in [0, n). */
  private static void narrow(double[] wide, float[] v, int from, int n) {
    for (int k = 0; k < n; k++) {
      v[from + k] = (float) wide[k];
    }
  }

  /** {@code out[k] = f'(z)} from {@code a[k] = f(z)}, for k in [from, to). */
  static void slopes(Activation f, float[] a, float[] out, int from, int to) {
    switch (f) {
      case TANH -> {
        for (int k = from; k < to; k++) {
          out[k] = (float) (1 - (double) a[k] * a[k]);
        }
      }
      case SIGMOID -> {
        for (int k = from; k < to; k++) {
          out[k] = (float) (a[k] * (1 - (double) a[k]));
        }
      }
      case RELU -> {
        for (int k = from; k < to; k++) {
          out[k] = a[k] > 0 ? 1 : 0;
        }
      }
      case LINEAR -> {
        for (int k = from; k < to; k++) {
          out[k] = 1;
        }
      }
      case HARD_SIGMOID -> {
        for (int k = from; k < to; k++) {
          out[k] = a[k] > 0 && a[k] < 1 ? (float) (1.0 / 6) : 0;
        }
      }
      default -> throw new IllegalArgumentException("no recurrent activation " + f);
    }
  }

  /**
   * Multiply-adds per step below which a step's recurrent product runs here, fused into
   * {@link #lstmStep}, rather than in OpenBLAS: a call costs microseconds of thread hand-off
   * however small, about 19 µs per step of M6 at batch 1 (2.5 ms of its 128 steps), where the
   * loop takes a few.
   */
  static final long JAVA_PRODUCT_MACS = 1 << 18;

  /** Whether a step's product of n rows with a [u, width] recurrent kernel runs here. */
  static boolean javaProduct(int n, int u, int width) {
    return (long) n * u * width <= JAVA_PRODUCT_MACS;
  }

  /** The recurrent kernel copied to this thread's heap array, for {@link #lstmStep}. */
  static float[] heapKernel(FloatBuffer recurrentKernel, int length) {
    Scratch s = SCRATCH.get();
    if (s.kernel.length < length) {
      s.kernel = new float[length];
    }
    recurrentKernel.get(0, s.kernel, 0, length);
    return s.kernel;
  }

  /**
   * One LSTM step's gates, cells and states after its products are in {@code gates}: the
   * float counterpart of {@link Recurrent#lstm}'s loop body, for every sample. With a
   * {@code kernel} from {@link #heapKernel} it first adds the recurrent product itself.
   */
  static void lstmStep(FloatBuffer gates, FloatBuffer cells, FloatBuffer states, float[] kernel,
      int n, int steps, int u, int t, Activation activation, Activation recurrentActivation) {
    Scratch s = SCRATCH.get().fit(u);
    float[] g = s.gates;
    float[] c = s.cell;
    float[] h = s.state;
    float[] previous = s.previous;
    int width = 4 * u;
    for (int i = 0; i < n; i++) {
      int row = i * steps + t;
      gates.get(row * width, g, 0, width);
      if (kernel != null && t > 0) {
        float[] state = s.squashed;
        states.get((row - 1) * u, state, 0, u);
        for (int k = 0; k < u; k++) {
          float a = state[k];
          int at = k * width;
          for (int j = 0; j < width; j++) {
            g[j] += a * kernel[at + j];
          }
        }
      }
      activate(recurrentActivation, g, 0, 2 * u, s.wide);
      activate(activation, g, 2 * u, 3 * u, s.wide);
      activate(recurrentActivation, g, 3 * u, width, s.wide);
      gates.put(row * width, g, 0, width);
      if (t == 0) {
        Arrays.fill(previous, 0, u, 0f);
      } else {
        cells.get((row - 1) * u, previous, 0, u);
      }
      for (int j = 0; j < u; j++) {
        c[j] = g[u + j] * previous[j] + g[j] * g[2 * u + j];
        h[j] = c[j];
      }
      cells.put(row * u, c, 0, u);
      activate(activation, h, 0, u, s.wide);
      for (int j = 0; j < u; j++) {
        h[j] *= g[3 * u + j];
      }
      states.put(row * u, h, 0, u);
    }
  }

  /**
   * One LSTM step of backpropagation through time, before the products that carry its gradient
   * to step t - 1: the float counterpart of {@link Recurrent#lstmBackward}'s loop body. {@code dh}
   * holds the gradient from step t + 1 (unread at the last step), {@code dc} the cell's.
   */
  static void lstmBackStep(FloatBuffer gates, FloatBuffer cells, FloatBuffer outGrad,
      boolean sequences, FloatBuffer gatesGrad, FloatBuffer dh, FloatBuffer dc, int n, int steps,
      int u, int t, Activation activation, Activation recurrentActivation) {
    Scratch s = SCRATCH.get().fit(u);
    float[] g = s.gates;
    float[] slope = s.slopes;
    float[] previous = s.previous;
    float[] squashed = s.squashed;
    float[] squashedSlope = s.cell;
    float[] d = s.state;
    float[] cellCarry = s.carry;
    int width = 4 * u;
    boolean last = t == steps - 1;
    for (int i = 0; i < n; i++) {
      int row = i * steps + t;
      incoming(outGrad, sequences, dh, d, steps, u, i, t);
      gates.get(row * width, g, 0, width);
      cells.get(row * u, squashed, 0, u);
      if (t == 0) {
        Arrays.fill(previous, 0, u, 0f);
      } else {
        cells.get((row - 1) * u, previous, 0, u);
      }
      if (last) {
        Arrays.fill(cellCarry, 0, u, 0f);
      } else {
        dc.get(i * u, cellCarry, 0, u);
      }
      activate(activation, squashed, 0, u, s.wide);
      slopes(activation, squashed, squashedSlope, 0, u);
      slopes(recurrentActivation, g, slope, 0, 2 * u);
      slopes(activation, g, slope, 2 * u, 3 * u);
      slopes(recurrentActivation, g, slope, 3 * u, width);
      for (int j = 0; j < u; j++) {
        float in = g[j];
        float forget = g[u + j];
        float candidate = g[2 * u + j];
        float dCell = d[j] * g[3 * u + j] * squashedSlope[j] + cellCarry[j];
        cellCarry[j] = dCell * forget;
        g[j] = dCell * candidate * slope[j];
        g[u + j] = dCell * previous[j] * slope[u + j];
        g[2 * u + j] = dCell * in * slope[2 * u + j];
        g[3 * u + j] = d[j] * squashed[j] * slope[3 * u + j];
      }
      gatesGrad.put(row * width, g, 0, width);
      dc.put(i * u, cellCarry, 0, u);
    }
  }

  /**
   * {@code sums[at + k] = sum over rows of x[row, k]}, {@code x} read as {@code length / cols}
   * rows of {@code cols}; summed in double (a batch of series has thousands of rows).
   */
  static void columnSums(FloatBuffer x, int length, FloatBuffer sums, int at, int cols) {
    Scratch s = SCRATCH.get().fit(cols);
    float[] row = s.gates;
    if (s.sums.length < cols) {
      s.sums = new double[cols];
    }
    double[] total = s.sums;
    Arrays.fill(total, 0, cols, 0);
    for (int from = 0; from < length; from += cols) {
      x.get(from, row, 0, cols);
      for (int k = 0; k < cols; k++) {
        total[k] += row[k];
      }
    }
    for (int k = 0; k < cols; k++) {
      sums.put(at + k, (float) total[k]);
    }
  }

  /** Sample i's gradient at step t's state into {@code d}: from the output and from step t + 1. */
  private static void incoming(FloatBuffer outGrad, boolean sequences, FloatBuffer dh, float[] d,
      int steps, int u, int i, int t) {
    boolean last = t == steps - 1;
    if (sequences) {
      outGrad.get((i * steps + t) * u, d, 0, u);
    } else if (last) {
      outGrad.get(i * u, d, 0, u);
    } else {
      Arrays.fill(d, 0, u, 0f);
    }
    if (!last) {
      // the carried cell gradient is read after this, so borrow the squashed row's array
      float[] from = SCRATCH.get().squashed;
      dh.get(i * u, from, 0, u);
      for (int j = 0; j < u; j++) {
        d[j] += from[j];
      }
    }
  }
}
