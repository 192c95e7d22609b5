package dev.dendrite.runtime;

import dev.dendrite.Padding;

/**
 * Loop-by-loop reference implementations of Keras' channels-last convolution and pooling, the
 * second oracle for the native kernels: slow, obvious, double precision. Window geometry is
 * worked out here by enumeration, not by {@link ShapeMath}, so that a mistake there cannot hide
 * in both sides of a comparison.
 */
final class NaiveConvolutions {
  private NaiveConvolutions() {}

  /**
   * The number of window positions: VALID counts the starts {@code p * s} whose window ends
   * inside the input ({@code p * s + k <= n}); SAME counts the starts inside the input
   * ({@code p * s < n}), TensorFlow's {@code ceil(n / s)}.
   */
  static int outputLength(int n, int k, int s, Padding padding) {
    int count = 0;
    for (int p = 0; padding == Padding.SAME ? p * s < n : p * s + k <= n; p++) {
      count++;
    }
    return count;
  }

  /**
   * SAME's zero padding before the input: the windows of the {@link #outputLength} positions
   * reach {@code (out - 1) * s + k} cells, the excess over {@code n} is split with the odd cell
   * after (TensorFlow's rule); VALID pads nothing.
   */
  static int paddingBefore(int n, int k, int s, Padding padding) {
    if (padding == Padding.VALID) {
      return 0;
    }
    int reach = (outputLength(n, k, s, padding) - 1) * s + k;
    int total = reach > n ? reach - n : 0;
    return total / 2;
  }

  /** x [n][h][w][c], kernel [kh][kw][c][f], bias [f] or null. */
  static double[][][][] conv2d(double[][][][] x, double[][][][] kernel, double[] bias, int sh,
      int sw, Padding padding) {
    return conv2d(x, kernel, bias, sh, sw, 1, 1, padding);
  }

