package dev.dendrite.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch and layer normalization over the last axis, forward and backward. Arrays are read
 * row-major as rows of {@code channels} values (the channels of each pixel, step or sample);
 * {@code gamma} and {@code beta} may be null (scale 1, offset 0). Statistics are accumulated in
 * double; the variance is the biased one, as Keras computes it.
 */
public final class Normalization {
  private Normalization() {}

  /**
   * Batch normalization while training: each channel normalized with the batch's statistics,
   * which move the moving ones ({@code moving = moving * momentum + batch * (1 - momentum)}).
   * Keeps the normalized values in {@code xHat} and each channel's {@code 1 / sqrt(var + eps)} in
   * {@code inv} for {@link #batchNormBackward}.
   */
  public static void batchNormTraining(INDArray x, INDArray gamma, INDArray beta,
      INDArray movingMean, INDArray movingVariance, double momentum, double epsilon,
      INDArray mean, INDArray inv, INDArray xHat, INDArray out) {
    Vec in = Vec.of(x);
    Vec m = Vec.of(mean);
    Vec s = Vec.of(inv);
    Vec h = Vec.of(xHat);
    Vec y = Vec.of(out);
    Vec mm = Vec.of(movingMean);
    Vec mv = Vec.of(movingVariance);
    int channels = m.length;
    int rows = in.length / channels;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int r = 0, i = c; r < rows; r++, i += channels) {
        sum += in.get(i);
      }
      double mu = sum / rows;
      double squares = 0;
      for (int r = 0, i = c; r < rows; r++, i += channels) {
        double d = in.get(i) - mu;
        squares += d * d;
      }
      double variance = squares / rows;
      m.set(c, mu);
      s.set(c, 1 / Math.sqrt(variance + epsilon));
      mm.set(c, mm.get(c) * momentum + mu * (1 - momentum));
      mv.set(c, mv.get(c) * momentum + variance * (1 - momentum));
    }
    for (int i = 0; i < in.length; i++) {
      int c = i % channels;
      double normalized = (in.get(i) - m.get(c)) * s.get(c);
      h.set(i, normalized);
    }
    scaleAndShift(h, gamma, beta, y, channels);
  }

  /** Batch normalization when evaluating and predicting: with the moving statistics. */
  public static void batchNormInference(INDArray x, INDArray gamma, INDArray beta,
      INDArray movingMean, INDArray movingVariance, double epsilon, INDArray out) {
    Vec in = Vec.of(x);
    Vec mm = Vec.of(movingMean);
    Vec mv = Vec.of(movingVariance);
    Vec g = gamma == null ? null : Vec.of(gamma);
    Vec b = beta == null ? null : Vec.of(beta);
    Vec y = Vec.of(out);
    int channels = mm.length;
    for (int i = 0; i < in.length; i++) {
      int c = i % channels;
      double v = (in.get(i) - mm.get(c)) / Math.sqrt(mv.get(c) + epsilon);
      y.set(i, (g == null ? v : v * g.get(c)) + (b == null ? 0 : b.get(c)));
    }
  }

  /**
   * Gradients of {@link #batchNormTraining} from {@code dY}: {@code gammaGrad} and
   * {@code betaGrad} (either may be null), and, unless {@code dX} is null, through the batch's
   * statistics, {@code dX = inv / R * (R dXHat - sum dXHat - xHat * sum(dXHat * xHat))} over the
   * {@code R} values of each channel.
   */
  public static void batchNormBackward(INDArray dY, INDArray xHat, INDArray inv, INDArray gamma,
      INDArray gammaGrad, INDArray betaGrad, INDArray dX) {
    Vec dy = Vec.of(dY);
    Vec h = Vec.of(xHat);
    Vec s = Vec.of(inv);
    Vec g = gamma == null ? null : Vec.of(gamma);
    int channels = s.length;
    int rows = dy.length / channels;
    Vec dx = dX == null ? null : Vec.of(dX);
    for (int c = 0; c < channels; c++) {
      double sumDy = 0;
      double sumDyH = 0;
      for (int r = 0, i = c; r < rows; r++, i += channels) {
        sumDy += dy.get(i);
        sumDyH += dy.get(i) * h.get(i);
      }
      if (gammaGrad != null) {
        Vec.of(gammaGrad).set(c, sumDyH);
      }
      if (betaGrad != null) {
        Vec.of(betaGrad).set(c, sumDy);
      }
      if (dx != null) {
        double scale = g == null ? 1 : g.get(c);
        double k = scale * s.get(c) / rows;
        for (int r = 0, i = c; r < rows; r++, i += channels) {
          dx.set(i, k * (rows * dy.get(i) - sumDy - h.get(i) * sumDyH));
        }
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
    Vec g = gamma == null ? null : Vec.of(gamma);
    int rows = s.length;
    int channels = dy.length / rows;
    if (gammaGrad != null || betaGrad != null) {
      Vec gg = gammaGrad == null ? null : Vec.of(gammaGrad);
      Vec bg = betaGrad == null ? null : Vec.of(betaGrad);
      for (int c = 0; c < channels; c++) {
        double sumDy = 0;
        double sumDyH = 0;
        for (int r = 0, i = c; r < rows; r++, i += channels) {
          sumDy += dy.get(i);
          sumDyH += dy.get(i) * h.get(i);
        }
        if (gg != null) {
          gg.set(c, sumDyH);
        }
        if (bg != null) {
          bg.set(c, sumDy);
        }
      }
    }
    if (dX == null) {
      return;
    }
    Vec dx = Vec.of(dX);
    for (int r = 0; r < rows; r++) {
      int start = r * channels;
      double sumD = 0;
      double sumDH = 0;
      for (int c = 0; c < channels; c++) {
        double d = dy.get(start + c) * (g == null ? 1 : g.get(c));
        sumD += d;
        sumDH += d * h.get(start + c);
      }
      double k = s.get(r) / channels;
      for (int c = 0; c < channels; c++) {
        double d = dy.get(start + c) * (g == null ? 1 : g.get(c));
        dx.set(start + c, k * (channels * d - sumD - h.get(start + c) * sumDH));
      }
    }
  }

  /** {@code out = xHat * gamma + beta}, per channel. */
  private static void scaleAndShift(Vec h, INDArray gamma, INDArray beta, Vec y, int channels) {
    Vec g = gamma == null ? null : Vec.of(gamma);
    Vec b = beta == null ? null : Vec.of(beta);
    for (int i = 0; i < h.length; i++) {
      int c = i % channels;
      double v = h.get(i);
      y.set(i, (g == null ? v : v * g.get(c)) + (b == null ? 0 : b.get(c)));
    }
  }
}
