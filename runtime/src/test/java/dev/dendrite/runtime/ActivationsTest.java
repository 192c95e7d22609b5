package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward values against Keras' closed forms (gradients are checked elsewhere). */
class ActivationsTest {
  private static final double[][] Z = {
    {-30, -5, -3.5, -3, -1, -0.5, -1e-3},
    {0, 1e-3, 0.5, 1, 2.5, 3, 4},
    {5, 10, 30, -2, 0.25, -0.25, 7}
  };

  private static INDArray z() {
    return Nd4j.createFromArray(Z);
  }

  private static void check(BiConsumer<INDArray, INDArray> kernel, DoubleUnaryOperator keras) {
    INDArray z = z();
    assertEquals(DataType.DOUBLE, z.dataType());
    INDArray a = z.ulike();
    kernel.accept(z, a);
    for (int r = 0; r < Z.length; r++) {
      for (int c = 0; c < Z[r].length; c++) {
        double x = Z[r][c];
        double expected = keras.applyAsDouble(x);
        double actual = a.getDouble(r, c);
        assertEquals(expected, actual, 1e-14 * Math.max(1, Math.abs(expected)), "f(" + x + ")");
      }
    }
    assertEquals(Nd4j.createFromArray(Z), z, "input untouched");
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void relu() {
    check(Activations::relu, x -> Math.max(0, x));
  }

  @Test
  void sigmoidActivation() {
    check(Activations::sigmoid, ActivationsTest::sigmoid);
  }

  @Test
  void sigmoidIsStableForLargeNegativeInputs() {
    INDArray z = Nd4j.createFromArray(new double[][] {{-800, 800}});
    INDArray a = z.ulike();
    Activations.sigmoid(z, a);
    assertEquals(0.0, a.getDouble(0, 0));
    assertEquals(1.0, a.getDouble(0, 1));
  }

  @Test
  void tanh() {
    check(Activations::tanh, Math::tanh);
  }

  @Test
  void softsign() {
    check(Activations::softsign, x -> x / (1 + Math.abs(x)));
  }

  @Test
  void softplus() {
    check(Activations::softplus, x -> Math.log(1 + Math.exp(x)));
  }

  @Test
  void softplusDoesNotOverflow() {
    INDArray z = Nd4j.createFromArray(new double[][] {{1000, -1000}});
    INDArray a = z.ulike();
    Activations.softplus(z, a);
    assertEquals(1000.0, a.getDouble(0, 0), 1e-12);
    assertEquals(0.0, a.getDouble(0, 1), 1e-300);
  }

  @Test
  void elu() {
    check(Activations::elu, x -> x > 0 ? x : Math.exp(x) - 1);
  }

  @Test
  void selu() {
    // Keras: scale * elu(x, alpha) with alpha = 1.67326324235437728481704299167171...
    double alpha = 1.6732632423543772848170429916717;
    double scale = 1.0507009873554804934193349852946;
    check(Activations::selu, x -> x > 0 ? scale * x : scale * alpha * (Math.exp(x) - 1));
  }

  @Test
  void leakyRelu() {
    check(Activations::leakyRelu, x -> x > 0 ? x : 0.2 * x);
  }

  @Test
  void gelu() {
    check(Activations::gelu, x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2))));
    // and a few values computed with mpmath, independent of Erf
    INDArray z = Nd4j.createFromArray(new double[][] {{1, -1, 2, 0.5}});
    INDArray a = z.ulike();
    Activations.gelu(z, a);
    assertEquals(0.84134474606854294859, a.getDouble(0, 0), 1e-15);
    assertEquals(-0.15865525393145705141, a.getDouble(0, 1), 1e-15);
    assertEquals(1.9544997361036415856, a.getDouble(0, 2), 1e-15);
    assertEquals(0.34573123063700655182, a.getDouble(0, 3), 1e-15);
  }

  @Test
  void swish() {
    check(Activations::swish, x -> x * sigmoid(x));
  }

  @Test
  void hardSigmoid() {
    // Keras 3: relu6(x + 3) / 6
    check(Activations::hardSigmoid, x -> Math.min(Math.max(x + 3, 0), 6) / 6);
  }

  @Test
  void exponential() {
    check(Activations::exponential, Math::exp);
  }

  @Test
  void softmaxRows() {
    INDArray z = z();
    INDArray a = z.ulike();
    Activations.softmax(z, a);
    for (int r = 0; r < Z.length; r++) {
      double sum = 0;
      double denominator = 0;
      for (double x : Z[r]) {
        denominator += Math.exp(x);
      }
      for (int c = 0; c < Z[r].length; c++) {
        double expected = Math.exp(Z[r][c]) / denominator;
        assertEquals(expected, a.getDouble(r, c), 1e-14 * Math.max(expected, 1e-300) + 1e-300);
        sum += a.getDouble(r, c);
      }
      assertEquals(1.0, sum, 1e-14, "row " + r + " sums to 1");
    }
  }

  @Test
  void softmaxIsShiftInvariantOnLargeInputs() {
    INDArray small = Nd4j.createFromArray(new double[][] {{0, 1, 2}, {-1, -1, -1}});
    INDArray large = Nd4j.createFromArray(new double[][] {{1000, 1001, 1002}, {-999, -999, -999}});
    INDArray a = small.ulike();
    INDArray b = large.ulike();
    Activations.softmax(small, a);
    Activations.softmax(large, b);
    double e = Math.exp(1);
    double d = 1 + e + e * e;
    double[][] expected = {{1 / d, e / d, e * e / d}, {1 / 3.0, 1 / 3.0, 1 / 3.0}};
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        assertTrue(Double.isFinite(b.getDouble(r, c)));
        assertEquals(expected[r][c], a.getDouble(r, c), 1e-15);
        assertEquals(expected[r][c], b.getDouble(r, c), 1e-15);
      }
    }
  }

  @Test
  void softmaxInPlace() {
    INDArray z = Nd4j.createFromArray(new double[][] {{1000, 1001}});
    Activations.softmax(z, z);
    assertEquals(1 / (1 + Math.E), z.getDouble(0, 0), 1e-15);
    assertEquals(Math.E / (1 + Math.E), z.getDouble(0, 1), 1e-15);
  }

  @Test
  void floatArraysWork() {
    INDArray z = Nd4j.createFromArray(new float[][] {{-1f, 2f}});
    INDArray a = z.ulike();
    Activations.elu(z, a);
    assertEquals(DataType.FLOAT, a.dataType());
    assertEquals((float) Math.expm1(-1), a.getFloat(0, 0), 1e-7);
    assertEquals(2f, a.getFloat(0, 1));
  }
}
