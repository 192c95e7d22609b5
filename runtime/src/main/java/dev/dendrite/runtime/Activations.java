package dev.dendrite.runtime;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward and backward kernels of every activation, called by generated code. A forward kernel
 * writes {@code a = f(z)}; a backward kernel writes {@code dZ = dA * f'(z)} and may be given the
 * same array for {@code dA} and {@code dZ}. Arrays are dense, row-major, float or double.
 */
public final class Activations {
  static final double SELU_ALPHA = 1.6732632423543772;
  static final double SELU_SCALE = 1.0507009873554805;
  static final double LEAKY_RELU_SLOPE = 0.2;
  private static final double INV_SQRT_2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  private Activations() {}

  @FunctionalInterface
  private interface Function {
    double apply(double z);
  }

  /** The derivative f'(z), given z and a = f(z). */
  @FunctionalInterface
  private interface Derivative {
    double apply(double z, double a);
  }

  public static void relu(INDArray z, INDArray a) {
    if (Floats.all(z, a)) {
      FloatLoops.relu(Floats.of(z), Floats.of(a), (int) z.length());
      return;
    }
    map(z, a, x -> x > 0 ? x : 0);
  }

  public static void reluBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    if (Floats.all(z, dA, dZ)) {
      FloatLoops.reluBackward(Floats.bits(z), Floats.bits(dA), Floats.bits(dZ), (int) z.length());
      return;
    }
    chain(z, a, dA, dZ, (x, y) -> x > 0 ? 1 : 0);
  }

  /**
   * ReLU's gradient from its output alone, for a layer that keeps no pre-activation (a
   * convolution's ReLU, {@link Convolutions#conv2dRelu}, or a dense layer's, applied in place):
   * {@code dZ = a > 0 ? dA : 0}, the same as from {@code z}, since {@code a > 0} exactly where
   * {@code z > 0}. {@code dA} and {@code dZ} may be the same array.
   */
  public static void reluBackwardFromOutput(INDArray a, INDArray dA, INDArray dZ) {
    if (Floats.all(a, dA, dZ)) {
      FloatLoops.reluBackward(Floats.bits(a), Floats.bits(dA), Floats.bits(dZ), (int) a.length());
      return;
    }
    chain(a, a, dA, dZ, (x, y) -> x > 0 ? 1 : 0);
  }

  public static void sigmoid(INDArray z, INDArray a) {
    map(z, a, Activations::sigmoid);
  }

  public static void sigmoidBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> y * (1 - y));
  }

  public static void tanh(INDArray z, INDArray a) {
    map(z, a, Math::tanh);
  }

  public static void tanhBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> 1 - y * y);
  }

  public static void softsign(INDArray z, INDArray a) {
    map(z, a, x -> x / (1 + Math.abs(x)));
  }

  public static void softsignBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))));
  }

  public static void softplus(INDArray z, INDArray a) {
    // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)
    map(z, a, x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
  }

  public static void softplusBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> sigmoid(x));
  }

  public static void elu(INDArray z, INDArray a) {
    map(z, a, x -> x > 0 ? x : Math.expm1(x));
  }

  public static void eluBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> x > 0 ? 1 : y + 1);
  }

  public static void selu(INDArray z, INDArray a) {
    map(z, a, x -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)));
  }

  public static void seluBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA);
  }

  public static void leakyRelu(INDArray z, INDArray a) {
    map(z, a, x -> x > 0 ? x : LEAKY_RELU_SLOPE * x);
  }

  public static void leakyReluBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> x > 0 ? 1 : LEAKY_RELU_SLOPE);
  }

  public static void gelu(INDArray z, INDArray a) {
    map(z, a, x -> 0.5 * x * (1 + Erf.erf(x * INV_SQRT_2)));
  }

  public static void geluBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ,
        (x, y) -> 0.5 * (1 + Erf.erf(x * INV_SQRT_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
  }

  public static void swish(INDArray z, INDArray a) {
    map(z, a, x -> x * sigmoid(x));
  }

  public static void swishBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> {
      double s = sigmoid(x);
      return s * (1 + x * (1 - s));
    });
  }

  public static void hardSigmoid(INDArray z, INDArray a) {
    map(z, a, x -> Math.min(Math.max(x / 6 + 0.5, 0), 1));
  }

  public static void hardSigmoidBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> x > -3 && x < 3 ? 1.0 / 6 : 0);
  }

  public static void exponential(INDArray z, INDArray a) {
    map(z, a, Math::exp);
  }

  public static void exponentialBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> y);
  }

  /** Softmax over the last axis of {@code z}, shifted by the maximum for stability. */
  public static void softmax(INDArray z, INDArray a) {
    DataBuffer in = z.data();
    DataBuffer out = a.data();
    int cols = (int) z.size(z.rank() - 1);
    int rows = (int) (z.length() / cols);
    for (int r = 0; r < rows; r++) {
      long base = (long) r * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, in.getDouble(base + c));
      }
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        double e = Math.exp(in.getDouble(base + c) - max);
        out.put(base + c, e);
        sum += e;
      }
      double inverse = 1 / sum;
      for (int c = 0; c < cols; c++) {
        out.put(base + c, out.getDouble(base + c) * inverse);
      }
    }
  }

  /** {@code dZ_i = a_i * (dA_i - sum_j dA_j a_j)} along the last axis. */
  public static void softmaxBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    DataBuffer p = a.data();
    DataBuffer g = dA.data();
    DataBuffer out = dZ.data();
    int cols = (int) a.size(a.rank() - 1);
    int rows = (int) (a.length() / cols);
    for (int r = 0; r < rows; r++) {
      long base = (long) r * cols;
      double dot = 0;
      for (int c = 0; c < cols; c++) {
        dot += g.getDouble(base + c) * p.getDouble(base + c);
      }
      for (int c = 0; c < cols; c++) {
        out.put(base + c, p.getDouble(base + c) * (g.getDouble(base + c) - dot));
      }
    }
  }

  /** {@code max(0, x)^2}: the truncated power with power 2. */
  public static void truncatedPower(INDArray z, INDArray a) {
    map(z, a, x -> x > 0 ? x * x : 0);
  }

  public static void truncatedPowerBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> x > 0 ? 2 * x : 0);
  }

  /** {@code |x|}. */
  public static void absolute(INDArray z, INDArray a) {
    map(z, a, Math::abs);
  }

  /** {@code sign(x)}, 0 at 0. */
  public static void absoluteBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> Math.signum(x));
  }

  /** {@code exp(-x^2)}. */
  public static void gaussian(INDArray z, INDArray a) {
    map(z, a, x -> Math.exp(-x * x));
  }

  public static void gaussianBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> -2 * x * y);
  }

  /** The Ricker wavelet {@code (1 - x^2) exp(-x^2 / 2)}. */
  public static void mexicanHat(INDArray z, INDArray a) {
    map(z, a, x -> (1 - x * x) * Math.exp(-0.5 * x * x));
  }

  /** {@code x (x^2 - 3) exp(-x^2 / 2)}. */
  public static void mexicanHatBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> x * (x * x - 3) * Math.exp(-0.5 * x * x));
  }

  /** The fixed cubic {@code x + x^2 / 2 + x^3 / 6}, in Horner form. */
  public static void polynomial(INDArray z, INDArray a) {
    map(z, a, x -> x * (1 + x * (0.5 + x / 6)));
  }

  /** {@code 1 + x + x^2 / 2}, positive everywhere. */
  public static void polynomialBackward(INDArray z, INDArray a, INDArray dA, INDArray dZ) {
    chain(z, a, dA, dZ, (x, y) -> 1 + x * (1 + 0.5 * x));
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  private static void map(INDArray z, INDArray a, Function f) {
    Vec in = Vec.of(z);
    Vec out = Vec.of(a);
    for (int i = 0; i < in.length; i++) {
      out.set(i, f.apply(in.get(i)));
    }
  }

  private static void chain(INDArray z, INDArray a, INDArray dA, INDArray dZ, Derivative d) {
    Vec in = Vec.of(z);
    Vec out = Vec.of(a);
    Vec grad = Vec.of(dA);
    Vec result = Vec.of(dZ);
    for (int i = 0; i < in.length; i++) {
      result.set(i, grad.get(i) * d.apply(in.get(i), out.get(i)));
    }
  }
}
