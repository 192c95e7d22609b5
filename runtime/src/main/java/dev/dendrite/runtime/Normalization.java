package dev.dendrite.runtime;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch and layer normalization over the last axis, forward and backward. Arrays are read
 * row-major as rows of {@code channels} values (the channels of each pixel, step or sample);
 * {@code gamma} and {@code beta} may be null (scale 1, offset 0). Statistics are accumulated in
 * double, in per-thread scratch arrays made once; the variance is the biased one, as Keras
 * computes it. Float arrays take {@link NormalizationFloats}' vectorized batch normalization;
 * double arrays (gradient checks) these loops.
 */
public final class Normalization {
  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[4][0]);

  private Normalization() {}

  /** Four zeroed scratch arrays of at least {@code length}, reused by this thread. */
  private static double[][] scratch(int length) {
    double[][] s = SCRATCH.get();
    for (int k = 0; k < s.length; k++) {
      if (s[k].length < length) {
        s[k] = new double[length];
      } else {
        java.util.Arrays.fill(s[k], 0, length, 0);
      }
    }
    return s;
  }

  /**
   * Batch normalization while training: each channel normalized with the batch's statistics,
   * which move the moving ones ({@code moving = moving * momentum + batch * (1 - momentum)}).
   * Keeps the normalized values in {@code xHat}, each channel's mean in {@code mean} and its
   * {@code 1 / sqrt(var + eps)} in {@code inv} for {@link #batchNormBackward}.
   */
  public static void batchNormTraining(INDArray x, INDArray gamma, INDArray beta,
      INDArray movingMean, INDArray movingVariance, double momentum, double epsilon,
      INDArray mean, INDArray inv, INDArray xHat, INDArray out) {
    if (Floats.all(x, xHat, out) && Floats.all(mean, inv, movingMean, movingVariance)
        && floatOrAbsent(gamma, beta)) {
      NormalizationFloats.training(Floats.of(x), floats(gamma), floats(beta),
          Floats.of(movingMean), Floats.of(movingVariance), momentum, epsilon, Floats.of(mean),
          Floats.of(inv), Floats.of(xHat), Floats.of(out), (int) x.length(), (int) mean.length());
      return;
    }
    Vec in = Vec.of(x);
    Vec m = Vec.of(mean);
    Vec s = Vec.of(inv);
    Vec h = Vec.of(xHat);
    Vec mm = Vec.of(movingMean);
    Vec mv = Vec.of(movingVariance);
    int channels = m.length;
    int rows = in.length / channels;
    double[][] scratch = scratch(channels);
    double[] mu = scratch[0];
    double[] squares = scratch[1];
    double[] k = scratch[2];
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++, i++) {
        mu[c] += in.get(i);
      }
    }
    for (int c = 0; c < channels; c++) {
      mu[c] /= rows;
    }
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++, i++) {
        double d = in.get(i) - mu[c];
        squares[c] += d * d;
      }
    }
    for (int c = 0; c < channels; c++) {
      double variance = squares[c] / rows;
      k[c] = 1 / Math.sqrt(variance + epsilon);
      m.set(c, mu[c]);
      s.set(c, k[c]);
      mm.set(c, mm.get(c) * momentum + mu[c] * (1 - momentum));
      mv.set(c, mv.get(c) * momentum + variance * (1 - momentum));
    }
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++, i++) {
        h.set(i, (in.get(i) - mu[c]) * k[c]);
      }
    }
    scaleAndShift(h, gamma, beta, Vec.of(out), channels);
  }

  /** Batch normalization when evaluating and predicting: with the moving statistics. */
  public static void batchNormInference(INDArray x, INDArray gamma, INDArray beta,
      INDArray movingMean, INDArray movingVariance, double epsilon, INDArray out) {
    if (Floats.all(x, out, movingMean, movingVariance) && floatOrAbsent(gamma, beta)) {
      NormalizationFloats.inference(Floats.of(x), floats(gamma), floats(beta),
          Floats.of(movingMean), Floats.of(movingVariance), epsilon, Floats.of(out),
          (int) x.length(), (int) movingMean.length());
      return;
    }
    Vec in = Vec.of(x);
    Vec mm = Vec.of(movingMean);
    Vec mv = Vec.of(movingVariance);
    Vec g = gamma == null ? null : Vec.of(gamma);
    Vec b = beta == null ? null : Vec.of(beta);
    Vec y = Vec.of(out);
    int channels = mm.length;
    int rows = in.length / channels;
    double[][] scratch = scratch(channels);
    double[] mu = scratch[0];
    double[] scale = scratch[1];
    double[] shift = scratch[2];
    for (int c = 0; c < channels; c++) {
      mu[c] = mm.get(c);
      scale[c] = (g == null ? 1 : g.get(c)) / Math.sqrt(mv.get(c) + epsilon);
      shift[c] = b == null ? 0 : b.get(c);
    }
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++, i++) {
        y.set(i, (in.get(i) - mu[c]) * scale[c] + shift[c]);
      }
    }
  }

  /**
   * Gradients of {@link #batchNormTraining} from {@code dY}: {@code gammaGrad} and
   * {@code betaGrad} (either may be null), and, unless {@code dX} is null, through the batch's
   * statistics, {@code dX = gamma inv / R (R dY - sum dY - xHat sum(dY xHat))} over the
   * {@code R} values of each channel.
   */
  public static void batchNormBackward(INDArray dY, INDArray xHat, INDArray inv, INDArray gamma,
      INDArray gammaGrad, INDArray betaGrad, INDArray dX) {
    if (Floats.all(dY, xHat, inv) && floatOrAbsent(gamma, gammaGrad)
        && floatOrAbsent(betaGrad, dX)) {
      NormalizationFloats.backward(Floats.of(dY), Floats.of(xHat), Floats.of(inv), floats(gamma),
          floats(gammaGrad), floats(betaGrad), floats(dX), (int) dY.length(),
          (int) inv.length());
      return;
    }
    Vec dy = Vec.of(dY);
    Vec h = Vec.of(xHat);
    Vec s = Vec.of(inv);
    int channels = s.length;
    int rows = dy.length / channels;
    double[][] scratch = scratch(channels);
    double[] sumDy = scratch[0];
    double[] sumDyH = scratch[1];
    channelSums(dy, h, sumDy, sumDyH, rows, channels);
    store(gammaGrad, sumDyH, channels);
    store(betaGrad, sumDy, channels);
    if (dX == null) {
      return;
    }
    Vec g = gamma == null ? null : Vec.of(gamma);
    Vec dx = Vec.of(dX);
    double[] k = scratch[2];
    for (int c = 0; c < channels; c++) {
      k[c] = (g == null ? 1 : g.get(c)) * s.get(c) / rows;
    }
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++, i++) {
        dx.set(i, k[c] * (rows * dy.get(i) - sumDy[c] - h.get(i) * sumDyH[c]));
      }
    }
  }

  /**
   * Layer normalization: each row normalized with its own statistics; keeps the normalized
   * values in {@code xHat} and each row's {@code 1 / sqrt(var + eps)} in {@code inv}.
   */
  public static void layerNorm(INDArray x, INDArray gamma, INDArray beta, double epsilon,
      INDArray inv, INDArray xHat, INDArray out) {
    Vec in = Vec.of(x);
    Vec s = Vec.of(inv);
    Vec h = Vec.of(xHat);
    int rows = s.length;
    int channels = in.length / rows;
    for (int r = 0; r < rows; r++) {
      int start = r * channels;
      double sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += in.get(start + c);
      }
      double mu = sum / channels;
      double squares = 0;
      for (int c = 0; c < channels; c++) {
        double d = in.get(start + c) - mu;
        squares += d * d;
      }
      double k = 1 / Math.sqrt(squares / channels + epsilon);
      s.set(r, k);
      for (int c = 0; c < channels; c++) {
        h.set(start + c, (in.get(start + c) - mu) * k);
      }
    }
    scaleAndShift(h, gamma, beta, Vec.of(out), channels);
  }

  /**
   * Gradients of {@link #layerNorm} from {@code dY}: {@code gammaGrad} and {@code betaGrad}
   * summed over rows (either may be null), and, unless {@code dX} is null, through each row's
   * statistics.
   */
  public static void layerNormBackward(INDArray dY, INDArray xHat, INDArray inv, INDArray gamma,
      INDArray gammaGrad, INDArray betaGrad, INDArray dX) {
    Vec dy = Vec.of(dY);
    Vec h = Vec.of(xHat);
    Vec s = Vec.of(inv);
    int rows = s.length;
    int channels = dy.length / rows;
    double[][] scratch = scratch(channels);
    channelSums(dy, h, scratch[0], scratch[1], rows, channels);
    store(gammaGrad, scratch[1], channels);
    store(betaGrad, scratch[0], channels);
    if (dX == null) {
      return;
    }
    double[] g = scratch[2];
    if (gamma == null) {
      java.util.Arrays.fill(g, 0, channels, 1);
    } else {
      Vec gv = Vec.of(gamma);
      for (int c = 0; c < channels; c++) {
        g[c] = gv.get(c);
      }
    }
    Vec dx = Vec.of(dX);
    for (int r = 0; r < rows; r++) {
      int start = r * channels;
      double sumD = 0;
      double sumDH = 0;
      for (int c = 0; c < channels; c++) {
        double d = dy.get(start + c) * g[c];
        sumD += d;
        sumDH += d * h.get(start + c);
      }
      double k = s.get(r) / channels;
      for (int c = 0; c < channels; c++) {
        double d = dy.get(start + c) * g[c];
        dx.set(start + c, k * (channels * d - sumD - h.get(start + c) * sumDH));
      }
    }
  }

  /** Whether each array is absent (null) or a dense float array. */
  private static boolean floatOrAbsent(INDArray a, INDArray b) {
    return (a == null || Floats.all(a)) && (b == null || Floats.all(b));
  }

  /** The float buffer of an array that may be absent. */
  private static FloatBuffer floats(INDArray a) {
    return a == null ? null : Floats.of(a);
  }

  /** Per channel, the sums of {@code dy} and of {@code dy * h} over the rows. */
  private static void channelSums(Vec dy, Vec h, double[] sumDy, double[] sumDyH, int rows,
      int channels) {
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++, i++) {
        double d = dy.get(i);
        sumDy[c] += d;
        sumDyH[c] += d * h.get(i);
      }
    }
  }

  private static void store(INDArray target, double[] values, int channels) {
    if (target != null) {
      Vec t = Vec.of(target);
      for (int c = 0; c < channels; c++) {
        t.set(c, values[c]);
      }
    }
  }

  /** {@code out = xHat * gamma + beta}, per channel. */
  private static void scaleAndShift(Vec h, INDArray gamma, INDArray beta, Vec y, int channels) {
    Vec g = gamma == null ? null : Vec.of(gamma);
    Vec b = beta == null ? null : Vec.of(beta);
    int rows = h.length / channels;
    double[] scale = SCRATCH.get()[3];
    if (scale.length < 2 * channels) {
      scale = new double[2 * channels];
      SCRATCH.get()[3] = scale;
    }
    for (int c = 0; c < channels; c++) {
      scale[c] = g == null ? 1 : g.get(c);
      scale[channels + c] = b == null ? 0 : b.get(c);
    }
    for (int r = 0, i = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++, i++) {
        y.set(i, h.get(i) * scale[c] + scale[channels + c]);
      }
    }
  }
}
