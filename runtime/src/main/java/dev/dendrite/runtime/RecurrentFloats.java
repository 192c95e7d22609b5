package dev.dendrite.runtime;

import dev.dendrite.Activation;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The per-step element-wise work of {@link Recurrent}'s LSTM on float arrays, which is what
 * training uses. A step's rows (one per series, {@code steps} rows apart in the network's arrays)
 * are gathered into {@code [n, units]} heap planes, one per gate, so that every loop runs over
 * all {@code n * units} values of the step where C2 vectorizes it, and scattered back once.
 * Loops over one sample's 64 values ran mostly in C2's scalar pre- and post-loops; per-element
 * access through {@link Vec} and a switch per value cost as much as the step's product.
 *
 * <p>Activations are computed in double and rounded once to float: tanh and sigmoid from
 * {@link #expm1}, a loop of multiplications and additions that C2 vectorizes, within a few
 * double ulps of {@code Math.tanh} and {@code Math.exp}, far below float's rounding. Their
 * slopes are computed in float from the rounded activations ({@code (1 - a)(1 + a)},
 * {@code a (1 - a)}, both within two float ulps). Double arrays keep {@link Recurrent}'s own
 * loops and {@code Math.tanh}.
 */
final class RecurrentFloats {
  private RecurrentFloats() {}

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Doubles per activation chunk: 16 KB, in L1 with the chunk's floats. */
  private static final int WIDE = 2048;

  /**
   * One thread's planes of one step, each {@code [n, units]}, grown to the largest step it has
   * run (then no more allocation).
   */
  private static final class Scratch {
    /** The input, forget, candidate and output gates, in Keras' order. */
    final float[][] gates = new float[4][];
    float[] cell;
    float[] state;
    float[] grad;
    float[] carry;
    float[] slope;
    /** One input feature of a step, repeated across each sample's units. */
    float[] column;
    /** The bias, then the input kernel's rows, per gate, repeated for every sample. */
    float[][] tiles = new float[0][];
    float[][] kernel = new float[0][];
    /** A row of the recurrent product; as long as a row of {@link #kernel}. */
    float[] sum = new float[0];
    double[] sums = new double[0];
    final double[] wide = new double[WIDE];

    Scratch() {
      fit(1);
    }

    Scratch fit(int size) {
      if (cell == null || cell.length < size) {
        for (int q = 0; q < 4; q++) {
          gates[q] = new float[size];
        }
        cell = new float[size];
        state = new float[size];
        grad = new float[size];
        carry = new float[size];
        slope = new float[size];
        column = new float[size];
      }
      return this;
    }
  }

  /**
   * {@code v[from, to) = f(v[from, to))}, with {@code wide} as work space: tanh and sigmoid are
   * computed in double, a chunk of {@code wide.length} at a time, and rounded once.
   */
  static void activate(Activation f, float[] v, int from, int to, double[] wide) {
    switch (f) {
      case TANH, SIGMOID -> {
        for (int at = from; at < to; at += wide.length) {
          int n = Math.min(wide.length, to - at);
          for (int k = 0; k < n; k++) {
            wide[k] = v[at + k];
          }
          if (f == Activation.TANH) {
            tanh(wide, n);
          } else {
            sigmoid(wide, n);
          }
          for (int k = 0; k < n; k++) {
            v[at + k] = (float) wide[k];
          }
        }
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

  /** {@code z[k] = tanh(z[k]) = m / (m + 2)} with {@code m = e^2z - 1}, for k in [0, n). */
  private static void tanh(double[] z, int n) {
    for (int k = 0; k < n; k++) {
      double m = expm1(2 * Math.max(-TANH_LIMIT, Math.min(TANH_LIMIT, z[k])));
      z[k] = m / (m + 2);
    }
  }

  /** {@code z[k] = 1 / (1 + e^-z) = 1 / (m + 2)} with {@code m = e^-z - 1}, for k in [0, n). */
  private static void sigmoid(double[] z, int n) {
    for (int k = 0; k < n; k++) {
      double m = expm1(-Math.max(-SIGMOID_LIMIT, Math.min(SIGMOID_LIMIT, z[k])));
      z[k] = 1 / (m + 2);
    }
  }

  /**
   * {@code e^x - 1} for |x| <= 104, to about 1e-10 relative: the Taylor series at
   * {@code x / 1024}, then ten doublings {@code e^2y - 1 = m (m + 2)}, which keep the relative
   * error small near zero (where {@code e^x - 1} would cancel). Only multiplications and
   * additions, so C2 vectorizes the loops that inline it; {@code Math.exp} is a call per element,
   * about 20 ns here, and was most of an LSTM's forward step.
   */
  private static double expm1(double x) {
    double r = x * (1.0 / 1024);
    double m = r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
        + r * (1.0 / 720 + r * (1.0 / 5040)))))));
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    m *= m + 2;
    return m;
  }

  /** {@code out[k] = f'(z)} from {@code a[k] = f(z)}, for k in [from, to). */
  static void slopes(Activation f, float[] a, float[] out, int from, int to) {
    switch (f) {
      case TANH -> {
        for (int k = from; k < to; k++) {
          out[k] = (1 - a[k]) * (1 + a[k]);
        }
      }
      case SIGMOID -> {
        for (int k = from; k < to; k++) {
          out[k] = a[k] * (1 - a[k]);
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

  /**
   * The recurrent kernel {@code [u, width]} copied to this thread's heap arrays, one per row, for
   * {@link #lstmStep}: C2 vectorizes a loop over one row beside the product's row, but not one
   * that reads the flat kernel at a row's offset (7x slower here).
   */
  static float[][] heapKernel(FloatBuffer recurrentKernel, int u, int width) {
    Scratch s = SCRATCH.get();
    if (s.kernel.length < u || s.kernel[0].length < width) {
      int rows = Math.max(u, s.kernel.length);
      int cols = Math.max(width, s.kernel.length == 0 ? 0 : s.kernel[0].length);
      s.kernel = new float[rows][cols];
      s.sum = new float[cols];
    }
    for (int k = 0; k < u; k++) {
      recurrentKernel.get(k * width, s.kernel[k], 0, width);
    }
    return s.kernel;
  }

  /** Input features up to which {@link #lstmStep} adds the input projection itself. */
  static final int FUSED_FEATURES = 4;

  /**
   * Whether {@link #lstmStep} adds {@code x kernel + bias} itself: for a few features the
   * projection of all steps as one product is a rank-one pass that writes the whole gates array
   * (16 MB on M6) and then adds the bias over it again, about 3 ms of a 128-sample forward pass.
   */
  static boolean fusesInput(int features) {
    return features <= FUSED_FEATURES;
  }

  /**
   * The bias and the input kernel {@code [features, 4u]} repeated for each of n samples into
   * this thread's {@code [n, u]} tiles, one per gate, for {@link #lstmStep}'s input projection
   * (C2 vectorizes a loop whose arrays share the index; a kernel row at a sample's offset
   * would not).
   */
  static void tileInput(FloatBuffer kernel, FloatBuffer bias, int n, int u, int features) {
    int size = n * u;
    int count = 4 * (features + 1);
    Scratch s = SCRATCH.get().fit(size);
    if (s.tiles.length < count || s.tiles[0].length < size) {
      int length = Math.max(size, s.tiles.length == 0 ? 0 : s.tiles[0].length);
      s.tiles = new float[Math.max(count, s.tiles.length)][length];
    }
    int width = 4 * u;
    for (int q = 0; q < 4; q++) {
      for (int i = 0; i < n; i++) {
        if (bias == null) {
          Arrays.fill(s.tiles[q], i * u, i * u + u, 0f);
        } else {
          bias.get(q * u, s.tiles[q], i * u, u);
        }
        for (int f = 0; f < features; f++) {
          kernel.get(f * width + q * u, s.tiles[4 * (f + 1) + q], i * u, u);
        }
      }
    }
  }

  /**
   * One LSTM step's gates, cells and states after its products are in {@code gates}: the
   * float counterpart of {@link Recurrent#lstm}'s loop body, for the n series from
   * {@code first} (each series' values do not depend on which others run with it). With a
   * {@code kernel} from {@link #heapKernel} it first adds the recurrent product itself; with
   * an input {@code x} {@code [n, steps, features]} it adds {@code x kernel + bias} from
   * {@link #tileInput}'s tiles, and {@code gates} holds only the recurrent product (nothing at
   * step 0 or with a {@code kernel}).
   */
  static void lstmStep(FloatBuffer gates, FloatBuffer cells, FloatBuffer states, float[][] kernel,
      FloatBuffer x, int features, int first, int n, int steps, int u, int t,
      Activation activation, Activation recurrentActivation) {
    int size = n * u;
    Scratch s = SCRATCH.get().fit(size);
    float[][] g = s.gates;
    float[] in = g[0];
    float[] forget = g[1];
    float[] candidate = g[2];
    float[] output = g[3];
    float[] c = s.cell;
    float[] h = s.state;
    if (x == null || (kernel == null && t > 0)) {
      gather(gates, g, first, n, steps, u, t);
    } else {
      for (int q = 0; q < 4; q++) {
        Arrays.fill(g[q], 0, size, 0f);
      }
    }
    if (kernel != null && t > 0) {
      gather(states, h, first, n, steps, u, t - 1);
      addProduct(h, kernel, g, n, u, s.sum);
    }
    if (x != null) {
      addInput(x, features, s, first, n, steps, u, t);
    }
    activate(recurrentActivation, in, 0, size, s.wide);
    activate(recurrentActivation, forget, 0, size, s.wide);
    activate(activation, candidate, 0, size, s.wide);
    activate(recurrentActivation, output, 0, size, s.wide);
    scatter(g, gates, first, n, steps, u, t);
    if (t == 0) {
      for (int k = 0; k < size; k++) {
        c[k] = in[k] * candidate[k];
      }
    } else {
      gather(cells, c, first, n, steps, u, t - 1);
      for (int k = 0; k < size; k++) {
        c[k] = forget[k] * c[k] + in[k] * candidate[k];
      }
    }
    scatter(c, cells, first, n, steps, u, t);
    System.arraycopy(c, 0, h, 0, size);
    activate(activation, h, 0, size, s.wide);
    for (int k = 0; k < size; k++) {
      h[k] *= output[k];
    }
    scatter(h, states, first, n, steps, u, t);
  }

  /** {@code g[q][i, j] += bias[q u + j] + sum over f of x[i, t, f] kernel[f, q u + j]}. */
  private static void addInput(FloatBuffer x, int features, Scratch s, int first, int n,
      int steps, int u, int t) {
    int size = n * u;
    float[] column = s.column;
    for (int q = 0; q < 4; q++) {
      float[] plane = s.gates[q];
      float[] bias = s.tiles[q];
      for (int k = 0; k < size; k++) {
        plane[k] += bias[k];
      }
    }
    for (int f = 0; f < features; f++) {
      for (int i = 0; i < n; i++) {
        Arrays.fill(column, i * u, i * u + u, x.get(((first + i) * steps + t) * features + f));
      }
      for (int q = 0; q < 4; q++) {
        float[] plane = s.gates[q];
        float[] weights = s.tiles[4 * (f + 1) + q];
        for (int k = 0; k < size; k++) {
          plane[k] += column[k] * weights[k];
        }
      }
    }
  }

  /**
   * {@code g[q][i, j] += sum over k of h[i, k] kernel[k, q u + j]}: the recurrent product, a
   * sample's whole row of gates at a time into {@code sum}, four kernel rows per pass.
   */
  private static void addProduct(float[] h, float[][] kernel, float[][] g, int n, int u,
      float[] sum) {
    int width = 4 * u;
    for (int i = 0; i < n; i++) {
      int row = i * u;
      Arrays.fill(sum, 0, width, 0f);
      int k = 0;
      for (; k + 4 <= u; k += 4) {
        float a0 = h[row + k];
        float a1 = h[row + k + 1];
        float a2 = h[row + k + 2];
        float a3 = h[row + k + 3];
        float[] k0 = kernel[k];
        float[] k1 = kernel[k + 1];
        float[] k2 = kernel[k + 2];
        float[] k3 = kernel[k + 3];
        for (int j = 0; j < width; j++) {
          sum[j] += a0 * k0[j] + a1 * k1[j] + a2 * k2[j] + a3 * k3[j];
        }
      }
      for (; k < u; k++) {
        float a = h[row + k];
        float[] kr = kernel[k];
        for (int j = 0; j < width; j++) {
          sum[j] += a * kr[j];
        }
      }
      for (int q = 0; q < 4; q++) {
        float[] plane = g[q];
        int at = q * u;
        for (int j = 0; j < u; j++) {
          plane[row + j] += sum[at + j];
        }
      }
    }
  }

  /**
   * One LSTM step of backpropagation through time, before the products that carry its gradient
   * to step t - 1: the float counterpart of {@link Recurrent#lstmBackward}'s loop body. {@code dh}
   * holds the gradient from step t + 1 (unread at the last step), {@code dc} the cell's; both are
   * {@code [*, u]}, read and written at the n series from {@code first}.
   */
  static void lstmBackStep(FloatBuffer gates, FloatBuffer cells, FloatBuffer outGrad,
      boolean sequences, FloatBuffer gatesGrad, FloatBuffer dh, FloatBuffer dc, int first, int n,
      int steps, int u, int t, Activation activation, Activation recurrentActivation) {
    int size = n * u;
    Scratch s = SCRATCH.get().fit(size);
    float[][] g = s.gates;
    float[] in = g[0];
    float[] forget = g[1];
    float[] candidate = g[2];
    float[] output = g[3];
    float[] d = s.grad;
    float[] squashed = s.state;
    float[] dCell = s.cell;
    float[] carry = s.carry;
    float[] slope = s.slope;
    boolean last = t == steps - 1;
    if (sequences) {
      gather(outGrad, d, first, n, steps, u, t);
    } else if (last) {
      outGrad.get(first * u, d, 0, size);
    } else {
      Arrays.fill(d, 0, size, 0f);
    }
    if (last) {
      Arrays.fill(carry, 0, size, 0f);
    } else {
      dh.get(first * u, slope, 0, size);
      for (int k = 0; k < size; k++) {
        d[k] += slope[k];
      }
      dc.get(first * u, carry, 0, size);
    }
    gather(gates, g, first, n, steps, u, t);
    gather(cells, squashed, first, n, steps, u, t);
    activate(activation, squashed, 0, size, s.wide);
    slopes(activation, squashed, slope, 0, size);
    for (int k = 0; k < size; k++) {
      dCell[k] = d[k] * output[k] * slope[k] + carry[k];
      carry[k] = dCell[k] * forget[k];
    }
    dc.put(first * u, carry, 0, size);
    slopes(recurrentActivation, output, slope, 0, size);
    for (int k = 0; k < size; k++) {
      output[k] = d[k] * squashed[k] * slope[k];
    }
    // the input gate's gradient needs the candidate, the candidate's the input gate: d is free
    slopes(recurrentActivation, in, slope, 0, size);
    for (int k = 0; k < size; k++) {
      d[k] = dCell[k] * candidate[k] * slope[k];
    }
    slopes(activation, candidate, slope, 0, size);
    for (int k = 0; k < size; k++) {
      candidate[k] = dCell[k] * in[k] * slope[k];
      in[k] = d[k];
    }
    slopes(recurrentActivation, forget, slope, 0, size);
    if (t == 0) {
      Arrays.fill(forget, 0, size, 0f);
    } else {
      gather(cells, squashed, first, n, steps, u, t - 1);
      for (int k = 0; k < size; k++) {
        forget[k] = dCell[k] * squashed[k] * slope[k];
      }
    }
    scatter(g, gatesGrad, first, n, steps, u, t);
  }

  /**
   * Step t's rows of series {@code [first, first + n)} of {@code [*, steps, 4u]} gates into the
   * four {@code [n, u]} planes.
   */
  private static void gather(FloatBuffer from, float[][] planes, int first, int n, int steps,
      int u, int t) {
    int width = 4 * u;
    for (int i = 0; i < n; i++) {
      int at = ((first + i) * steps + t) * width;
      for (int q = 0; q < 4; q++) {
        from.get(at + q * u, planes[q], i * u, u);
      }
    }
  }

  /** The four planes back into step t's rows of those series' gates. */
  private static void scatter(float[][] planes, FloatBuffer to, int first, int n, int steps,
      int u, int t) {
    int width = 4 * u;
    for (int i = 0; i < n; i++) {
      int at = ((first + i) * steps + t) * width;
      for (int q = 0; q < 4; q++) {
        to.put(at + q * u, planes[q], i * u, u);
      }
    }
  }

  /**
   * Step t's rows of series {@code [first, first + n)} of a {@code [*, steps, u]} array into the
   * {@code [n, u]} plane.
   */
  private static void gather(FloatBuffer from, float[] plane, int first, int n, int steps, int u,
      int t) {
    for (int i = 0; i < n; i++) {
      from.get(((first + i) * steps + t) * u, plane, i * u, u);
    }
  }

  /** The {@code [n, u]} plane back into step t's rows of those series. */
  private static void scatter(float[] plane, FloatBuffer to, int first, int n, int steps, int u,
      int t) {
    for (int i = 0; i < n; i++) {
      to.put(((first + i) * steps + t) * u, plane, i * u, u);
    }
  }

  /**
   * {@code sums[at + k] = sum over rows of x[row, k]}, {@code x} read as {@code length / cols}
   * rows of {@code cols}; summed in double (a batch of series has thousands of rows).
   */
  static void columnSums(FloatBuffer x, int length, FloatBuffer sums, int at, int cols) {
    Scratch s = SCRATCH.get().fit(cols);
    float[] row = s.cell;
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
}
