package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizationTest {

  /** Rows of {@code f} features; one target each. */
  private static Dataset data(float[][] rows) {
    int f = rows[0].length;
    float[] features = new float[rows.length * f];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, features, i * f, f);
    }
    return new Dataset(features, f, new float[rows.length], 1, List.of());
  }

  private static double mean(Dataset d, int j) {
    double s = 0;
    for (int i = 0; i < d.size(); i++) {
      s += d.feature(i, j);
    }
    return s / d.size();
  }

  private static double std(Dataset d, int j) {
    double m = mean(d, j);
    double s = 0;
    for (int i = 0; i < d.size(); i++) {
      s += (d.feature(i, j) - m) * (d.feature(i, j) - m);
    }
    return Math.sqrt(s / d.size());
  }

  @Test
  void meanZeroStdOneOnTrainingData() {
    Dataset train = data(new float[][] {
      {1, 100, -5}, {2, 300, -7}, {3, 200, -6}, {10, 250, -5.5f}, {-4, 150, -8}});
    Standardization s = Standardization.of(train);
    assertEquals(2.4f, s.mean()[0], 1e-6);
    assertEquals(200f, s.mean()[1], 1e-4);
    Dataset scaled = s.apply(train);
    for (int j = 0; j < 3; j++) {
      assertEquals(0, mean(scaled, j), 1e-6, "mean of column " + j);
      assertEquals(1, std(scaled, j), 1e-6, "std of column " + j);
    }
    // Keras' Normalization uses the population deviation
    assertEquals(Math.sqrt(5000.0), s.std()[1], 1e-3);
  }

  @Test
  void otherSplitsUseTrainingStatistics() {
    Dataset train = data(new float[][] {{0}, {2}});
    Standardization s = Standardization.of(train);
    Dataset test = s.apply(data(new float[][] {{3}, {-1}}));
    assertEquals(2f, test.feature(0, 0), 1e-7);
    assertEquals(-2f, test.feature(1, 0), 1e-7);
  }

  @Test
  void constantColumnsAreOnlyCentred() {
    Dataset train = data(new float[][] {{5, 0, 1}, {5, 0, 2}, {5, 0, 3}});
    Standardization s = Standardization.of(train);
    assertEquals(1f, s.std()[0]);
    assertEquals(1f, s.std()[1]);
    Dataset scaled = s.apply(train);
    for (int i = 0; i < 3; i++) {
      assertEquals(0f, scaled.feature(i, 0));
      assertEquals(0f, scaled.feature(i, 1));
    }
    Dataset test = s.apply(data(new float[][] {{6, -2, 2}}));
    assertEquals(1f, test.feature(0, 0));
    assertEquals(-2f, test.feature(0, 1));
  }

  @Test
  void largeConstantColumnOfManyRowsKeepsStdOne() {
    // rounding in a sum of squares must not turn a constant column into a tiny deviation
    float[][] rows = new float[10_000][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new float[] {1000.1f, 0.1f, i % 2};
    }
    Standardization s = Standardization.of(data(rows));
    assertEquals(1f, s.std()[0]);
    assertEquals(1f, s.std()[1]);
    assertEquals(0.5f, s.std()[2], 1e-6);
    Dataset test = s.apply(data(new float[][] {{1001.1f, 1.1f, 1}}));
    assertEquals(1f, test.feature(0, 0), 1e-4);
    assertEquals(1f, test.feature(0, 1), 1e-6);
    for (int i = 0; i < 3; i++) {
      assertTrue(Float.isFinite(test.feature(0, i)));
    }
  }
}
