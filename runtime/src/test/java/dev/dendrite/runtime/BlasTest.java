package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Products as {@link Blas} computes them (OpenBLAS's, and oneDNN's shared by two threads), and
 * the dense layer's kernels built on them, against a naive triple loop in double over inputs that are exact floats.
 *
 * <p>An element's error is measured against {@code sum_k |a_ik| |b_kj|}, the scale of its
 * rounding errors. Measured: double at most 3.9e-16 of it, float 3.0e-7 (k up to 257); the
 * tolerances are 1e-14 and 1e-5.
 */
class BlasTest {
  private static final double DOUBLE_TOLERANCE = 1e-14;
  private static final double FLOAT_TOLERANCE = 1e-5;

  /** (m, n, k): degenerate, odd, and large enough for OpenBLAS's blocked and threaded kernels. */
  static Stream<Arguments> sizes() {
    return Stream.of(
        Arguments.of(1, 1, 1),
        Arguments.of(1, 7, 3),
        Arguments.of(5, 1, 4),
        Arguments.of(3, 5, 7),
        Arguments.of(17, 13, 31),
        Arguments.of(65, 33, 129),
        Arguments.of(130, 70, 257));
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void everyTransposeInBothPrecisionsMatchesTheTripleLoop(int m, int n, int k) {
    Random random = new Random(31L * m + 7L * n + k);
    double[][] a = random(random, m, k);
    double[][] b = random(random, k, n);
    double[][] expected = product(a, b);
    double[][] scale = product(abs(a), abs(b));
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          // op(x) = x stored transposed when the flag is set, so op(a) · op(b) = a · b
          INDArray c = Nd4j.create(type, m, n);
          c.assign(Double.NaN);
          Blas.gemm(array(ta ? transpose(a) : a, type), array(tb ? transpose(b) : b, type), c, ta,
              tb);
          assertClose(expected, scale, c, type + (ta ? " aᵀ" : " a") + (tb ? " bᵀ" : " b"));
        }
      }
    }
  }

  /** The sized overload reads arrays of any shape as row-major matrices. */
  @ParameterizedTest
  @MethodSource("sizes")
  void sizedProductReadsArraysOfAnyShape(int m, int n, int k) {
    Random random = new Random(m * 1000L + n * 10L + k);
    double[][] a = random(random, m, k);
    double[][] b = random(random, k, n);
    INDArray c = Nd4j.create(DataType.FLOAT, (long) m * n);
    Blas.gemm(array(transpose(a), DataType.FLOAT).reshape((long) m * k), array(b, DataType.FLOAT)
        .reshape(1, 1, (long) k * n), c, true, false, m, n, k);
    assertClose(product(a, b), product(abs(a), abs(b)), c.reshape(m, n), DataType.FLOAT,
        "sized");
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void denseForwardAndBackwardMatchTheTripleLoop(int batch, int units, int inputs) {
    Random random = new Random(batch + 100L * units + 10000L * inputs);
    double[][] x = random(random, batch, inputs);
    double[][] kernel = random(random, inputs, units);
    double[][] bias = random(random, 1, units);
    double[][] dZ = random(random, batch, units);
    double[][] out = product(x, kernel);
    double[][] outScale = product(abs(x), abs(kernel));
    double[][] biasGrad = new double[1][units];
    double[][] biasScale = new double[1][units];
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < units; j++) {
        out[i][j] += bias[0][j];
        outScale[i][j] += Math.abs(bias[0][j]);
        biasGrad[0][j] += dZ[i][j];
        biasScale[0][j] += Math.abs(dZ[i][j]);
      }
    }
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      INDArray result = Nd4j.create(type, batch, units);
      Kernels.dense(array(x, type), array(kernel, type), array(bias, type).reshape(units),
          result);
      assertClose(out, outScale, result, "dense " + type);
      Kernels.dense(array(x, type), array(kernel, type), null, result);
      assertClose(product(x, kernel), product(abs(x), abs(kernel)), result,
          "dense without bias " + type);

      INDArray kernelGrad = Nd4j.create(type, inputs, units);
      INDArray bGrad = Nd4j.create(type, units);
      INDArray dX = Nd4j.create(type, batch, inputs);
      Kernels.denseBackward(array(x, type), array(kernel, type), array(dZ, type), kernelGrad,
          bGrad, dX);
      assertClose(product(transpose(x), dZ), product(abs(transpose(x)), abs(dZ)), kernelGrad,
          "kernel gradient " + type);
      assertClose(biasGrad, biasScale, bGrad.reshape(1, units), "bias gradient " + type);
      assertClose(product(dZ, transpose(kernel)), product(abs(dZ), abs(transpose(kernel))), dX,
          "input gradient " + type);

      // a first layer without bias: no input or bias gradient, the kernel's still right
      kernelGrad.assign(Double.NaN);
      Kernels.denseBackward(array(x, type), array(kernel, type), array(dZ, type), kernelGrad,
          null, null);
      assertClose(product(transpose(x), dZ), product(abs(transpose(x)), abs(dZ)), kernelGrad,
          "first layer's kernel gradient " + type);
    }
  }

  /**
   * (m, n, k) of products shared by the two threads: M1's five at batch 128 (forward, weight
   * and input gradients), wider than tall and taller than wide, and sizes that end inside a
   * block.
   */
  static Stream<Arguments> sharedSizes() {
    return Stream.of(
        Arguments.of(128, 300, 784),
        Arguments.of(784, 300, 128),
        Arguments.of(128, 100, 300),
        Arguments.of(300, 100, 128),
        Arguments.of(128, 300, 100),
        Arguments.of(131, 37, 97),
        Arguments.of(9, 301, 113),
        Arguments.of(257, 8, 200));
  }

  /**
   * A shared float product agrees with the triple loop, for every transpose, and is bit for
   * bit the product the caller computes alone (the second thread held elsewhere): its blocks do
   * not depend on which thread takes them. Repeated until the second thread has taken part.
   */
  @ParameterizedTest
  @MethodSource("sharedSizes")
  void sharedProductsMatchTheTripleLoopAndTheCallerAloneBitForBit(int m, int n, int k) {
    assumeTrue(SecondThread.AVAILABLE, "one core: nothing to share");
    System.setProperty(SplitPass.SWITCH, "true");
    try {
      assumeTrue(Blas.SharedProduct.pays(m, n, k), "OpenMP not on two threads here");
      Random random = new Random(17L * m + 5L * n + k);
      double[][] a = random(random, m, k);
      double[][] b = random(random, k, n);
      double[][] expected = product(a, b);
      double[][] scale = product(abs(a), abs(b));
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          String what = (ta ? "aᵀ" : "a") + (tb ? " bᵀ" : " b") + " " + m + "x" + n + "x" + k;
          INDArray left = array(ta ? transpose(a) : a, DataType.FLOAT);
          INDArray right = array(tb ? transpose(b) : b, DataType.FLOAT);
          INDArray alone = Nd4j.create(DataType.FLOAT, m, n);
          assertTrue(SecondThread.claim(), "the second thread free");
          try {
            Blas.gemm(left, right, alone, ta, tb);
          } finally {
            SecondThread.release();
          }
          assertClose(expected, scale, alone, what + ", alone");
          boolean shared = false;
          for (int i = 0; i < 200 && !shared; i++) {
            SplitPass.clearBackOff();
            long tasks = SecondThread.tasksRun();
            INDArray c = Nd4j.create(DataType.FLOAT, m, n);
            c.assign(Double.NaN);
            Blas.gemm(left, right, c, ta, tb);
            assertArrayEquals(alone.data().asInt(), c.data().asInt(), what + ", shared");
            shared = SecondThread.tasksRun() > tasks;
          }
          assertTrue(shared, what + ": the second thread never took part");
        }
      }
    } finally {
      System.clearProperty(SplitPass.SWITCH);
    }
  }

  /**
   * Products OpenBLAS keeps on one thread, double products, and every product with sharing
   * off, stay with OpenBLAS on the caller: the second thread does none of them.
   */
  @org.junit.jupiter.api.Test
  void smallDoubleAndUnsharedProductsStayWithOpenBlas() {
    assertFalse(Blas.SharedProduct.pays(64, 32, 64), "2^17 multiply-adds");
    System.setProperty(SplitPass.SWITCH, "false");
    try {
      assertFalse(Blas.SharedProduct.pays(128, 300, 784), "sharing off");
    } finally {
      System.clearProperty(SplitPass.SWITCH);
    }
    long tasks = SecondThread.tasksRun();
    Blas.gemm(Nd4j.rand(DataType.DOUBLE, 128, 300), Nd4j.rand(DataType.DOUBLE, 300, 100),
        Nd4j.create(DataType.DOUBLE, 128, 100), false, false);
    Blas.gemm(Nd4j.rand(DataType.FLOAT, 64, 64), Nd4j.rand(DataType.FLOAT, 64, 32),
        Nd4j.create(DataType.FLOAT, 64, 32), false, false);
    assertEquals(tasks, SecondThread.tasksRun());
  }

  @org.junit.jupiter.api.Test
  void shapesThatDoNotAgreeAreRefused() {
    INDArray a = Nd4j.create(DataType.FLOAT, 2, 3);
    INDArray b = Nd4j.create(DataType.FLOAT, 3, 4);
    // a wrong row count, a wrong inner size, a wrong column count
    assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 3, 4), false, false));
    assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 2, 4), true, false));
    assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 2, 3), false, false));
    assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 2, 3), false, true));
    assertEquals("gemm shapes do not agree: [2, 3]ᵀ · [3, 4] -> [2, 4]",
        assertThrows(IllegalArgumentException.class,
            () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 2, 4), true, false)).getMessage());
    assertEquals("gemm shapes do not agree: [2, 3] · [3, 4]ᵀ -> [2, 3]",
        assertThrows(IllegalArgumentException.class,
            () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 2, 3), false, true)).getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 2, 4), false, false, 2, 4, 4));
    assertEquals("gemm sizes do not agree: 2x4 · 4x4 with arrays of 6, 12, 8", e.getMessage());
    for (int[] mnk : new int[][] {{3, 4, 3}, {2, 5, 3}, {2, 4, 2}}) {
      assertThrows(IllegalArgumentException.class, () -> Blas.gemm(a, b,
          Nd4j.create(DataType.FLOAT, 2, 4), false, false, mnk[0], mnk[1], mnk[2]));
    }
  }

  /** Gaussian values rounded to float. */
  private static double[][] random(Random random, int rows, int cols) {
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return x;
  }

  private static double[][] product(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        double sum = 0;
        for (int l = 0; l < b.length; l++) {
          sum += a[i][l] * b[l][j];
        }
        c[i][j] = sum;
      }
    }
    return c;
  }

  private static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  private static double[][] abs(double[][] a) {
    double[][] r = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      r[i] = java.util.Arrays.stream(a[i]).map(Math::abs).toArray();
    }
    return r;
  }

  private static INDArray array(double[][] x, DataType type) {
    return Nd4j.createFromArray(x).castTo(type);
  }

  private static void assertClose(double[][] expected, double[][] scale, INDArray actual,
      String what) {
    assertClose(expected, scale, actual, actual.dataType(), what);
  }

  private static void assertClose(double[][] expected, double[][] scale, INDArray actual,
      DataType type, String what) {
    assertEquals(expected.length, actual.size(0), what + ": rows");
    assertEquals(expected[0].length, actual.size(1), what + ": columns");
    double tolerance = type == DataType.FLOAT ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[0].length; j++) {
        double error = Math.abs(expected[i][j] - actual.getDouble(i, j));
        assertTrue(error <= tolerance * scale[i][j], what + " at " + i + "," + j + ": "
            + actual.getDouble(i, j) + " against " + expected[i][j]);
      }
    }
  }
}
