package dev.dendrite.runtime;

import dev.dendrite.Activation;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kernels of the recurrent layers ({@code SimpleRNN}, {@code LSTM}, {@code GRU}) with Keras 3's
 * formulas, weight layouts and gate orders, and their backpropagation through time.
 *
 * <p>A batch of series is {@code x [n, steps, features]} (generated code passes
 * {@code [n, 1, steps, features]}, the same memory). Every per-step value the backward pass
 * needs is kept for all steps in arrays the network allocated once: {@code states [n, steps,
 * units]}, the activated gates {@code [n, steps, gates]}, an LSTM's cell states, a GRU's
 * recurrent projections. The input projection of all steps is one matrix product (a float LSTM
 * with a few features adds it inside each step instead); each step adds one product with the
 * recurrent kernel on a sub-matrix of those arrays, so no step allocates.
 *
 * <p>{@code out} is {@code [n, steps, units]} for {@code return_sequences} and {@code [n, units]}
 * (the last state) otherwise, told apart by its length; {@code outGrad} likewise.
 */
public final class Recurrent {
  private Recurrent() {}

  /** The activations a recurrent layer supports: those whose derivative follows from the value. */
  public static boolean supports(Activation activation) {
    return switch (activation) {
      case TANH, SIGMOID, RELU, LINEAR, HARD_SIGMOID -> true;
      default -> false;
    };
  }

  private static double apply(Activation a, double z) {
    return switch (a) {
      case TANH -> Math.tanh(z);
      case SIGMOID -> 1 / (1 + Math.exp(-z));
      case RELU -> z > 0 ? z : 0;
      case LINEAR -> z;
      case HARD_SIGMOID -> Math.min(1, Math.max(0, (z + 3) / 6));
      default -> throw new IllegalArgumentException("no recurrent activation " + a);
    };
  }

  /** f'(z) from a = f(z). */
  private static double slope(Activation f, double a) {
    return switch (f) {
      case TANH -> 1 - a * a;
      case SIGMOID -> a * (1 - a);
      case RELU -> a > 0 ? 1 : 0;
      case LINEAR -> 1;
      case HARD_SIGMOID -> a > 0 && a < 1 ? 1.0 / 6 : 0;
      default -> throw new IllegalArgumentException("no recurrent activation " + f);
    };
  }

  // ---- SimpleRNN: h = f(x kernel + h' recurrentKernel + bias) ----

  /** SimpleRNN forward: {@code gates} holds each step's activated state before the copy out. */
  public static void simpleRnn(INDArray x, INDArray kernel, INDArray recurrentKernel,
      INDArray bias, INDArray gates, INDArray states, INDArray out, Activation activation) {
    int u = (int) recurrentKernel.size(0);
    int width = u;
    int n = (int) x.size(0);
    int features = (int) kernel.size(0);
    int steps = steps(x, kernel, width);
    project(x, kernel, bias, gates, n, steps, features, width);
    Vec g = Vec.of(gates);
    Vec h = Vec.of(states);
    for (int t = 0; t < steps; t++) {
      recur(states, recurrentKernel, gates, n, steps, u, width, t);
      for (int i = 0; i < n; i++) {
        int at = row(steps, i, t) * u;
        for (int j = 0; j < u; j++) {
          double a = apply(activation, g.get(at + j));
          g.set(at + j, a);
          h.set(at + j, a);
        }
      }
    }
    emit(states, out, n, steps, u);
  }

