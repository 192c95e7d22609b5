package dev.dendrite.runtime;

import dev.dendrite.Dataset;

/**
 * Per-feature mean and standard deviation of the training data, applied to every split so that
 * validation and test data are scaled with the training statistics.
 */
record Standardization(float[] mean, float[] std) {

  static Standardization of(Dataset data) {
    int f = data.featureSize();
    double[] sum = new double[f];
    double[] sumSquares = new double[f];
    for (int i = 0; i < data.size(); i++) {
      for (int j = 0; j < f; j++) {
        double v = data.feature(i, j);
        sum[j] += v;
        sumSquares[j] += v * v;
      }
    }
    float[] mean = new float[f];
    float[] std = new float[f];
    for (int j = 0; j < f; j++) {
      double m = sum[j] / data.size();
      double variance = Math.max(0, sumSquares[j] / data.size() - m * m);
      mean[j] = (float) m;
      double s = Math.sqrt(variance);
      std[j] = s > 1e-12 ? (float) s : 1f;
    }
    return new Standardization(mean, std);
  }

  Dataset apply(Dataset data) {
    return data.standardized(mean, std);
  }
}
