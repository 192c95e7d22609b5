package dev.dendrite.runtime;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss values and their gradients with respect to the network's output, with Keras' formulas:
 * each loss is averaged over the samples of the batch (and over the units, except categorical
 * cross-entropy, which sums over the classes). Probabilities are clipped to
 * [{@value #EPSILON}, 1 - {@value #EPSILON}] as Keras does. The fused kernels give the gradient
 * with respect to the pre-activation of a softmax or sigmoid output, exact and stable.
 */
public final class Losses {
  /** Keras' {@code backend.epsilon()}. */
  public static final double EPSILON = 1e-7;
  /** Keras' default {@code delta} of the Huber loss. */
  public static final double HUBER_DELTA = 1.0;

  private Losses() {}

  public static double categoricalCrossentropy(INDArray p, INDArray y) {
    DataBuffer out = p.data();
    DataBuffer target = y.data();
    long n = p.length();
    double sum = 0;
    for (long i = 0; i < n; i++) {
      double t = target.getDouble(i);
      if (t != 0) {
        sum -= t * Math.log(clip(out.getDouble(i)));
      }
    }
    return sum / p.size(0);
  }

  /** {@code dL/dp = -y / p / batch}. */
  public static void categoricalCrossentropyGradient(INDArray p, INDArray y, INDArray dP) {
    double scale = 1.0 / p.size(0);
    zip(p, y, dP, scale, (a, t, k) -> -t / clip(a) * k);
  }

  /** Softmax output with categorical cross-entropy: {@code dL/dz = (p - y) / batch}. */
  public static void softmaxCategoricalCrossentropyGradient(INDArray p, INDArray y, INDArray dZ) {
    double scale = 1.0 / p.size(0);
    zip(p, y, dZ, scale, (a, t, k) -> (a - t) * k);
  }

  public static double binaryCrossentropy(INDArray p, INDArray y) {
    DataBuffer out = p.data();
    DataBuffer target = y.data();
    long n = p.length();
    double sum = 0;
    for (long i = 0; i < n; i++) {
      double a = clip(out.getDouble(i));
      double t = target.getDouble(i);
      sum -= t * Math.log(a) + (1 - t) * Math.log(1 - a);
    }
    return sum / n;
  }

  /** {@code dL/dp = (p - y) / (p (1 - p)) / count}. */
  public static void binaryCrossentropyGradient(INDArray p, INDArray y, INDArray dP) {
    double scale = 1.0 / p.length();
    zip(p, y, dP, scale, (a, t, k) -> {
      double c = clip(a);
      return (c - t) / (c * (1 - c)) * k;
    });
  }

  /** Sigmoid output with binary cross-entropy: {@code dL/dz = (p - y) / count}. */
  public static void sigmoidBinaryCrossentropyGradient(INDArray p, INDArray y, INDArray dZ) {
    double scale = 1.0 / p.length();
    zip(p, y, dZ, scale, (a, t, k) -> (a - t) * k);
  }

  public static double meanSquaredError(INDArray p, INDArray y) {
    return mean(p, y, e -> e * e);
  }

  public static void meanSquaredErrorGradient(INDArray p, INDArray y, INDArray dP) {
    double scale = 2.0 / p.length();
    zip(p, y, dP, scale, (a, t, k) -> (a - t) * k);
  }

  public static double meanAbsoluteError(INDArray p, INDArray y) {
    return mean(p, y, Math::abs);
  }

  public static void meanAbsoluteErrorGradient(INDArray p, INDArray y, INDArray dP) {
    double scale = 1.0 / p.length();
    zip(p, y, dP, scale, (a, t, k) -> Math.signum(a - t) * k);
  }

  public static double huber(INDArray p, INDArray y) {
    return mean(p, y, e -> {
      double abs = Math.abs(e);
      return abs <= HUBER_DELTA ? 0.5 * e * e : HUBER_DELTA * (abs - 0.5 * HUBER_DELTA);
    });
  }

  public static void huberGradient(INDArray p, INDArray y, INDArray dP) {
    double scale = 1.0 / p.length();
    zip(p, y, dP, scale,
        (a, t, k) -> Math.max(-HUBER_DELTA, Math.min(HUBER_DELTA, a - t)) * k);
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
  }

  @FunctionalInterface
  private interface ErrorTerm {
    double apply(double error);
  }

  /** An element's gradient; the scale is passed in so that lambdas capture nothing. */
  @FunctionalInterface
  private interface Pointwise {
    double apply(double output, double target, double scale);
  }

  private static double mean(INDArray p, INDArray y, ErrorTerm term) {
    DataBuffer out = p.data();
    DataBuffer target = y.data();
    long n = p.length();
    double sum = 0;
    for (long i = 0; i < n; i++) {
      sum += term.apply(out.getDouble(i) - target.getDouble(i));
    }
    return sum / n;
  }

  private static void zip(INDArray p, INDArray y, INDArray result, double scale, Pointwise f) {
    DataBuffer out = p.data();
    DataBuffer target = y.data();
    DataBuffer r = result.data();
    long n = p.length();
    for (long i = 0; i < n; i++) {
      r.put(i, f.apply(out.getDouble(i), target.getDouble(i), scale));
    }
  }
}