  /** SimpleRNN backward through time; {@code gatesGrad} and {@code dh} are work arrays. */
  public static void simpleRnnBackward(INDArray x, INDArray kernel, INDArray recurrentKernel,
      INDArray states, INDArray outGrad, INDArray gatesGrad, INDArray dh, INDArray kernelGrad,
      INDArray recurrentKernelGrad, INDArray biasGrad, INDArray inGrad, Activation activation) {
    int u = (int) recurrentKernel.size(0);
    int width = u;
    int n = (int) x.size(0);
    int features = (int) kernel.size(0);
    int steps = steps(x, kernel, width);
    Vec h = Vec.of(states);
    Vec dy = Vec.of(outGrad);
    Vec dg = Vec.of(gatesGrad);
    Vec carry = Vec.of(dh);
    boolean sequences = dy.length == h.length;
    for (int t = steps - 1; t >= 0; t--) {
      recurrentKernelGrad(states, gatesGrad, recurrentKernelGrad, n, steps, u, width, t);
      for (int i = 0; i < n; i++) {
        int at = row(steps, i, t) * u;
        for (int j = 0; j < u; j++) {
          double d = incoming(dy, carry, sequences, steps, i, t, j, u);
          dg.set(at + j, d * slope(activation, h.get(at + j)));
        }
      }
      backRecur(recurrentKernel, gatesGrad, dh, n, steps, u, width, t, 0);
    }
    finish(x, kernel, gatesGrad, kernelGrad, biasGrad, inGrad, n, steps, features, width);
  }

  // ---- LSTM: gates i, f, c, o ----

  /**
   * LSTM forward: {@code c = f * c' + i * act(x Wc + h' Uc + bc)}, {@code h = o * act(c)},
   * with i, f, o through the recurrent activation.
   */
  public static void lstm(INDArray x, INDArray kernel, INDArray recurrentKernel, INDArray bias,
      INDArray gates, INDArray cells, INDArray states, INDArray out, Activation activation,
      Activation recurrentActivation) {
    int u = (int) recurrentKernel.size(0);
    int width = 4 * u;
    int n = (int) x.size(0);
    int features = (int) kernel.size(0);
    int steps = steps(x, kernel, width);
    if (gates.dataType() == DataType.FLOAT) {
      FloatLstm.OF_THREAD.get().forward(x, kernel, recurrentKernel, bias, gates, cells, states,
          n, steps, features, u, activation, recurrentActivation);
      emit(states, out, n, steps, u);
      return;
    }
    Vec g = Vec.of(gates);
    Vec c = Vec.of(cells);
    Vec h = Vec.of(states);
    project(x, kernel, bias, gates, n, steps, features, width);
    for (int t = 0; t < steps; t++) {
      recur(states, recurrentKernel, gates, n, steps, u, width, t);
      for (int i = 0; i < n; i++) {
        int at = row(steps, i, t) * width;
        int st = row(steps, i, t) * u;
        for (int j = 0; j < u; j++) {
          double in = apply(recurrentActivation, g.get(at + j));
          double forget = apply(recurrentActivation, g.get(at + u + j));
          double candidate = apply(activation, g.get(at + 2 * u + j));
          double output = apply(recurrentActivation, g.get(at + 3 * u + j));
          g.set(at + j, in);
          g.set(at + u + j, forget);
          g.set(at + 2 * u + j, candidate);
          g.set(at + 3 * u + j, output);
          double previous = t == 0 ? 0 : c.get(st - u + j);
          double cell = forget * previous + in * candidate;
          c.set(st + j, cell);
          h.set(st + j, output * apply(activation, cell));
        }
      }
    }
    emit(states, out, n, steps, u);
  }

