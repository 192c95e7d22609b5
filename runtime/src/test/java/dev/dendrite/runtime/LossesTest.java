package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loss values against numbers worked out by hand with Keras' formulas. */
class LossesTest {

  private static INDArray m(double[][] values) {
    return Nd4j.createFromArray(values);
  }

  @Test
  void categoricalCrossentropySumsOverClassesAndAveragesOverSamples() {
    INDArray p = m(new double[][] {{0.7, 0.2, 0.1}, {0.25, 0.25, 0.5}});
    INDArray y = m(new double[][] {{1, 0, 0}, {0, 0, 1}});
    double expected = (-Math.log(0.7) - Math.log(0.5)) / 2;
    assertEquals(expected, Losses.categoricalCrossentropy(p, y), 1e-15);
  }

  @Test
  void categoricalCrossentropyClipsProbabilities() {
    // a zero probability of the true class costs -log(1e-7), a certain one -log(1 - 1e-7)
    INDArray p = m(new double[][] {{0.7, 0.2, 0.1}, {0, 1, 0}, {0, 0, 1}});
    INDArray y = m(new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 0, 1}});
    double expected = (-Math.log(0.7) - Math.log(1e-7) - Math.log(1 - 1e-7)) / 3;
    assertEquals(5.491590231632352, expected, 1e-12);
    assertEquals(expected, Losses.categoricalCrossentropy(p, y), 1e-12);
  }

  @Test
  void categoricalCrossentropyWithSoftLabels() {
    INDArray p = m(new double[][] {{0.5, 0.25, 0.25}});
    INDArray y = m(new double[][] {{0.5, 0.5, 0}});
    double expected = -0.5 * Math.log(0.5) - 0.5 * Math.log(0.25);
    assertEquals(expected, Losses.categoricalCrossentropy(p, y), 1e-15);
  }

  @Test
  void binaryCrossentropyAveragesOverAllUnits() {
    INDArray p = m(new double[][] {{0.9}, {0.2}, {0.0}});
    INDArray y = m(new double[][] {{1}, {0}, {1}});
    double expected = (-Math.log(0.9) - Math.log(0.8) - Math.log(1e-7)) / 3;
    assertEquals(5.482199905976786, expected, 1e-12);
    assertEquals(expected, Losses.binaryCrossentropy(p, y), 1e-12);

    INDArray p2 = m(new double[][] {{0.9, 0.2}, {0.0, 1.0}});
    INDArray y2 = m(new double[][] {{1, 0}, {1, 0}});
    // p = 1 with y = 0 is clipped to 1 - 1e-7: -log(1e-7) up to rounding
    assertEquals(8.14117384222217, Losses.binaryCrossentropy(p2, y2), 1e-8);
  }

  @Test
  void binaryCrossentropyOfSoftTargets() {
    INDArray p = m(new double[][] {{0.75}});
    INDArray y = m(new double[][] {{0.5}});
    assertEquals(-0.5 * Math.log(0.75) - 0.5 * Math.log(0.25), Losses.binaryCrossentropy(p, y),
        1e-15);
  }

  @Test
  void meanSquaredError() {
    INDArray p = m(new double[][] {{1, 2}, {3, 4}});
    INDArray y = m(new double[][] {{0, 2}, {5, 1}});
    // errors 1, 0, -2, 3
    assertEquals((1 + 0 + 4 + 9) / 4.0, Losses.meanSquaredError(p, y), 0.0);
  }

  @Test
  void meanAbsoluteError() {
    INDArray p = m(new double[][] {{1, 2}, {3, 4}});
    INDArray y = m(new double[][] {{0, 2}, {5, 1}});
    assertEquals((1 + 0 + 2 + 3) / 4.0, Losses.meanAbsoluteError(p, y), 0.0);
  }

  @Test
  void huberOnBothSidesOfDelta() {
    // errors 0.5, -0.8 (quadratic), 1 (the boundary), 2, -3 (linear)
    INDArray p = m(new double[][] {{0.5}, {0.2}, {1}, {2}, {-3}});
    INDArray y = m(new double[][] {{0}, {1}, {0}, {0}, {0}});
    double expected = (0.125 + 0.32 + 0.5 + 1.5 + 2.5) / 5;
    assertEquals(expected, Losses.huber(p, y), 1e-15);
  }

  @Test
  void huberIsContinuousAtDelta() {
    INDArray y = m(new double[][] {{0}});
    double below = Losses.huber(m(new double[][] {{1 - 1e-9}}), y);
    double above = Losses.huber(m(new double[][] {{1 + 1e-9}}), y);
    assertEquals(0.5, below, 1e-8);
    assertEquals(0.5, above, 1e-8);
  }

  @Test
  void huberGradientIsClippedToDelta() {
    INDArray p = m(new double[][] {{0.5}, {-3}});
    INDArray y = m(new double[][] {{0}, {0}});
    INDArray g = p.ulike();
    Losses.huberGradient(p, y, g);
    assertEquals(0.5 / 2, g.getDouble(0, 0), 1e-15);
    assertEquals(-1.0 / 2, g.getDouble(1, 0), 1e-15);
  }
}
