package dev.dendrite.io;

import dev.dendrite.Dataset;

/**
 * Per-feature mean and standard deviation of the training data, applied to every split so that
 * validation and test data are scaled with the training statistics.
 */
public record Standardization(float[] mean, float[] std) {

  /** The statistics of {@code data}'s features; a constant feature gets a deviation of 1. */
  public static Standardization of(Dataset data) {
    int f = data.featureSize();
    int n = data.size();
    // two passes: the mean, then squared deviations from it, so that rounding cannot give a
    // constant column a tiny deviation (sum of squares minus squared mean does, for large values)
    double[] sum = new double[f];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        sum[j] += data.feature(i, j);
      }
    }
    double[] m = new double[f];
    for (int j = 0; j < f; j++) {
      m[j] = sum[j] / n;
    }
    double[] squares = new double[f];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        double d = data.feature(i, j) - m[j];
        squares[j] += d * d;
      }
    }
    float[] mean = new float[f];
    float[] std = new float[f];
    for (int j = 0; j < f; j++) {
      mean[j] = (float) m[j];
      double s = Math.sqrt(squares[j] / n);
      std[j] = s > 1e-12 ? (float) s : 1f;
    }
    return new Standardization(mean, std);
  }

  /** A copy of {@code data} with every feature scaled by these statistics. */
  public Dataset apply(Dataset data) {
    return data.standardized(mean, std);
  }
}