  /**
   * The same with kernel taps {@code dh} rows and {@code dw} columns apart: tap {@code (a, b)}
   * of the window at {@code (i, j)} reads input cell {@code (i * sh + a * dh, j * sw + b * dw)},
   * less the padding, over a window that spans {@code (k - 1) * d + 1} cells.
   */
  static double[][][][] conv2d(double[][][][] x, double[][][][] kernel, double[] bias, int sh,
      int sw, int dh, int dw, Padding padding) {
    Geometry g = Geometry.of(x, kernel.length, kernel[0].length, sh, sw, dh, dw, padding);
    int f = kernel[0][0][0].length;
    double[][][][] out = new double[g.n][g.oh][g.ow][f];
    for (int s = 0; s < g.n; s++) {
      for (int i = 0; i < g.oh; i++) {
        for (int j = 0; j < g.ow; j++) {
          for (int o = 0; o < f; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int a = 0; a < g.kh; a++) {
              for (int b = 0; b < g.kw; b++) {
                int y = g.row(i, a);
                int xx = g.column(j, b);
                if (!g.inside(y, xx)) {
                  continue;
                }
                for (int ch = 0; ch < g.c; ch++) {
                  sum += x[s][y][xx][ch] * kernel[a][b][ch][o];
                }
              }
            }
            out[s][i][j][o] = sum;
          }
        }
      }
    }
    return out;
  }

  /** The gradients of {@link #conv2d}: input, kernel and bias, in that order. */
  record ConvGradients(double[][][][] dX, double[][][][] kernel, double[] bias) {}

  /** Every product of the forward pass, sent back to both of its factors. */
  static ConvGradients conv2dBackward(double[][][][] x, double[][][][] kernel,
      double[][][][] dOut, int sh, int sw, Padding padding) {
    return conv2dBackward(x, kernel, dOut, sh, sw, 1, 1, padding);
  }

  /** The gradients of the dilated {@link #conv2d}. */
  static ConvGradients conv2dBackward(double[][][][] x, double[][][][] kernel,
      double[][][][] dOut, int sh, int sw, int dh, int dw, Padding padding) {
    Geometry g = Geometry.of(x, kernel.length, kernel[0].length, sh, sw, dh, dw, padding);
    int f = kernel[0][0][0].length;
    double[][][][] dX = new double[g.n][g.h][g.w][g.c];
    double[][][][] dKernel = new double[g.kh][g.kw][g.c][f];
    double[] dBias = new double[f];
    for (int s = 0; s < g.n; s++) {
      for (int i = 0; i < g.oh; i++) {
        for (int j = 0; j < g.ow; j++) {
          for (int o = 0; o < f; o++) {
            double d = dOut[s][i][j][o];
            dBias[o] += d;
            for (int a = 0; a < g.kh; a++) {
              for (int b = 0; b < g.kw; b++) {
                int y = g.row(i, a);
                int xx = g.column(j, b);
                if (!g.inside(y, xx)) {
                  continue;
                }
                for (int ch = 0; ch < g.c; ch++) {
                  dX[s][y][xx][ch] += d * kernel[a][b][ch][o];
                  dKernel[a][b][ch][o] += d * x[s][y][xx][ch];
                }
              }
            }
          }
        }
      }
    }
    return new ConvGradients(dX, dKernel, dBias);
  }

  /** Max or average over each window; cells outside the input take no part. */
  static double[][][][] pool(double[][][][] x, int ph, int pw, int sh, int sw, Padding padding,
      boolean max) {
    Geometry g = Geometry.of(x, ph, pw, sh, sw, padding);
    double[][][][] out = new double[g.n][g.oh][g.ow][g.c];
    for (int s = 0; s < g.n; s++) {
      for (int i = 0; i < g.oh; i++) {
        for (int j = 0; j < g.ow; j++) {
          for (int ch = 0; ch < g.c; ch++) {
            double best = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int a = 0; a < ph; a++) {
              for (int b = 0; b < pw; b++) {
                int y = g.row(i, a);
                int xx = g.column(j, b);
                if (!g.inside(y, xx)) {
                  continue;
                }
                best = Math.max(best, x[s][y][xx][ch]);
                sum += x[s][y][xx][ch];
                count++;
              }
            }
            out[s][i][j][ch] = max ? best : sum / count;
          }
        }
      }
    }
    return out;
  }

  /**
   * The gradient of {@link #pool}: max sends each output's gradient to the first maximum of its
   * window (row by row, cells outside the input excluded), average spreads it evenly over the
   * window's cells inside the input.
   */
  static double[][][][] poolBackward(double[][][][] x, double[][][][] dOut, int ph, int pw,
      int sh, int sw, Padding padding, boolean max) {
    Geometry g = Geometry.of(x, ph, pw, sh, sw, padding);
    double[][][][] dX = new double[g.n][g.h][g.w][g.c];
    for (int s = 0; s < g.n; s++) {
      for (int i = 0; i < g.oh; i++) {
        for (int j = 0; j < g.ow; j++) {
          for (int ch = 0; ch < g.c; ch++) {
            int bestY = -1;
            int bestX = -1;
            int count = 0;
            for (int a = 0; a < ph; a++) {
              for (int b = 0; b < pw; b++) {
                int y = g.row(i, a);
                int xx = g.column(j, b);
                if (!g.inside(y, xx)) {
                  continue;
                }
                count++;
                if (bestY < 0 || x[s][y][xx][ch] > x[s][bestY][bestX][ch]) {
                  bestY = y;
                  bestX = xx;
                }
              }
            }
            double d = dOut[s][i][j][ch];
            if (max) {
              dX[s][bestY][bestX][ch] += d;
              continue;
            }
            for (int a = 0; a < ph; a++) {
              for (int b = 0; b < pw; b++) {
                int y = g.row(i, a);
                int xx = g.column(j, b);
                if (g.inside(y, xx)) {
                  dX[s][y][xx][ch] += d / count;
                }
              }
            }
          }
        }
      }
    }
    return dX;
  }

  /** Where the windows of one convolution or pooling lie: sizes, output sizes and padding. */
  private record Geometry(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int dh,
      int dw, int oh, int ow, int top, int left) {

    static Geometry of(double[][][][] x, int kh, int kw, int sh, int sw, Padding padding) {
      return of(x, kh, kw, sh, sw, 1, 1, padding);
    }

    /** A dilated window spans from its first tap to its last: {@code (k - 1) * d + 1} cells. */
    static Geometry of(double[][][][] x, int kh, int kw, int sh, int sw, int dh, int dw,
        Padding padding) {
      int h = x[0].length;
      int w = x[0][0].length;
      int spanH = (kh - 1) * dh + 1;
      int spanW = (kw - 1) * dw + 1;
      return new Geometry(x.length, h, w, x[0][0][0].length, kh, kw, sh, sw, dh, dw,
          outputLength(h, spanH, sh, padding), outputLength(w, spanW, sw, padding),
          paddingBefore(h, spanH, sh, padding), paddingBefore(w, spanW, sw, padding));
    }

    int row(int i, int a) {
      return i * sh + a * dh - top;
    }

    int column(int j, int b) {
      return j * sw + b * dw - left;
    }

    boolean inside(int y, int xx) {
      return y >= 0 && y < h && xx >= 0 && xx < w;
    }
  }
}
