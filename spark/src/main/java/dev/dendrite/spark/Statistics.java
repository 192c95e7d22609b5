package dev.dendrite.spark;

import dev.dendrite.io.Standardization;
import org.apache.spark.api.java.JavaRDD;

/**
 * The standardization statistics of cached blocks, computed by Spark in the two passes of
 * {@link Standardization#of}: the mean, then the squared deviations from it.
 */
final class Statistics {
  private Statistics() {}

  static Standardization standardization(JavaRDD<Block> blocks, int features, long samples) {
    double[] sum = blocks.treeAggregate(new double[features], (s, b) -> {
      for (int i = 0; i < b.features().length; i++) {
        s[i % features] += b.features()[i];
      }
      return s;
    }, Statistics::add, 2);
    double[] mean = new double[features];
    for (int j = 0; j < features; j++) {
      mean[j] = sum[j] / samples;
    }
    double[] squares = blocks.treeAggregate(new double[features], (s, b) -> {
      for (int i = 0; i < b.features().length; i++) {
        double d = b.features()[i] - mean[i % features];
        s[i % features] += d * d;
      }
      return s;
    }, Statistics::add, 2);
    float[] m = new float[features];
    float[] std = new float[features];
    for (int j = 0; j < features; j++) {
      m[j] = (float) mean[j];
      double s = Math.sqrt(squares[j] / samples);
      std[j] = s > 1e-12 ? (float) s : 1f;
    }
    return new Standardization(m, std);
  }

  private static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }
}