  /** LSTM backward through time; {@code gatesGrad}, {@code dh} and {@code dc} are work arrays. */
  public static void lstmBackward(INDArray x, INDArray kernel, INDArray recurrentKernel,
      INDArray gates, INDArray cells, INDArray states, INDArray outGrad, INDArray gatesGrad,
      INDArray dh, INDArray dc, INDArray kernelGrad, INDArray recurrentKernelGrad,
      INDArray biasGrad, INDArray inGrad, Activation activation, Activation recurrentActivation) {
    int u = (int) recurrentKernel.size(0);
    int width = 4 * u;
    int n = (int) x.size(0);
    int features = (int) kernel.size(0);
    int steps = steps(x, kernel, width);
    if (gates.dataType() == DataType.FLOAT) {
      FloatLstm.OF_THREAD.get().backward(recurrentKernel, gates, cells, states, outGrad,
          gatesGrad, dh, dc, recurrentKernelGrad, n, steps, u, activation, recurrentActivation);
      finish(x, kernel, gatesGrad, kernelGrad, biasGrad, inGrad, n, steps, features, width);
      return;
    }
    Vec g = Vec.of(gates);
    Vec c = Vec.of(cells);
    Vec dy = Vec.of(outGrad);
    Vec dg = Vec.of(gatesGrad);
    Vec carry = Vec.of(dh);
    Vec cellCarry = Vec.of(dc);
    boolean sequences = dy.length == Vec.of(states).length;
    for (int t = steps - 1; t >= 0; t--) {
      recurrentKernelGrad(states, gatesGrad, recurrentKernelGrad, n, steps, u, width, t);
      for (int i = 0; i < n; i++) {
        int at = row(steps, i, t) * width;
        int st = row(steps, i, t) * u;
        for (int j = 0; j < u; j++) {
          double d = incoming(dy, carry, sequences, steps, i, t, j, u);
          double in = g.get(at + j);
          double forget = g.get(at + u + j);
          double candidate = g.get(at + 2 * u + j);
          double output = g.get(at + 3 * u + j);
          double squashed = apply(activation, c.get(st + j));
          double previous = t == 0 ? 0 : c.get(st - u + j);
          double dCell = d * output * slope(activation, squashed)
              + (t == steps - 1 ? 0 : cellCarry.get(i * u + j));
          cellCarry.set(i * u + j, dCell * forget);
          dg.set(at + j, dCell * candidate * slope(recurrentActivation, in));
          dg.set(at + u + j, dCell * previous * slope(recurrentActivation, forget));
          dg.set(at + 2 * u + j, dCell * in * slope(activation, candidate));
          dg.set(at + 3 * u + j, d * squashed * slope(recurrentActivation, output));
        }
      }
      backRecur(recurrentKernel, gatesGrad, dh, n, steps, u, width, t, 0);
    }
    finish(x, kernel, gatesGrad, kernelGrad, biasGrad, inGrad, n, steps, features, width);
  }

  /**
   * Batches from which a float LSTM's recurrence runs on two threads, each series' arithmetic
   * unchanged. M6's LSTM(64) over 128 steps takes about 15 ms forward and backward at 32
   * series, against one hand-off to the parked thread and back per pass; on a loaded machine 32
   * to 64 series split were within noise of one thread (0.86-1.23x), so smaller batches, batch 1
   * above all, stay on the calling thread.
   */
  static final int SPLIT_SAMPLES = 32;

  /**
   * The first series of the second thread's share of n, or 0 to run all on this thread: near
   * half, at a multiple of the rows per OpenBLAS call, so that each call of a step's products is
   * one the single-threaded pass makes too (the same rows, so the same results).
   */
  static int splitAt(int n, int u) {
    if (n < SPLIT_SAMPLES) {
      return 0;
    }
    int rows = singleThreadRows(4 * u, u);
    int split = (n + rows) / (2 * rows) * rows;
    return split < n ? split : 0;
  }

  /**
   * A float LSTM's recurrence over a batch: series are independent through it (only the weight
   * gradients, products after the loop, sum over them), so a large batch's series are split
   * between this thread and {@link SecondThread}'s. Each calling thread has one, holding the
   * pass's arrays for both threads and the second thread's share as a task made once.
   */
  private static final class FloatLstm {
    static final ThreadLocal<FloatLstm> OF_THREAD = ThreadLocal.withInitial(FloatLstm::new);

