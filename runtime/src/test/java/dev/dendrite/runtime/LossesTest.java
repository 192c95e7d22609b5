package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BiConsumer;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loss values against numbers worked out by hand with Keras' formulas; gradients against
 * central differences of the values (step 1e-6 in double; measured error at most 1.6e-10, tolerance
 * 1e-6 relative).
 */
class LossesTest {
  private static final double STEP = 1e-6;
  /** Outputs inside (0, 1), away from the clipping, and soft targets that are not 0 or 1. */
  private static final double[][] P = {{0.7, 0.2, 0.1}, {0.25, 0.35, 0.4}};
  private static final double[][] Y = {{0.8, 0.15, 0.05}, {0.3, 0.3, 0.4}};

  @FunctionalInterface
  private interface Gradient {
    void apply(INDArray p, INDArray y, INDArray dP);
  }

  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of("categorical_crossentropy",
            (ToDoubleBiFunction<INDArray, INDArray>) Losses::categoricalCrossentropy,
            (Gradient) Losses::categoricalCrossentropyGradient),
        Arguments.of("binary_crossentropy",
            (ToDoubleBiFunction<INDArray, INDArray>) Losses::binaryCrossentropy,
            (Gradient) Losses::binaryCrossentropyGradient),
        Arguments.of("mean_squared_error",
            (ToDoubleBiFunction<INDArray, INDArray>) Losses::meanSquaredError,
            (Gradient) Losses::meanSquaredErrorGradient),
        Arguments.of("mean_absolute_error",
            (ToDoubleBiFunction<INDArray, INDArray>) Losses::meanAbsoluteError,
            (Gradient) Losses::meanAbsoluteErrorGradient),
        Arguments.of("huber", (ToDoubleBiFunction<INDArray, INDArray>) Losses::huber,
            (Gradient) Losses::huberGradient));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradientMatchesCentralDifferences(String name, ToDoubleBiFunction<INDArray, INDArray> loss,
      Gradient gradient) {
    // huber's quadratic and linear sides both: errors up to 2.5 with these targets
    double[][] y = name.equals("huber") ? new double[][] {{-1.8, 0.9, 0.3}, {2.75, 0.1, -0.5}}
        : Y;
    INDArray targets = m(y);
    INDArray dP = m(P).ulike();
    gradient.apply(m(P), targets, dP);
    for (int r = 0; r < P.length; r++) {
      for (int c = 0; c < P[0].length; c++) {
        double expected = (loss.applyAsDouble(moved(P, r, c, STEP), targets)
            - loss.applyAsDouble(moved(P, r, c, -STEP), targets)) / (2 * STEP);
        assertEquals(expected, dP.getDouble(r, c), 1e-6 * Math.max(1, Math.abs(expected)),
            name + " at " + r + "," + c);
      }
    }
  }

  /** The fused gradients are those of the loss of the activation, with respect to z. */
  @Test
  void fusedGradientsMatchCentralDifferencesThroughTheActivation() {
    double[][] z = {{0.3, -1.2, 2.0}, {1.5, 0.0, -0.4}};
    check(z, Activations::softmax, Losses::categoricalCrossentropy,
        Losses::softmaxCategoricalCrossentropyGradient, "softmax");
    check(z, Activations::sigmoid, Losses::binaryCrossentropy,
        Losses::sigmoidBinaryCrossentropyGradient, "sigmoid");
  }

  private static void check(double[][] z, BiConsumer<INDArray, INDArray> activation,
      ToDoubleBiFunction<INDArray, INDArray> loss, Gradient fused, String name) {
    INDArray targets = m(Y);
    INDArray p = m(z).ulike();
    activation.accept(m(z), p);
    INDArray dZ = p.ulike();
    fused.apply(p, targets, dZ);
    for (int r = 0; r < z.length; r++) {
      for (int c = 0; c < z[0].length; c++) {
        INDArray up = p.ulike();
        INDArray down = p.ulike();
        activation.accept(moved(z, r, c, STEP), up);
        activation.accept(moved(z, r, c, -STEP), down);
        double expected = (loss.applyAsDouble(up, targets) - loss.applyAsDouble(down, targets))
            / (2 * STEP);
        assertEquals(expected, dZ.getDouble(r, c), 1e-6 * Math.max(1, Math.abs(expected)),
            name + " at " + r + "," + c);
      }
    }
  }

  /** At a probability of 0 the gradients use the clipped 1e-7, as the values do. */
  @Test
  void gradientsClipProbabilities() {
    INDArray p = m(new double[][] {{0.0, 1.0}});
    INDArray y = m(new double[][] {{1.0, 1.0}});
    INDArray dP = p.ulike();
    Losses.categoricalCrossentropyGradient(p, y, dP);
    assertEquals(-1 / 1e-7, dP.getDouble(0, 0), 1e-3);
    assertEquals(-1 / (1 - 1e-7), dP.getDouble(0, 1), 1e-12);
    Losses.binaryCrossentropyGradient(p, y, dP);
    assertEquals((1e-7 - 1) / (1e-7 * (1 - 1e-7)) / 2, dP.getDouble(0, 0), 1e-3);
    assertEquals(-0.5 / (1 - 1e-7), dP.getDouble(0, 1), 1e-6);
  }

  private static INDArray moved(double[][] x, int r, int c, double step) {
    double[][] copy = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      copy[i] = x[i].clone();
    }
    copy[r][c] += step;
    return m(copy);
  }

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
