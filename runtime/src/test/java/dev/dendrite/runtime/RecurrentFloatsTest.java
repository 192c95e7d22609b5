package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM's float path ({@link RecurrentFloats}) against its double path, which the PyTorch
 * agreement and gradient-check tests pin down: the same inputs and weights give the same
 * outputs, gates and every gradient to float precision, for each activation pairing.
 */
class RecurrentFloatsTest {
  /** Few series (the recurrent product in Java) and many (in OpenBLAS). */
  private static final int FEW = 3;
  private static final int STEPS = 5;
  /** Features that {@link RecurrentFloats#lstmStep} projects itself, and more than that. */
  private static final int FEATURES = 2;
  private static final int MANY_FEATURES = RecurrentFloats.FUSED_FEATURES + 1;
  /** Units: not a multiple of the four kernel rows the Java product takes per pass. */
  private static final int U = 5;
  private static final int MANY = (int) (RecurrentFloats.JAVA_PRODUCT_MACS / (4 * U * U)) + 1;

  @Test
  void tanhIsMathTanhRoundedToFloat() {
    float[] z = activated(Activation.TANH, 1000f, -1000f, 0f, 10f, -10f);
    assertEquals(1f, z[0]);
    assertEquals(-1f, z[1]);
    assertEquals(0f, z[2]);
    assertEquals(1f, z[3]);
    assertEquals(-1f, z[4]);
    withinAnUlp(Activation.TANH, Math::tanh);
  }

  @Test
  void sigmoidIsTheLogisticRoundedToFloat() {
    float[] z = activated(Activation.SIGMOID, 1000f, -1000f, 0f);
    assertEquals(1f, z[0]);
    assertEquals(0f, z[1]);
    assertEquals(0.5f, z[2]);
    withinAnUlp(Activation.SIGMOID, v -> 1 / (1 + Math.exp(-v)));
  }

  /** {@code f} of random values from 1e-6 to 1e3 against a double reference, rounded. */
  private static void withinAnUlp(Activation f, java.util.function.DoubleUnaryOperator reference) {
    Random random = new Random(7);
    float[] z = new float[100];
    for (int round = 0; round < 1000; round++) {
      for (int k = 0; k < z.length; k++) {
        z[k] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(10) - 6));
      }
      float[] actual = activated(f, z);
      for (int k = 0; k < z.length; k++) {
        float expected = (float) reference.applyAsDouble(z[k]);
        assertTrue(Math.abs(actual[k] - expected) <= Math.ulp(expected),
            f + "(" + z[k] + ") = " + actual[k] + ", expected " + expected);
      }
    }
  }

  private static float[] activated(Activation f, float... z) {
    float[] v = z.clone();
    RecurrentFloats.activate(f, v, 0, v.length, new double[v.length]);
    return v;
  }

  @Test
  void lstmLastStateAgreesWithTheDoublePath() {
    for (Activation[] pair : new Activation[][] {{Activation.TANH, Activation.SIGMOID},
        {Activation.RELU, Activation.HARD_SIGMOID}, {Activation.LINEAR, Activation.SIGMOID}}) {
      compare(false, pair[0], pair[1]);
    }
  }

  @Test
  void lstmSequencesAgreeWithTheDoublePath() {
    compare(true, Activation.TANH, Activation.SIGMOID);
  }

  @Test
  void lstmProjectedByOpenBlasAgreesWithTheDoublePath() {
    for (int n : new int[] {FEW, MANY}) {
      compareAt(n, MANY_FEATURES, false, Activation.TANH, Activation.SIGMOID);
    }
  }

  private static void compare(boolean sequences, Activation activation, Activation recurrent) {
    for (int n : new int[] {FEW, MANY}) {
      compareAt(n, FEATURES, sequences, activation, recurrent);
    }
  }

  private static void compareAt(int n, int features, boolean sequences, Activation activation,
      Activation recurrent) {
    Random random = new Random(11);
    List<INDArray> doubles = run(DataType.DOUBLE, n, features, sequences, activation, recurrent,
        random);
    List<INDArray> floats = run(DataType.FLOAT, n, features, sequences, activation, recurrent,
        new Random(11));
    String[] names = {"out", "gates", "cells", "states", "kernelGrad", "recurrentKernelGrad",
        "biasGrad", "inGrad"};
    for (int a = 0; a < names.length; a++) {
      double[] expected = doubles.get(a).data().asDouble();
      double[] actual = floats.get(a).data().asDouble();
      // the weight gradients are sums over all n * steps rows: float rounding grows with their
      // count (about its square root), far below what a wrong kernel gives
      double scale = names[a].endsWith("Grad") && !names[a].equals("inGrad") ? Math.sqrt(n) : 1;
      for (int k = 0; k < expected.length; k++) {
        assertEquals(expected[k], actual[k], 1e-5 * scale * (1 + Math.abs(expected[k])),
            names[a] + "[" + k + "] of " + n + " series of " + features + " with " + activation
                + "/" + recurrent + (sequences ? ", sequences" : ""));
      }
    }
  }

  /** Forward and backward in one data type from the same random values. */
  private static List<INDArray> run(DataType type, int n, int features, boolean sequences,
      Activation activation, Activation recurrent, Random random) {
    INDArray x = random(type, random, 1, n, STEPS, features);
    INDArray kernel = random(type, random, 0.5, features, 4 * U);
    INDArray recurrentKernel = random(type, random, 0.5, U, 4 * U);
    INDArray bias = random(type, random, 0.5, 4 * U);
    long[] outShape = sequences ? new long[] {n, STEPS, U} : new long[] {n, U};
    INDArray outGrad = random(type, random, 1, outShape);
    INDArray gates = Nd4j.create(type, n, STEPS, 4 * U);
    INDArray cells = Nd4j.create(type, n, STEPS, U);
    INDArray states = Nd4j.create(type, n, STEPS, U);
    INDArray out = Nd4j.create(type, outShape);
    Recurrent.lstm(x, kernel, recurrentKernel, bias, gates, cells, states, out, activation,
        recurrent);
    INDArray kernelGrad = Nd4j.create(type, features, 4 * U);
    INDArray recurrentKernelGrad = Nd4j.create(type, U, 4 * U);
    INDArray biasGrad = Nd4j.create(type, 4 * U);
    INDArray inGrad = Nd4j.create(type, n, STEPS, features);
    Recurrent.lstmBackward(x, kernel, recurrentKernel, gates, cells, states, outGrad,
        Nd4j.create(type, n, STEPS, 4 * U), Nd4j.create(type, n, U), Nd4j.create(type, n, U),
        kernelGrad, recurrentKernelGrad, biasGrad, inGrad, activation, recurrent);
    return new ArrayList<>(List.of(out, gates, cells, states, kernelGrad, recurrentKernelGrad,
        biasGrad, inGrad));
  }

  private static INDArray random(DataType type, Random random, double scale, long... shape) {
    INDArray array = Nd4j.create(type, shape);
    Vec v = Vec.of(array);
    for (int k = 0; k < v.length; k++) {
      v.set(k, (float) (random.nextGaussian() * scale));
    }
    return array;
  }
}