    private final Runnable secondShare = this::secondShare;
    private boolean backward;
    private int split;
    private int n;
    private int steps;
    private int features;
    private int u;
    private Activation activation;
    private Activation recurrentActivation;
    private INDArray recurrentKernel;
    private INDArray gates;
    private INDArray states;
    private INDArray gatesGrad;
    private INDArray dh;
    private FloatBuffer x;
    private FloatBuffer kernel;
    private FloatBuffer bias;
    private FloatBuffer gateValues;
    private FloatBuffer cells;
    private FloatBuffer stateValues;
    private FloatBuffer outGrad;
    private FloatBuffer gatesGradValues;
    private FloatBuffer dhValues;
    private FloatBuffer dc;
    private boolean sequences;

    void forward(INDArray x, INDArray kernel, INDArray recurrentKernel, INDArray bias,
        INDArray gates, INDArray cells, INDArray states, int n, int steps, int features, int u,
        Activation activation, Activation recurrentActivation) {
      set(recurrentKernel, gates, cells, states, n, steps, u, activation, recurrentActivation);
      this.features = features;
      this.kernel = Vec.of(kernel).floats();
      this.bias = bias == null ? null : Vec.of(bias).floats();
      if (RecurrentFloats.fusesInput(features)) {
        this.x = Vec.of(x).floats();
      } else {
        this.x = null;
        project(x, kernel, bias, gates, n, steps, features, 4 * u);
      }
      backward = false;
      run();
    }

    void backward(INDArray recurrentKernel, INDArray gates, INDArray cells, INDArray states,
        INDArray outGrad, INDArray gatesGrad, INDArray dh, INDArray dc,
        INDArray recurrentKernelGrad, int n, int steps, int u, Activation activation,
        Activation recurrentActivation) {
      set(recurrentKernel, gates, cells, states, n, steps, u, activation, recurrentActivation);
      this.gatesGrad = gatesGrad;
      this.dh = dh;
      this.outGrad = Vec.of(outGrad).floats();
      this.gatesGradValues = Vec.of(gatesGrad).floats();
      this.dhValues = Vec.of(dh).floats();
      this.dc = Vec.of(dc).floats();
      sequences = Vec.of(outGrad).length == Vec.of(states).length;
      backward = true;
      run();
      // step 0 on this thread, after the recurrent kernel's gradient (which zeroes its rows)
      recurrentKernelGrad(states, gatesGrad, recurrentKernelGrad, n, steps, u, 4 * u, 0);
      backwardSteps(0, n, 0);
    }

    private void set(INDArray recurrentKernel, INDArray gates, INDArray cells, INDArray states,
        int n, int steps, int u, Activation activation, Activation recurrentActivation) {
      this.recurrentKernel = recurrentKernel;
      this.gates = gates;
      this.states = states;
      this.n = n;
      this.steps = steps;
      this.u = u;
      this.activation = activation;
      this.recurrentActivation = recurrentActivation;
      // every view made here, so that the threads only read Vec's cache
      Vec.of(recurrentKernel);
      gateValues = Vec.of(gates).floats();
      this.cells = Vec.of(cells).floats();
      stateValues = Vec.of(states).floats();
    }

    /** The pass's steps, split between the two threads when the batch pays and one is free. */
    private void run() {
      int at = splitAt(n, u);
      if (at == 0 || !SecondThread.claim()) {
        share(0, n);
        return;
      }
      split = at;
      SecondThread.start(secondShare);
      try {
        share(0, at);
      } finally {
        SecondThread.finish();
      }
    }

    private void secondShare() {
      share(split, n);
    }

    private void share(int first, int end) {
      if (backward) {
        backwardSteps(first, end, 1);
      } else {
        forwardSteps(first, end);
      }
    }

    /** Every forward step of series {@code [first, end)}. */
    private void forwardSteps(int first, int end) {
      int width = 4 * u;
      if (x != null) {
        RecurrentFloats.tileInput(kernel, bias, end - first, u, features);
      }
      float[][] heapKernel = RecurrentFloats.javaProduct(n, u, width)
          ? RecurrentFloats.heapKernel(Vec.of(recurrentKernel).floats(), u, width) : null;
      for (int t = 0; t < steps; t++) {
        if (heapKernel == null && t > 0) {
          recurrentProduct(states, recurrentKernel, gates, first, end, steps, u, width, t,
              x != null ? 0 : 1);
        }
        RecurrentFloats.lstmStep(gateValues, cells, stateValues, heapKernel, x, features, first,
            end - first, steps, u, t, activation, recurrentActivation);
      }
    }

