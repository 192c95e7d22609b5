package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BiConsumer;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activations beyond Keras: forward values against their closed forms, in double and float,
 * and backward values against their closed-form derivatives (the gradient checks through
 * generated code check the same against central differences).
 */
class ActivationsBeyondKerasTest {
  private static final double[] Z = {-30, -5, -3, -Math.sqrt(3), -1, -0.5, -1e-3, 0, 1e-3, 0.5,
      1, 1.5, Math.sqrt(3), 2.5, 4, 10};

  /** {@code kernel} on Z against {@code closedForm}, in double (1e-14) and float (1e-6). */
  private static void forward(BiConsumer<INDArray, INDArray> kernel,
      DoubleUnaryOperator closedForm) {
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      INDArray z = Nd4j.createFromArray(Z).castTo(type).reshape(2, Z.length / 2);
      INDArray a = z.ulike();
      kernel.accept(z, a);
      for (int i = 0; i < Z.length; i++) {
        double x = z.getDouble(i);
        double expected = closedForm.applyAsDouble(x);
        double relative = type == DataType.DOUBLE ? 1e-14 : 1e-6;
        double tolerance = relative * Math.max(1, Math.abs(expected));
        assertEquals(expected, a.getDouble(i), tolerance, type + " f(" + x + ")");
      }
    }
  }

  /** The backward kernel's {@code dZ = dA * f'(z)} against {@code derivative}, in double. */
  private static void backward(BiConsumer<INDArray, INDArray> kernel, Backward backward,
      DoubleUnaryOperator derivative) {
    INDArray z = Nd4j.createFromArray(Z);
    INDArray a = z.ulike();
    kernel.accept(z, a);
    INDArray dA = z.ulike();
    for (int i = 0; i < Z.length; i++) {
      dA.putScalar(i, -2 + 0.3 * i);
    }
    INDArray dZ = z.ulike();
    backward.apply(z, a, dA, dZ);
    for (int i = 0; i < Z.length; i++) {
      double expected = dA.getDouble(i) * derivative.applyAsDouble(Z[i]);
      assertEquals(expected, dZ.getDouble(i), 1e-14 * Math.max(1, Math.abs(expected)),
          "f'(" + Z[i] + ")");
    }
  }

  @FunctionalInterface
  private interface Backward {
    void apply(INDArray z, INDArray a, INDArray dA, INDArray dZ);
  }

  @Test
  void truncatedPowerIsTheSquaredRelu() {
    forward(Activations::truncatedPower, x -> Math.pow(Math.max(0, x), 2));
    backward(Activations::truncatedPower, Activations::truncatedPowerBackward,
        x -> 2 * Math.max(0, x));
  }

  @Test
  void absolute() {
    forward(Activations::absolute, Math::abs);
    backward(Activations::absolute, Activations::absoluteBackward, x -> x > 0 ? 1 : x < 0 ? -1 : 0);
  }

  @Test
  void gaussianIsTheRadialBasis() {
    forward(Activations::gaussian, x -> Math.exp(-x * x));
    backward(Activations::gaussian, Activations::gaussianBackward,
        x -> -2 * x * Math.exp(-x * x));
  }

  @Test
  void mexicanHatIsTheRickerWavelet() {
    forward(Activations::mexicanHat, x -> (1 - x * x) * Math.exp(-x * x / 2));
    backward(Activations::mexicanHat, Activations::mexicanHatBackward,
        x -> (x * x * x - 3 * x) * Math.exp(-x * x / 2));
  }

  @Test
  void mexicanHatPeaksAtZeroAndDipsToItsMinimumAtRootThree() {
    INDArray z = Nd4j.createFromArray(0.0, Math.sqrt(3), -Math.sqrt(3), 1.0);
    INDArray a = z.ulike();
    Activations.mexicanHat(z, a);
    assertEquals(1.0, a.getDouble(0));
    assertEquals(-2 * Math.exp(-1.5), a.getDouble(1), 1e-15);
    assertEquals(-2 * Math.exp(-1.5), a.getDouble(2), 1e-15);
    assertEquals(0.0, a.getDouble(3));
  }

  @Test
  void polynomialIsTheCubicTaylorPolynomialOfExpMinusOne() {
    forward(Activations::polynomial, x -> x + x * x / 2 + x * x * x / 6);
    backward(Activations::polynomial, Activations::polynomialBackward, x -> 1 + x + x * x / 2);
  }

  @Test
  void backwardMayWriteIntoItsGradient() {
    INDArray z = Nd4j.createFromArray(-1.0, 0.5, 2.0);
    INDArray a = z.ulike();
    Activations.gaussian(z, a);
    INDArray grad = Nd4j.createFromArray(1.0, 1.0, 1.0);
    Activations.gaussianBackward(z, a, grad, grad);
    assertEquals(2 * Math.exp(-1), grad.getDouble(0), 1e-15);
    assertEquals(-Math.exp(-0.25), grad.getDouble(1), 1e-15);
  }
}
