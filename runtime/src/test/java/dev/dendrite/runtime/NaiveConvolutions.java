package dev.dendrite.runtime;

import dev.dendrite.Padding;

/**
 * Loop-by-loop reference implementations of Keras' channels-last convolution and pooling, the
 * second oracle for the native kernels: slow, obvious, double precision.
 */
final class NaiveConvolutions {
  private NaiveConvolutions() {}

  /** x [n][h][w][c], kernel [kh][kw][c][f], bias [f] or null. */
  static double[][][][] conv2d(double[][][][] x, double[][][][] kernel, double[] bias, int sh,
      int sw, Padding padding) {
    int n = x.length;
    int h = x[0].length;
    int w = x[0][0].length;
    int c = x[0][0][0].length;
    int kh = kernel.length;
    int kw = kernel[0].length;
    int f = kernel[0][0][0].length;
    int oh = ShapeMath.outputLength(h, kh, sh, padding);
    int ow = ShapeMath.outputLength(w, kw, sw, padding);
    int top = ShapeMath.paddingBefore(h, kh, sh, padding);
    int left = ShapeMath.paddingBefore(w, kw, sw, padding);
    double[][][][] out = new double[n][oh][ow][f];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int o = 0; o < f; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int a = 0; a < kh; a++) {
              for (int b = 0; b < kw; b++) {
                int y = i * sh + a - top;
                int xx = j * sw + b - left;
                if (y < 0 || y >= h || xx < 0 || xx >= w) {
                  continue;
                }
                for (int ch = 0; ch < c; ch++) {
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

  /** Max or average over each window; cells outside the input take no part. */
  static double[][][][] pool(double[][][][] x, int ph, int pw, int sh, int sw, Padding padding,
      boolean max) {
    int n = x.length;
    int h = x[0].length;
    int w = x[0][0].length;
    int c = x[0][0][0].length;
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    int top = ShapeMath.paddingBefore(h, ph, sh, padding);
    int left = ShapeMath.paddingBefore(w, pw, sw, padding);
    double[][][][] out = new double[n][oh][ow][c];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int ch = 0; ch < c; ch++) {
            double best = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int a = 0; a < ph; a++) {
              for (int b = 0; b < pw; b++) {
                int y = i * sh + a - top;
                int xx = j * sw + b - left;
                if (y < 0 || y >= h || xx < 0 || xx >= w) {
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
}