    /** Backward steps from the last down to {@code last} of series {@code [first, end)}. */
    private void backwardSteps(int first, int end, int last) {
      int width = 4 * u;
      for (int t = steps - 1; t >= last; t--) {
        RecurrentFloats.lstmBackStep(gateValues, cells, outGrad, sequences, gatesGradValues,
            dhValues, dc, first, end - first, steps, u, t, activation, recurrentActivation);
        backRecur(recurrentKernel, gatesGrad, dh, first, end, steps, u, width, t, 0);
      }
    }
  }

  // ---- GRU, reset_after: gates z, r, h; bias [2, 3u]: input row, recurrent row ----

  /**
   * GRU forward (Keras' {@code reset_after=True}): {@code z, r = rec(x W + b_in + h' U + b_rec)},
   * {@code h~ = act(x Wh + b_in,h + r * (h' Uh + b_rec,h))}, {@code h = z * h' + (1 - z) * h~};
   * {@code projections} keeps {@code h' U + b_rec} of every step.
   */
  public static void gru(INDArray x, INDArray kernel, INDArray recurrentKernel, INDArray bias,
      INDArray gates, INDArray projections, INDArray states, INDArray out, Activation activation,
      Activation recurrentActivation) {
    int u = (int) recurrentKernel.size(0);
    int width = 3 * u;
    int n = (int) x.size(0);
    int features = (int) kernel.size(0);
    int steps = steps(x, kernel, width);
    Blas.gemm(x, kernel, gates, false, false, n * steps, width, features);
    Vec g = Vec.of(gates);
    Vec p = Vec.of(projections);
    Vec h = Vec.of(states);
    Vec b = bias == null ? null : Vec.of(bias);
    for (int t = 0; t < steps; t++) {
      if (t > 0) {
        recurrentProduct(states, recurrentKernel, projections, n, steps, u, width, t, 0);
      }
      for (int i = 0; i < n; i++) {
        int at = row(steps, i, t) * width;
        int st = row(steps, i, t) * u;
        for (int k = 0; k < width; k++) {
          double recurrent = (t == 0 ? 0 : p.get(at + k)) + (b == null ? 0 : b.get(width + k));
          p.set(at + k, recurrent);
          if (b != null) {
            g.set(at + k, g.get(at + k) + b.get(k));
          }
        }
        for (int j = 0; j < u; j++) {
          double update = apply(recurrentActivation, g.get(at + j) + p.get(at + j));
          double reset = apply(recurrentActivation, g.get(at + u + j) + p.get(at + u + j));
          double candidate = apply(activation,
              g.get(at + 2 * u + j) + reset * p.get(at + 2 * u + j));
          g.set(at + j, update);
          g.set(at + u + j, reset);
          g.set(at + 2 * u + j, candidate);
          double previous = t == 0 ? 0 : h.get(st - u + j);
          h.set(st + j, update * previous + (1 - update) * candidate);
        }
      }
    }
    emit(states, out, n, steps, u);
  }

