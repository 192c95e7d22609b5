package dev.dendrite.runtime;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link Normalization}'s batch normalization on float arrays, which is what training uses,
 * channels last. Blocks of whole rows (about {@value #BLOCK} values) are copied to small heap
 * arrays and computed there, each channel's coefficient repeated along the block, so that every
 * loop runs flat over the block and HotSpot vectorizes it (a loop over a layer's 32 channels is
 * shorter than C2's unrolled vector loop, and {@link Vec}'s per-element calls are not
 * vectorized at all: they cost M5 half of its training throughput).
 *
 * <p>Sums are accumulated position by position in float over at most {@value #BLOCKS_PER_FLUSH}
 * blocks, then added per channel in double (see {@link #flush}). The batch's variance comes from
 * one pass over {@code d = x - shift}, the shift being the batch's first row, a value of the
 * channel's own distribution: {@code sum(d²) - sum(d)² / R} then does not cancel the way {@code
 * E[x²] - E[x]²} does when a channel's mean is large against its deviation. Per-channel
 * statistics, coefficients and the moving averages are computed in double and rounded once.
 */
final class NormalizationFloats {
  /** Values per block, rounded down to whole rows (one row when a row is longer). */
  static final int BLOCK = 1024;

  /** Float partial sums add at most this many blocks before they go into the double sums. */
  private static final int BLOCKS_PER_FLUSH = 16;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private NormalizationFloats() {}

  /** One thread's block and channel arrays, grown to the widest layer it has run. */
  private static final class Scratch {
    float[] in = new float[0];
    float[] second = new float[0];
    float[] out = new float[0];
    float[] center = new float[0];
    float[] centerLow = new float[0];
    float[] scale = new float[0];
    float[] gamma = new float[0];
    float[] shift = new float[0];
    float[] partialA = new float[0];
    float[] partialB = new float[0];
    double[] sumA = new double[0];
    double[] sumB = new double[0];
    double[] channel = new double[0];
    int block;

    /** Sizes the arrays for rows of {@code channels} values; returns the block's length. */
    Scratch fit(int channels) {
      block = Math.max(1, BLOCK / channels) * channels;
      if (in.length < block) {
        in = new float[block];
        second = new float[block];
        out = new float[block];
        center = new float[block];
        centerLow = new float[block];
        scale = new float[block];
        gamma = new float[block];
        shift = new float[block];
        partialA = new float[block];
        partialB = new float[block];
      }
      if (sumA.length < channels) {
        sumA = new double[channels];
        sumB = new double[channels];
        channel = new double[channels];
      }
      return this;
    }
  }

  /**
   * Training: the batch's statistics per channel into {@code mean} and {@code inv} ({@code 1 /
   * sqrt(var + eps)}), a step of the moving ones, {@code xHat} and {@code out = xHat * gamma +
   * beta}; {@code gamma} and {@code beta} may be null.
   */
  static void training(FloatBuffer x, FloatBuffer gamma, FloatBuffer beta, FloatBuffer movingMean,
      FloatBuffer movingVariance, double momentum, double epsilon, FloatBuffer mean,
      FloatBuffer inv, FloatBuffer xHat, FloatBuffer out, int n, int channels) {
    Scratch s = SCRATCH.get().fit(channels);
    int rows = n / channels;
    shiftedSums(x, n, channels, s);
    // each channel's mean and inverse deviation replace its sums once they are read
    double[] mu = s.sumA;
    double[] k = s.sumB;
    for (int c = 0; c < channels; c++) {
      double first = s.center[c];
      double sum = s.sumA[c];
      double variance = Math.max(0, (s.sumB[c] - sum * sum / rows) / rows);
      mu[c] = first + sum / rows;
      k[c] = 1 / Math.sqrt(variance + epsilon);
      mean.put(c, (float) mu[c]);
      inv.put(c, (float) k[c]);
      movingMean.put(c, (float) (movingMean.get(c) * momentum + mu[c] * (1 - momentum)));
      movingVariance.put(c,
          (float) (movingVariance.get(c) * momentum + variance * (1 - momentum)));
    }
    // the mean as float + float: x - mean then carries no per-channel rounding of the mean,
    // which would bias every value of a channel alike (and the sums of the backward pass)
    repeat(mu, s.center, channels, s.block);
    for (int c = 0; c < channels; c++) {
      mu[c] -= s.center[c];
    }
    repeat(mu, s.centerLow, channels, s.block);
    repeat(k, s.scale, channels, s.block);
    repeat(gamma, 1, s.gamma, channels, s);
    repeat(beta, 0, s.shift, channels, s);
    float[] in = s.in;
    float[] h = s.second;
    float[] y = s.out;
    float[] center = s.center;
    float[] centerLow = s.centerLow;
    float[] scale = s.scale;
    float[] g = s.gamma;
    float[] b = s.shift;
    for (int from = 0; from < n; from += s.block) {
      int len = Math.min(s.block, n - from);
      x.get(from, in, 0, len);
      normalize(in, center, centerLow, scale, g, b, h, y, len);
      xHat.put(from, h, 0, len);
      out.put(from, y, 0, len);
    }
  }

  /** Inference: {@code out = (x - movingMean) gamma / sqrt(movingVariance + eps) + beta}. */
  static void inference(FloatBuffer x, FloatBuffer gamma, FloatBuffer beta,
      FloatBuffer movingMean, FloatBuffer movingVariance, double epsilon, FloatBuffer out, int n,
      int channels) {
    Scratch s = SCRATCH.get().fit(channels);
    double[] k = s.channel;
    double[] mu = s.sumA;
    for (int c = 0; c < channels; c++) {
      mu[c] = movingMean.get(c);
      k[c] = (gamma == null ? 1 : gamma.get(c)) / Math.sqrt(movingVariance.get(c) + epsilon);
    }
    repeat(mu, s.center, channels, s.block);
    repeat(k, s.scale, channels, s.block);
    repeat(beta, 0, s.shift, channels, s);
    float[] in = s.in;
    float[] center = s.center;
    float[] scale = s.scale;
    float[] b = s.shift;
    for (int from = 0; from < n; from += s.block) {
      int len = Math.min(s.block, n - from);
      x.get(from, in, 0, len);
      for (int i = 0; i < len; i++) {
        in[i] = (in[i] - center[i]) * scale[i] + b[i];
      }
      out.put(from, in, 0, len);
    }
  }

  /**
   * Backward: {@code gammaGrad = sum dY xHat} and {@code betaGrad = sum dY} per channel (either
   * may be null), and, unless {@code dX} is null, {@code dX = gamma inv (dY - mean dY - xHat
   * mean(dY xHat))}. {@code dX} may be {@code dY}.
   */
  static void backward(FloatBuffer dY, FloatBuffer xHat, FloatBuffer inv, FloatBuffer gamma,
      FloatBuffer gammaGrad, FloatBuffer betaGrad, FloatBuffer dX, int n, int channels) {
    Scratch s = SCRATCH.get().fit(channels);
    int rows = n / channels;
    productSums(dY, xHat, n, channels, s);
    double[] sumDy = s.sumA;
    double[] sumDyH = s.sumB;
    for (int c = 0; c < channels; c++) {
      if (gammaGrad != null) {
        gammaGrad.put(c, (float) sumDyH[c]);
      }
      if (betaGrad != null) {
        betaGrad.put(c, (float) sumDy[c]);
      }
    }
    if (dX == null) {
      return;
    }
    double[] k = s.channel;
    for (int c = 0; c < channels; c++) {
      k[c] = (gamma == null ? 1 : gamma.get(c)) * inv.get(c);
      sumDy[c] /= rows;
      sumDyH[c] /= rows;
    }
    repeat(k, s.scale, channels, s.block);
    repeat(sumDy, s.center, channels, s.block);
    repeat(sumDyH, s.shift, channels, s.block);
    float[] dy = s.in;
    float[] h = s.second;
    float[] scale = s.scale;
    float[] meanDy = s.center;
    float[] meanDyH = s.shift;
    for (int from = 0; from < n; from += s.block) {
      int len = Math.min(s.block, n - from);
      dY.get(from, dy, 0, len);
      xHat.get(from, h, 0, len);
      inputGradient(dy, h, scale, meanDy, meanDyH, len);
      dX.put(from, dy, 0, len);
    }
  }

  /**
   * {@code h = (x - center - centerLow) scale; y = h g + b}: two loops of one store each, as
   * one loop storing both C2 vectorized poorly here (0.25 to 1.7 against 0.15 ns per value).
   */
  private static void normalize(float[] x, float[] center, float[] centerLow, float[] scale,
      float[] g, float[] b, float[] h, float[] y, int len) {
    for (int i = 0; i < len; i++) {
      h[i] = (x[i] - center[i] - centerLow[i]) * scale[i];
    }
    for (int i = 0; i < len; i++) {
      y[i] = h[i] * g[i] + b[i];
    }
  }

  /** {@code dy = scale (dy - meanDy - h meanDyH)}. */
  private static void inputGradient(float[] dy, float[] h, float[] scale, float[] meanDy,
      float[] meanDyH, int len) {
    for (int i = 0; i < len; i++) {
      dy[i] = scale[i] * (dy[i] - meanDy[i] - h[i] * meanDyH[i]);
    }
  }

  /** {@code a += dy; b += dy h}. */
  private static void addProducts(float[] dy, float[] h, float[] a, float[] b, int len) {
    for (int i = 0; i < len; i++) {
      a[i] += dy[i];
      b[i] += dy[i] * h[i];
    }
  }

  /**
   * Per channel into {@code s.sumA} and {@code s.sumB}, the sums of {@code d = x - first row}
   * and of {@code d²}; leaves the first row in {@code s.center}'s first {@code channels}.
   */
  private static void shiftedSums(FloatBuffer x, int n, int channels, Scratch s) {
    float[] in = s.in;
    float[] first = s.center;
    float[] a = s.partialA;
    float[] b = s.partialB;
    int block = s.block;
    x.get(0, first, 0, channels);
    for (int i = channels; i < block; i++) {
      first[i] = first[i - channels];
    }
    clear(s, channels);
    int pending = 0;
    for (int from = 0; from < n; from += block) {
      int len = Math.min(block, n - from);
      x.get(from, in, 0, len);
      for (int i = 0; i < len; i++) {
        float d = in[i] - first[i];
        a[i] += d;
        b[i] += d * d;
      }
      if (++pending == BLOCKS_PER_FLUSH) {
        flush(s, channels);
        pending = 0;
      }
    }
    flush(s, channels);
  }

  /**
   * Per channel into {@code s.sumA} and {@code s.sumB}, the sums of {@code dY} and of {@code dY
   * xHat}.
   */
  private static void productSums(FloatBuffer dY, FloatBuffer xHat, int n, int channels,
      Scratch s) {
    float[] dy = s.in;
    float[] h = s.second;
    float[] a = s.partialA;
    float[] b = s.partialB;
    int block = s.block;
    clear(s, channels);
    int pending = 0;
    for (int from = 0; from < n; from += block) {
      int len = Math.min(block, n - from);
      dY.get(from, dy, 0, len);
      xHat.get(from, h, 0, len);
      addProducts(dy, h, a, b, len);
      if (++pending == BLOCKS_PER_FLUSH) {
        flush(s, channels);
        pending = 0;
      }
    }
    flush(s, channels);
  }

  private static void clear(Scratch s, int channels) {
    Arrays.fill(s.partialA, 0, s.block, 0f);
    Arrays.fill(s.partialB, 0, s.block, 0f);
    Arrays.fill(s.sumA, 0, channels, 0);
    Arrays.fill(s.sumB, 0, channels, 0);
  }

  /**
   * Adds the partial sums to their channels' double sums and zeroes them: halves of the block
   * are added onto each other in float while its rows are even in number (pairwise, in
   * vectorized loops), the remaining rows one by one in double.
   */
  private static void flush(Scratch s, int channels) {
    float[] a = s.partialA;
    float[] b = s.partialB;
    int rows = s.block / channels;
    int width = s.block;
    while (rows % 2 == 0) {
      width /= 2;
      rows /= 2;
      for (int i = 0; i < width; i++) {
        a[i] += a[i + width];
      }
      for (int i = 0; i < width; i++) {
        b[i] += b[i + width];
      }
    }
    for (int i = 0, c = 0; i < width; i++) {
      s.sumA[c] += a[i];
      s.sumB[c] += b[i];
      if (++c == channels) {
        c = 0;
      }
    }
    Arrays.fill(a, 0, s.block, 0f);
    Arrays.fill(b, 0, s.block, 0f);
  }

  /** {@code target[i] = values[i % channels]} over a block. */
  private static void repeat(double[] values, float[] target, int channels, int block) {
    for (int c = 0; c < channels; c++) {
      target[c] = (float) values[c];
    }
    for (int i = channels; i < block; i++) {
      target[i] = target[i - channels];
    }
  }

  /** {@code target[i] = values[i % channels]}, or {@code absent} everywhere when values is null. */
  private static void repeat(FloatBuffer values, float absent, float[] target, int channels,
      Scratch s) {
    if (values == null) {
      Arrays.fill(target, 0, s.block, absent);
      return;
    }
    values.get(0, target, 0, channels);
    for (int i = channels; i < s.block; i++) {
      target[i] = target[i - channels];
    }
  }
}
