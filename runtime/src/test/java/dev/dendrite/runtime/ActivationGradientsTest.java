package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every activation's backward kernel against central differences of its forward kernel in
 * double (step 1e-6; measured error at most 4.5e-10, tolerance 1e-7 relative), away from kinks; at
 * the kinks, the one-sided value Keras' gradient takes.
 */
class ActivationGradientsTest {
  /** Points away from every kink (0 and ±3), with both signs and large magnitudes. */
  private static final double[] Z = {-7.3, -4.1, -2.9, -1.3, -0.4, -0.01, 0.02, 0.3, 0.9, 2.2,
      2.95, 3.7, 6.1};
  private static final double STEP = 1e-6;

  @FunctionalInterface
  private interface Backward {
    void apply(INDArray z, INDArray a, INDArray dA, INDArray dZ);
  }

  static Stream<Arguments> activations() {
    return Stream.of(
        Arguments.of("relu", (BiConsumer<INDArray, INDArray>) Activations::relu,
            (Backward) Activations::reluBackward),
        Arguments.of("sigmoid", (BiConsumer<INDArray, INDArray>) Activations::sigmoid,
            (Backward) Activations::sigmoidBackward),
        Arguments.of("tanh", (BiConsumer<INDArray, INDArray>) Activations::tanh,
            (Backward) Activations::tanhBackward),
        Arguments.of("softsign", (BiConsumer<INDArray, INDArray>) Activations::softsign,
            (Backward) Activations::softsignBackward),
        Arguments.of("softplus", (BiConsumer<INDArray, INDArray>) Activations::softplus,
            (Backward) Activations::softplusBackward),
        Arguments.of("elu", (BiConsumer<INDArray, INDArray>) Activations::elu,
            (Backward) Activations::eluBackward),
        Arguments.of("selu", (BiConsumer<INDArray, INDArray>) Activations::selu,
            (Backward) Activations::seluBackward),
        Arguments.of("leaky_relu", (BiConsumer<INDArray, INDArray>) Activations::leakyRelu,
            (Backward) Activations::leakyReluBackward),
        Arguments.of("gelu", (BiConsumer<INDArray, INDArray>) Activations::gelu,
            (Backward) Activations::geluBackward),
        Arguments.of("swish", (BiConsumer<INDArray, INDArray>) Activations::swish,
            (Backward) Activations::swishBackward),
        Arguments.of("hard_sigmoid", (BiConsumer<INDArray, INDArray>) Activations::hardSigmoid,
            (Backward) Activations::hardSigmoidBackward),
        Arguments.of("exponential", (BiConsumer<INDArray, INDArray>) Activations::exponential,
            (Backward) Activations::exponentialBackward),
        Arguments.of("truncated_power",
            (BiConsumer<INDArray, INDArray>) Activations::truncatedPower,
            (Backward) Activations::truncatedPowerBackward),
        Arguments.of("absolute", (BiConsumer<INDArray, INDArray>) Activations::absolute,
            (Backward) Activations::absoluteBackward),
        Arguments.of("gaussian", (BiConsumer<INDArray, INDArray>) Activations::gaussian,
            (Backward) Activations::gaussianBackward),
        Arguments.of("mexican_hat", (BiConsumer<INDArray, INDArray>) Activations::mexicanHat,
            (Backward) Activations::mexicanHatBackward),
        Arguments.of("polynomial", (BiConsumer<INDArray, INDArray>) Activations::polynomial,
            (Backward) Activations::polynomialBackward));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void backwardMatchesCentralDifferences(String name, BiConsumer<INDArray, INDArray> forward,
      Backward backward) {
    INDArray z = Nd4j.createFromArray(Z);
    INDArray a = z.ulike();
    forward.accept(z, a);
    INDArray dA = z.ulike();
    for (int i = 0; i < Z.length; i++) {
      dA.putScalar(i, 1.5 - 0.25 * i);
    }
    INDArray dZ = z.ulike();
    backward.apply(z, a, dA, dZ);
    double[] up = apply(forward, Z, STEP);
    double[] down = apply(forward, Z, -STEP);
    for (int i = 0; i < Z.length; i++) {
      double expected = dA.getDouble(i) * (up[i] - down[i]) / (2 * STEP);
      assertEquals(expected, dZ.getDouble(i), 1e-7 * Math.max(1, Math.abs(expected)),
          name + "'(" + Z[i] + ")");
    }
  }

  /**
   * The one-sided values where the derivative jumps: TensorFlow's relu'(0) = 0, leaky relu's
   * slope and hard sigmoid's 0 at ±3; selu'(0) from the left, scale·alpha, as JAX and PyTorch
   * (TensorFlow takes scale).
   */
  @Test
  void kinksTakeKerasOneSidedValues() {
    INDArray z = Nd4j.createFromArray(0.0, -3.0, 3.0);
    INDArray dA = Nd4j.createFromArray(2.0, 2.0, 2.0);
    double[][] expected = {
      {0, 0, 2}, // relu: 0 at 0
      {0.4, 0.4, 2}, // leaky relu: the slope at 0
      {2, 2 * Math.exp(-3), 2}, // elu: 1 at 0 from the left (a + 1 = 1)
      {0, 0, 12}, // truncated power: 2x
      {2.0 / 6, 0, 0}, // hard sigmoid: flat at ±3
      {2 * Activations.SELU_SCALE * Activations.SELU_ALPHA,
          2 * Activations.SELU_SCALE * Activations.SELU_ALPHA * Math.exp(-3),
          2 * Activations.SELU_SCALE}, // selu: scale·alpha·e^z at and below 0
    };
    Backward[] kernels = {Activations::reluBackward, Activations::leakyReluBackward,
        Activations::eluBackward, Activations::truncatedPowerBackward,
        Activations::hardSigmoidBackward, Activations::seluBackward};
    java.util.List<BiConsumer<INDArray, INDArray>> forwards = forwards();
    for (int k = 0; k < kernels.length; k++) {
      INDArray a = z.ulike();
      forwards.get(k).accept(z, a);
      INDArray dZ = z.ulike();
      kernels[k].apply(z, a, dA, dZ);
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[k][i], dZ.getDouble(i), 1e-15, "kernel " + k + " at " + z
            .getDouble(i));
      }
    }
    // the float relu gradient agrees at 0 and -0
    INDArray zf = Nd4j.createFromArray(0f, -0f, 1f);
    INDArray dZ = zf.ulike();
    Activations.reluBackward(zf, zf, Nd4j.createFromArray(2f, 2f, 2f), dZ);
    assertEquals(Nd4j.createFromArray(0f, 0f, 2f), dZ);
  }

  private static java.util.List<BiConsumer<INDArray, INDArray>> forwards() {
    return java.util.List.of(Activations::relu, Activations::leakyRelu, Activations::elu,
        Activations::truncatedPower, Activations::hardSigmoid, Activations::selu);
  }

  /** Softmax's Jacobian-vector product against central differences of {@code dA · softmax(z)}. */
  @Test
  void softmaxBackwardMatchesCentralDifferences() {
    double[][] z = {{0.3, -1.2, 2.0, 0.1}, {5.0, 5.0, -3.0, 0.0}, {-0.7, 0.2, 0.9, -2.5}};
    double[][] dA = {{1.0, -0.5, 0.25, 2.0}, {-1.0, 0.3, 0.7, 0.1}, {0.0, 1.2, -0.8, 0.4}};
    INDArray zs = Nd4j.createFromArray(z);
    INDArray a = zs.ulike();
    Activations.softmax(zs, a);
    INDArray dZ = zs.ulike();
    Activations.softmaxBackward(zs, a, Nd4j.createFromArray(dA), dZ);
    for (int r = 0; r < z.length; r++) {
      for (int c = 0; c < z[0].length; c++) {
        double[] up = shifted(z, r, c, STEP);
        double[] down = shifted(z, r, c, -STEP);
        double expected = 0;
        for (int j = 0; j < z[0].length; j++) {
          expected += dA[r][j] * (up[j] - down[j]) / (2 * STEP);
        }
        assertEquals(expected, dZ.getDouble(r, c), 1e-7, "row " + r + ", column " + c);
      }
    }
  }

  /** Row r of softmax(z) with z[r][c] moved by {@code step}. */
  private static double[] shifted(double[][] z, int r, int c, double step) {
    double[] row = z[r].clone();
    row[c] += step;
    INDArray a = Nd4j.create(DataType.DOUBLE, 1, row.length);
    Activations.softmax(Nd4j.createFromArray(new double[][] {row}), a);
    return a.toDoubleVector();
  }

  private static double[] apply(BiConsumer<INDArray, INDArray> forward, double[] z,
      double step) {
    double[] moved = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      moved[i] = z[i] + step;
    }
    INDArray in = Nd4j.createFromArray(moved);
    INDArray out = in.ulike();
    forward.accept(in, out);
    return out.toDoubleVector();
  }
}