  /**
   * GRU backward through time; {@code gatesGrad} (at the input projections),
   * {@code projectionsGrad} (at the recurrent ones) and {@code dh} are work arrays.
   */
  public static void gruBackward(INDArray x, INDArray kernel, INDArray recurrentKernel,
      INDArray gates, INDArray projections, INDArray states, INDArray outGrad,
      INDArray gatesGrad, INDArray projectionsGrad, INDArray dh, INDArray kernelGrad,
      INDArray recurrentKernelGrad, INDArray biasGrad, INDArray inGrad, Activation activation,
      Activation recurrentActivation) {
    int u = (int) recurrentKernel.size(0);
    int width = 3 * u;
    int n = (int) x.size(0);
    int features = (int) kernel.size(0);
    int steps = steps(x, kernel, width);
    Vec g = Vec.of(gates);
    Vec p = Vec.of(projections);
    Vec h = Vec.of(states);
    Vec dy = Vec.of(outGrad);
    Vec dg = Vec.of(gatesGrad);
    Vec dp = Vec.of(projectionsGrad);
    Vec carry = Vec.of(dh);
    boolean sequences = dy.length == h.length;
    for (int t = steps - 1; t >= 0; t--) {
      recurrentKernelGrad(states, projectionsGrad, recurrentKernelGrad, n, steps, u, width, t);
      for (int i = 0; i < n; i++) {
        int at = row(steps, i, t) * width;
        int st = row(steps, i, t) * u;
        for (int j = 0; j < u; j++) {
          double d = incoming(dy, carry, sequences, steps, i, t, j, u);
          double update = g.get(at + j);
          double reset = g.get(at + u + j);
          double candidate = g.get(at + 2 * u + j);
          double previous = t == 0 ? 0 : h.get(st - u + j);
          double dCandidate = d * (1 - update) * slope(activation, candidate);
          double dUpdate = d * (previous - candidate) * slope(recurrentActivation, update);
          double dReset = dCandidate * p.get(at + 2 * u + j)
              * slope(recurrentActivation, reset);
          dg.set(at + j, dUpdate);
          dg.set(at + u + j, dReset);
          dg.set(at + 2 * u + j, dCandidate);
          dp.set(at + j, dUpdate);
          dp.set(at + u + j, dReset);
          dp.set(at + 2 * u + j, dCandidate * reset);
          carry.set(i * u + j, d * update);
        }
      }
      backRecur(recurrentKernel, projectionsGrad, dh, n, steps, u, width, t, 1);
    }
    Blas.gemm(x, gatesGrad, kernelGrad, true, false, features, width, n * steps);
    if (biasGrad != null) {
      columnSums(dg, Vec.of(biasGrad), 0, width);
      columnSums(dp, Vec.of(biasGrad), width, width);
    }
    if (inGrad != null) {
      Blas.gemm(gatesGrad, kernel, inGrad, false, true, n * steps, features, width);
    }
  }

  // ---- shared steps ----

  /** The row of {@code sample}'s step {@code step} in {@code [n, steps, ...]} arrays. */
  private static int row(int steps, int sample, int step) {
    return sample * steps + step;
  }

  /** Steps per series of {@code x}, checked against the kernel's shape. */
  private static int steps(INDArray x, INDArray kernel, int width) {
    long n = x.size(0);
    long features = kernel.size(0);
    long steps = x.length() / (n * features);
    if (kernel.size(1) != width || n * steps * features != x.length()) {
      throw new IllegalArgumentException("recurrent shapes do not agree: input "
          + java.util.Arrays.toString(x.shape()) + ", kernel "
          + java.util.Arrays.toString(kernel.shape()) + ", " + width + " gate values");
    }
    return (int) steps;
  }

  /** {@code gates = x kernel + bias} for every step at once. */
  private static void project(INDArray x, INDArray kernel, INDArray bias, INDArray gates, int n,
      int steps, int features, int width) {
    Blas.gemm(x, kernel, gates, false, false, n * steps, width, features);
    if (bias != null) {
      Kernels.addRowVector(gates, bias);
    }
  }

  /** {@code gates[t] += states[t - 1] recurrentKernel}; nothing at the first step. */
  private static void recur(INDArray states, INDArray recurrentKernel, INDArray gates, int n,
      int steps, int units, int width, int t) {
    if (t > 0) {
      recurrentProduct(states, recurrentKernel, gates, n, steps, units, width, t, 1);
    }
  }

