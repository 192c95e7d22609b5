package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Padding;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The native kernels against {@link NaiveConvolutions}, over odd sizes, strides and padding. */
class ConvolutionsTest {
  private final Random random = new Random(17);

  /** (height, width, channels, kernel h, kernel w, filters, stride h, stride w, padding). */
  static Stream<Arguments> convCases() {
    return Stream.of(
        Arguments.of(5, 5, 1, 3, 3, 2, 1, 1, Padding.VALID),
        Arguments.of(7, 6, 3, 3, 2, 4, 2, 1, Padding.VALID),
        Arguments.of(7, 6, 3, 3, 2, 4, 2, 1, Padding.SAME),
        Arguments.of(8, 8, 2, 4, 4, 3, 3, 3, Padding.SAME),
        Arguments.of(9, 5, 2, 5, 1, 2, 2, 2, Padding.SAME),
        Arguments.of(1, 11, 2, 1, 4, 3, 1, 2, Padding.VALID),
        Arguments.of(1, 11, 2, 1, 4, 3, 1, 3, Padding.SAME),
        Arguments.of(4, 4, 1, 4, 4, 1, 1, 1, Padding.VALID));
  }

  @ParameterizedTest
  @MethodSource("convCases")
  void conv2dMatchesTheNaiveReference(int h, int w, int c, int kh, int kw, int f, int sh, int sw,
      Padding padding) {
    double[][][][] x = random4(2, h, w, c);
    double[][][][] kernel = random4(kh, kw, c, f);
    double[] bias = new double[f];
    for (int o = 0; o < f; o++) {
      bias[o] = random.nextGaussian();
    }
    double[][][][] expected = NaiveConvolutions.conv2d(x, kernel, bias, sh, sw, padding);
    int oh = ShapeMath.outputLength(h, kh, sh, padding);
    int ow = ShapeMath.outputLength(w, kw, sw, padding);

    for (boolean useNative : new boolean[] {false, true}) {
      for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
        INDArray out = Nd4j.create(type, 2, oh, ow, f);
        INDArray cols = Nd4j.create(type, 2L * oh * ow, (long) kh * kw * c);
        Convolutions.conv2d(Nd4j.createFromArray(x).castTo(type),
            Nd4j.createFromArray(kernel).castTo(type), Nd4j.createFromArray(bias).castTo(type),
            out, cols, sh, sw, padding, useNative);
        assertClose(expected, out, type == DataType.FLOAT ? 1e-4 : 1e-9);
      }
    }
  }

  /**
   * The four ways to the gradients agree: im2col and the native op, each in float (direct
   * buffers) and double (the precision the gradient checks use).
   */
  @ParameterizedTest
  @MethodSource("convCases")
  void conv2dBackwardAgreesAcrossPathsAndPrecisions(int h, int w, int c, int kh, int kw, int f,
      int sh, int sw, Padding padding) {
    int oh = ShapeMath.outputLength(h, kh, sh, padding);
    int ow = ShapeMath.outputLength(w, kw, sw, padding);
    INDArray x = Nd4j.createFromArray(random4(2, h, w, c));
    INDArray kernel = Nd4j.createFromArray(random4(kh, kw, c, f));
    INDArray dOut = Nd4j.createFromArray(random4(2, oh, ow, f));
    INDArray[] reference = null;
    for (boolean useNative : new boolean[] {false, true}) {
      for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
        INDArray cols = useNative ? Nd4j.create(type, 2, h, w, c)
            : Nd4j.create(type, 2L * oh * ow, (long) kh * kw * c);
        INDArray dX = Nd4j.create(type, 2, h, w, c);
        INDArray kernelGrad = Nd4j.create(type, kh, kw, c, f);
        INDArray biasGrad = Nd4j.create(type, f);
        INDArray xt = x.castTo(type);
        INDArray kt = kernel.castTo(type);
        Convolutions.conv2d(xt, kt, null, Nd4j.create(type, 2, oh, ow, f), cols, sh, sw, padding,
            useNative);
        Convolutions.conv2dBackward(xt, kt, dOut.castTo(type), cols, dX, kernelGrad, biasGrad,
            sh, sw, padding, useNative);
        INDArray[] grads = {dX, kernelGrad, biasGrad};
        if (reference == null) {
          reference = grads;
          continue;
        }
        for (int g = 0; g < 3; g++) {
          INDArray expected = reference[g];
          INDArray actual = grads[g].castTo(DataType.DOUBLE);
          double scale = Math.max(1, expected.amaxNumber().doubleValue());
          assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-4 * scale,
              "gradient " + g + (useNative ? " native " : " im2col ") + type);
        }
      }
    }
  }

  /** (height, width, pool h, pool w, stride h, stride w, padding). */
  static Stream<Arguments> poolCases() {
    return Stream.of(
        Arguments.of(4, 4, 2, 2, 2, 2, Padding.VALID),
        Arguments.of(5, 5, 2, 2, 2, 2, Padding.VALID),
        Arguments.of(5, 5, 2, 2, 2, 2, Padding.SAME),
        Arguments.of(7, 6, 3, 2, 2, 1, Padding.SAME),
        Arguments.of(19, 19, 5, 5, 5, 5, Padding.VALID),
        Arguments.of(1, 13, 1, 5, 1, 5, Padding.VALID),
        Arguments.of(1, 13, 1, 4, 1, 3, Padding.SAME));
  }

  @ParameterizedTest
  @MethodSource("poolCases")
  void poolingMatchesTheNaiveReference(int h, int w, int ph, int pw, int sh, int sw,
      Padding padding) {
    double[][][][] x = random4(2, h, w, 3);
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    for (boolean useNative : new boolean[] {false, true}) {
      INDArray max = Nd4j.create(DataType.DOUBLE, 2, oh, ow, 3);
      INDArray average = Nd4j.create(DataType.DOUBLE, 2, oh, ow, 3);

      Convolutions.pool(Nd4j.createFromArray(x), max, ph, pw, sh, sw, padding, true, useNative);
      Convolutions.pool(Nd4j.createFromArray(x), average, ph, pw, sh, sw, padding, false,
          useNative);

      assertClose(NaiveConvolutions.pool(x, ph, pw, sh, sw, padding, true), max);
      assertClose(NaiveConvolutions.pool(x, ph, pw, sh, sw, padding, false), average);
    }
  }

  /** The loops and the native ops send the same gradients back through every pooling case. */
  @ParameterizedTest
  @MethodSource("poolCases")
  void poolingBackwardAgreesBetweenLoopsAndNativeOps(int h, int w, int ph, int pw, int sh,
      int sw, Padding padding) {
    INDArray x = Nd4j.createFromArray(random4(2, h, w, 3));
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    INDArray dOut = Nd4j.createFromArray(random4(2, oh, ow, 3));
    for (boolean max : new boolean[] {true, false}) {
      INDArray loops = Nd4j.create(DataType.DOUBLE, 2, h, w, 3);
      INDArray ops = Nd4j.create(DataType.DOUBLE, 2, h, w, 3);
      Convolutions.poolBackward(x, dOut, loops, ph, pw, sh, sw, padding, max, false);
      Convolutions.poolBackward(x, dOut, ops, ph, pw, sh, sw, padding, max, true);
      assertTrue(loops.equalsWithEps(ops, 1e-9), (max ? "max " : "average ") + loops + ops);
    }
  }

  @Test
  void globalAveragePoolingAveragesEveryChannelOverTheMap() {
    double[][][][] x = random4(2, 3, 5, 4);
    INDArray out = Nd4j.create(DataType.DOUBLE, 2, 4);

    Convolutions.globalAveragePool(Nd4j.createFromArray(x), out);

    double[][][][] expected = NaiveConvolutions.pool(x, 3, 5, 1, 1, Padding.VALID, false);
    for (int s = 0; s < 2; s++) {
      for (int c = 0; c < 4; c++) {
        assertEquals(expected[s][0][0][c], out.getDouble(s, c), 1e-12);
      }
    }
  }

  @Test
  void shapeArithmeticFollowsKeras() {
    assertEquals(26, ShapeMath.outputLength(28, 3, 1, Padding.VALID));
    assertEquals(19, ShapeMath.outputLength(28, 10, 1, Padding.VALID));
    assertEquals(2, ShapeMath.outputLength(10, 5, 5, Padding.VALID));
    assertEquals(0, ShapeMath.outputLength(8, 10, 1, Padding.VALID));
    assertEquals(14, ShapeMath.outputLength(28, 3, 2, Padding.SAME));
    assertEquals(5, ShapeMath.outputLength(13, 2, 3, Padding.SAME));
    // SAME: 7 with kernel 4 stride 2 -> out 4, total padding 3, one before, two after
    assertEquals(1, ShapeMath.paddingBefore(7, 4, 2, Padding.SAME));
    assertArrayEquals(new int[] {0, 0},
        new int[] {ShapeMath.paddingBefore(7, 4, 2, Padding.VALID),
            ShapeMath.paddingBefore(6, 2, 2, Padding.SAME)});
  }

  private double[][][][] random4(int a, int b, int c, int d) {
    double[][][][] x = new double[a][b][c][d];
    for (double[][][] i : x) {
      for (double[][] j : i) {
        for (double[] k : j) {
          for (int l = 0; l < d; l++) {
            k[l] = random.nextGaussian();
          }
        }
      }
    }
    return x;
  }

  private static void assertClose(double[][][][] expected, INDArray actual) {
    assertClose(expected, actual, 1e-9);
  }

  private static void assertClose(double[][][][] expected, INDArray actual, double tolerance) {
    assertArrayEquals(new long[] {expected.length, expected[0].length, expected[0][0].length,
        expected[0][0][0].length}, actual.shape());
    for (int a = 0; a < expected.length; a++) {
      for (int b = 0; b < expected[0].length; b++) {
        for (int c = 0; c < expected[0][0].length; c++) {
          for (int d = 0; d < expected[0][0][0].length; d++) {
            assertEquals(expected[a][b][c][d], actual.getDouble(a, b, c, d), tolerance,
                "at " + a + "," + b + "," + c + "," + d);
          }
        }
      }
    }
  }
}