  /**
   * {@code target[t] = states[t - 1] recurrentKernel + beta target[t]}, a few rows per call.
   */
  private static void recurrentProduct(INDArray states, INDArray recurrentKernel,
      INDArray target, int n, int steps, int units, int width, int t, double beta) {
    recurrentProduct(states, recurrentKernel, target, 0, n, steps, units, width, t, beta);
  }

  /** The same for series {@code [first, end)}, where {@code first} is a multiple of the rows per call. */
  private static void recurrentProduct(INDArray states, INDArray recurrentKernel,
      INDArray target, int first, int end, int steps, int units, int width, int t, double beta) {
    int rows = singleThreadRows(width, units);
    for (int i = first; i < end; i += rows) {
      Blas.gemm(states, (long) row(steps, i, t - 1) * units, steps * units, false,
          recurrentKernel, 0, width, false, target, (long) row(steps, i, t) * width,
          steps * width, Math.min(rows, end - i), width, units, beta);
    }
  }

  /**
   * Rows per call for a step's product with {@code inner} multiply-adds per output value and
   * {@code cols} outputs per row, so that OpenBLAS runs each call on this thread. A step's product
   * is small (128 x 64 x 256 on M6): handing it to OpenBLAS's second thread, which sleeps while
   * the step's element-wise work runs, cost more than the half it takes; eight calls of 16 rows
   * took 30 µs against 44-55 µs for one call of 128 on two threads, here.
   */
  private static int singleThreadRows(int cols, int inner) {
    return (int) Math.max(1, Blas.SINGLE_THREAD_MACS / ((long) cols * inner));
  }

  /**
   * After step t's gradients: {@code dh = recurrentGrad[t] recurrentKernelᵀ + beta dh}, the
   * gradient carried to step t - 1.
   */
  private static void backRecur(INDArray recurrentKernel, INDArray recurrentGrad, INDArray dh,
      int n, int steps, int units, int width, int t, double beta) {
    backRecur(recurrentKernel, recurrentGrad, dh, 0, n, steps, units, width, t, beta);
  }

  /** The same for series {@code [first, end)}, where {@code first} is a multiple of the rows per call. */
  private static void backRecur(INDArray recurrentKernel, INDArray recurrentGrad, INDArray dh,
      int first, int end, int steps, int units, int width, int t, double beta) {
    if (t == 0) {
      return;
    }
    int rows = singleThreadRows(units, width);
    for (int i = first; i < end; i += rows) {
      Blas.gemm(recurrentGrad, (long) row(steps, i, t) * width, steps * width, false,
          recurrentKernel, 0, width, true, dh, (long) i * units, units, Math.min(rows, end - i),
          units, width, beta);
    }
  }

  /**
   * At the start of step 0's gradients, when those of steps 1 and later are in
   * {@code recurrentGrad}: {@code recurrentKernelGrad = sum over t >= 1 of states[t - 1]ᵀ
   * recurrentGrad[t]} as one product instead of one per step. Read as rows of the
   * {@code [n, steps, ...]} arrays, row r of the states pairs with row r + 1 of the gradients
   * (each sample's step t - 1 with its step t, and its last step with the next sample's step 0);
   * step 0's gradient rows are zeroed first so those last pairs add nothing.
   */
  private static void recurrentKernelGrad(INDArray states, INDArray recurrentGrad,
      INDArray recurrentKernelGrad, int n, int steps, int units, int width, int t) {
    if (t != 0) {
      return;
    }
    Vec grad = Vec.of(recurrentGrad);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < width; k++) {
        grad.set(row(steps, i, 0) * width + k, 0);
      }
    }
    if (n * steps == 1) {
      zero(recurrentKernelGrad);
      return;
    }
    Blas.gemm(states, 0, units, true, recurrentGrad, width, width, false, recurrentKernelGrad, 0,
        width, units, width, n * steps - 1, 0);
  }

  /** The gradient at step t's state: from the output and from step t + 1. */
  private static double incoming(Vec dy, Vec carry, boolean sequences, int steps, int i, int t,
      int j, int u) {
    double d;
    if (sequences) {
      d = dy.get(row(steps, i, t) * u + j);
    } else {
      d = t == steps - 1 ? dy.get(i * u + j) : 0;
    }
    return t == steps - 1 ? d : d + carry.get(i * u + j);
  }

  /** The kernel, bias and input gradients from the gates' gradients of every step. */
  private static void finish(INDArray x, INDArray kernel, INDArray gatesGrad, INDArray kernelGrad,
      INDArray biasGrad, INDArray inGrad, int n, int steps, int features, int width) {
    Blas.gemm(x, gatesGrad, kernelGrad, true, false, features, width, n * steps);
    if (biasGrad != null) {
      columnSums(Vec.of(gatesGrad), Vec.of(biasGrad), 0, width);
    }
    if (inGrad != null) {
      Blas.gemm(gatesGrad, kernel, inGrad, false, true, n * steps, features, width);
    }
  }

  /** The states to the output: all of them, or each series' last. */
  private static void emit(INDArray states, INDArray out, int n, int steps, int units) {
    Vec h = Vec.of(states);
    Vec o = Vec.of(out);
    if (o.length == h.length) {
      for (int k = 0; k < h.length; k++) {
        o.set(k, h.get(k));
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      int at = row(steps, i, steps - 1) * units;
      for (int j = 0; j < units; j++) {
        o.set(i * units + j, h.get(at + j));
      }
    }
  }

  /** {@code sums[at + k] = sum over rows of x[row, k]}, x read as rows of {@code cols}. */
  private static void columnSums(Vec x, Vec sums, int at, int cols) {
    if (x instanceof Vec.Floats && sums instanceof Vec.Floats) {
      RecurrentFloats.columnSums(x.floats(), x.length, sums.floats(), at, cols);
      return;
    }
    for (int k = 0; k < cols; k++) {
      sums.set(at + k, 0);
    }
    for (int i = 0; i < x.length; i++) {
      int k = at + i % cols;
      sums.set(k, sums.get(k) + x.get(i));
    }
  }

  private static void zero(INDArray array) {
    Vec v = Vec.of(array);
    for (int i = 0; i < v.length; i++) {
      v.set(i, 0);
    }
  }

  /**
   * Keras' {@code orthogonal} initializer (gain 1) for a {@code [rows, cols]} kernel: the
   * orthonormalised rows (or columns, whichever are fewer) of a normal matrix.
   */
  public static void orthogonal(INDArray kernel, Rng rng) {
    int rows = (int) kernel.size(0);
    int cols = (int) kernel.size(1);
    boolean byRows = rows <= cols;
    int count = byRows ? rows : cols;
    int length = byRows ? cols : rows;
    double[][] v = new double[count][length];
    for (int a = 0; a < count; a++) {
      for (int k = 0; k < length; k++) {
        v[a][k] = gaussian(rng);
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int b = 0; b < a; b++) {
          double dot = 0;
          for (int k = 0; k < length; k++) {
            dot += v[a][k] * v[b][k];
          }
          for (int k = 0; k < length; k++) {
            v[a][k] -= dot * v[b][k];
          }
        }
      }
      double norm = 0;
      for (int k = 0; k < length; k++) {
        norm += v[a][k] * v[a][k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < length; k++) {
        v[a][k] /= norm;
      }
    }
    Vec out = Vec.of(kernel);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out.set(r * cols + c, byRows ? v[r][c] : v[c][r]);
      }
    }
  }

  /** A standard normal value by Box-Muller. */
  private static double gaussian(Rng rng) {
    double u1 = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  /** Keras' {@code unit_forget_bias}: the LSTM's forget-gate biases (the second quarter) at 1. */
  public static void unitForgetBias(INDArray bias) {
    Vec b = Vec.of(bias);
    int u = b.length / 4;
    for (int j = u; j < 2 * u; j++) {
      b.set(j, 1);
    }
  }
}
