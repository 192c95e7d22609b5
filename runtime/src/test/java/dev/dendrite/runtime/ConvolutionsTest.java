package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Padding;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every convolution and pooling path (im2col + GEMM and loops, libnd4j's native ops; float and
 * double) against {@link NaiveConvolutions}, over odd sizes, strides and padding.
 *
 * <p>Inputs are floats widened to double, so every path sees the same numbers and differences
 * come from arithmetic alone. Tolerances are relative to the largest expected magnitude. Measured
 * over these cases: double paths differ from the naive loops by at most 2.6e-16 (summation
 * order; tolerance 1e-14), float paths by at most 1.1e-6 (a bias gradient summing 8 samples'
 * cells; tolerance 1e-5).
 */
class ConvolutionsTest {
  private static final double DOUBLE_TOLERANCE = 1e-14;
  private static final double FLOAT_TOLERANCE = 1e-5;
  private static final DataType[] TYPES = {DataType.DOUBLE, DataType.FLOAT};
  private static final boolean[] PATHS = {false, true};

  private final Random random = new Random(17);

  /** (height, width, channels, kernel h, kernel w, filters, stride h, stride w, padding). */
  static Stream<Arguments> convCases() {
    return Stream.of(
        Arguments.of(5, 5, 1, 3, 3, 2, 1, 1, Padding.VALID),
        Arguments.of(7, 6, 3, 3, 2, 4, 2, 1, Padding.VALID),
        Arguments.of(7, 6, 3, 3, 2, 4, 2, 1, Padding.SAME),
        Arguments.of(8, 8, 2, 4, 4, 3, 3, 3, Padding.SAME),
        Arguments.of(9, 5, 2, 5, 1, 2, 2, 2, Padding.SAME),
        Arguments.of(6, 7, 2, 2, 3, 3, 3, 2, Padding.VALID),
        Arguments.of(1, 11, 2, 1, 4, 3, 1, 2, Padding.VALID),
        Arguments.of(1, 11, 2, 1, 4, 3, 1, 3, Padding.SAME),
        Arguments.of(1, 1, 2, 1, 3, 2, 1, 1, Padding.SAME),
        Arguments.of(4, 4, 1, 4, 4, 1, 1, 1, Padding.VALID));
  }

  @ParameterizedTest
  @MethodSource("convCases")
  void conv2dMatchesTheNaiveReference(int h, int w, int c, int kh, int kw, int f, int sh, int sw,
      Padding padding) {
    double[][][][] x = random4(2, h, w, c);
    double[][][][] kernel = random4(kh, kw, c, f);
    double[] bias = random1(f);
    int oh = ShapeMath.outputLength(h, kh, sh, padding);
    int ow = ShapeMath.outputLength(w, kw, sw, padding);

    for (double[] b : new double[][] {bias, null}) {
      double[][][][] expected = NaiveConvolutions.conv2d(x, kernel, b, sh, sw, padding);
      for (boolean useNative : PATHS) {
        for (DataType type : TYPES) {
          INDArray out = Nd4j.create(type, 2, oh, ow, f);
          INDArray cols = Nd4j.create(type, 2L * oh * ow, (long) kh * kw * c);
          // workspaces and outputs are reused from batch to batch: stale values must not leak
          cols.assign(Double.NaN);
          out.assign(Double.NaN);
          Convolutions.conv2d(array(x, type), array(kernel, type),
              b == null ? null : Nd4j.createFromArray(b).castTo(type), out, cols, sh, sw, padding,
              useNative);
          assertClose(flat(expected), out, type,
              path(useNative, type) + (b == null ? " without bias" : " with bias"));
        }
      }
    }
  }

  /**
   * The backward pass against the naive gradients on both paths in both precisions, with and
   * without the input gradient (a first layer) and the bias gradient (a layer without bias).
   */
  @ParameterizedTest
  @MethodSource("convCases")
  void conv2dBackwardMatchesTheNaiveReference(int h, int w, int c, int kh, int kw, int f, int sh,
      int sw, Padding padding) {
    int oh = ShapeMath.outputLength(h, kh, sh, padding);
    int ow = ShapeMath.outputLength(w, kw, sw, padding);
    double[][][][] x = random4(2, h, w, c);
    double[][][][] kernel = random4(kh, kw, c, f);
    double[][][][] dOut = random4(2, oh, ow, f);
    NaiveConvolutions.ConvGradients expected =
        NaiveConvolutions.conv2dBackward(x, kernel, dOut, sh, sw, padding);
    for (boolean useNative : PATHS) {
      for (DataType type : TYPES) {
        for (boolean firstLayer : new boolean[] {false, true}) {
          String what = path(useNative, type) + (firstLayer ? ", no dX, no bias" : "");
          INDArray cols = useNative ? Nd4j.create(type, 2, h, w, c)
              : Nd4j.create(type, 2L * oh * ow, (long) kh * kw * c);
          INDArray dX = firstLayer ? null : Nd4j.create(type, 2, h, w, c);
          INDArray kernelGrad = Nd4j.create(type, kh, kw, c, f);
          INDArray biasGrad = firstLayer ? null : Nd4j.create(type, f);
          for (INDArray stale : new INDArray[] {cols, dX, kernelGrad, biasGrad}) {
            if (stale != null) {
              stale.assign(Double.NaN);
            }
          }
          INDArray xt = array(x, type);
          INDArray kt = array(kernel, type);
          Convolutions.conv2d(xt, kt, null, Nd4j.create(type, 2, oh, ow, f), cols, sh, sw,
              padding, useNative);
          Convolutions.conv2dBackward(xt, kt, array(dOut, type), cols, dX, kernelGrad, biasGrad,
              sh, sw, padding, useNative);
          assertClose(flat(expected.kernel()), kernelGrad, type, "kernel gradient, " + what);
          if (!firstLayer) {
            assertClose(flat(expected.dX()), dX, type, "input gradient, " + what);
            assertClose(expected.bias(), biasGrad, type, "bias gradient, " + what);
          }
        }
      }
    }
  }

  /**
   * The public entry points choose oneDNN from 8 samples and im2col below; both reach the naive
   * answer through the workspace {@link Convolutions#workspace} makes for them.
   */
  @ParameterizedTest
  @MethodSource("convCases")
  void publicConvolutionAtEitherBatchSizeMatchesTheNaiveReference(int h, int w, int c, int kh,
      int kw, int f, int sh, int sw, Padding padding) {
    int oh = ShapeMath.outputLength(h, kh, sh, padding);
    int ow = ShapeMath.outputLength(w, kw, sw, padding);
    for (int n : new int[] {Convolutions.NATIVE_MIN_BATCH - 1, Convolutions.NATIVE_MIN_BATCH}) {
      double[][][][] x = random4(n, h, w, c);
      double[][][][] kernel = random4(kh, kw, c, f);
      double[] bias = random1(f);
      double[][][][] dOut = random4(n, oh, ow, f);
      NaiveConvolutions.ConvGradients grads =
          NaiveConvolutions.conv2dBackward(x, kernel, dOut, sh, sw, padding);
      DataType type = DataType.FLOAT;
      INDArray cols = Convolutions.workspace(type, new long[] {(long) n * oh * ow,
          (long) kh * kw * c}, n, h, w, c);
      assertEquals(Convolutions.nativeFor(n) ? 4 : 2, cols.rank());
      INDArray out = Nd4j.create(type, n, oh, ow, f);
      INDArray xt = array(x, type);
      INDArray kt = array(kernel, type);
      Convolutions.conv2d(xt, kt, Nd4j.createFromArray(bias).castTo(type), out, cols, sh, sw,
          padding);
      assertClose(flat(NaiveConvolutions.conv2d(x, kernel, bias, sh, sw, padding)), out, type,
          "forward at batch " + n);
      INDArray dX = Nd4j.create(type, n, h, w, c);
      INDArray kernelGrad = Nd4j.create(type, kh, kw, c, f);
      INDArray biasGrad = Nd4j.create(type, f);
      Convolutions.conv2dBackward(xt, kt, array(dOut, type), cols, dX, kernelGrad, biasGrad, sh,
          sw, padding);
      assertClose(flat(grads.dX()), dX, type, "input gradient at batch " + n);
      assertClose(flat(grads.kernel()), kernelGrad, type, "kernel gradient at batch " + n);
      assertClose(grads.bias(), biasGrad, type, "bias gradient at batch " + n);
    }
  }

  /** (height, width, channels, kernel h, kernel w, filters, dilation h, dilation w, padding). */
  static Stream<Arguments> dilatedCases() {
    return Stream.of(
        Arguments.of(7, 7, 2, 3, 3, 3, 2, 2, Padding.VALID),
        Arguments.of(7, 7, 2, 3, 3, 3, 2, 2, Padding.SAME),
        Arguments.of(9, 8, 3, 2, 3, 2, 3, 2, Padding.SAME),
        Arguments.of(8, 9, 1, 3, 2, 2, 1, 4, Padding.VALID),
        Arguments.of(6, 6, 2, 3, 3, 2, 3, 3, Padding.SAME),
        Arguments.of(1, 12, 2, 1, 3, 3, 1, 3, Padding.VALID),
        Arguments.of(1, 12, 2, 1, 3, 3, 1, 3, Padding.SAME));
  }

  /**
   * Dilated convolutions (stride 1, as Keras allows) forward and backward in both precisions, at
   * a batch size where undilated ones would run on oneDNN: windows of {@code (k - 1) * d + 1}
   * cells, SAME padding split as TensorFlow splits it, taps in the padding reading zero.
   */
  @ParameterizedTest
  @MethodSource("dilatedCases")
  void dilatedConvolutionMatchesTheNaiveReference(int h, int w, int c, int kh, int kw, int f,
      int dh, int dw, Padding padding) {
    int n = Convolutions.NATIVE_MIN_BATCH;
    int oh = ShapeMath.outputLength(h, ShapeMath.dilatedKernel(kh, dh), 1, padding);
    int ow = ShapeMath.outputLength(w, ShapeMath.dilatedKernel(kw, dw), 1, padding);
    assertEquals(NaiveConvolutions.outputLength(h, (kh - 1) * dh + 1, 1, padding), oh);
    double[][][][] x = random4(n, h, w, c);
    double[][][][] kernel = random4(kh, kw, c, f);
    double[] bias = random1(f);
    double[][][][] dOut = random4(n, oh, ow, f);
    double[][][][] expected = NaiveConvolutions.conv2d(x, kernel, bias, 1, 1, dh, dw, padding);
    NaiveConvolutions.ConvGradients grads =
        NaiveConvolutions.conv2dBackward(x, kernel, dOut, 1, 1, dh, dw, padding);
    for (DataType type : TYPES) {
      String what = type + ", dilation " + dh + "x" + dw;
      INDArray cols = Nd4j.create(type, (long) n * oh * ow, (long) kh * kw * c);
      INDArray out = Nd4j.create(type, n, oh, ow, f);
      INDArray dX = Nd4j.create(type, n, h, w, c);
      INDArray kernelGrad = Nd4j.create(type, kh, kw, c, f);
      INDArray biasGrad = Nd4j.create(type, f);
      for (INDArray stale : new INDArray[] {cols, out, dX, kernelGrad, biasGrad}) {
        stale.assign(Double.NaN);
      }
      INDArray xt = array(x, type);
      INDArray kt = array(kernel, type);
      Convolutions.conv2d(xt, kt, Nd4j.createFromArray(bias).castTo(type), out, cols, 1, 1, dh,
          dw, padding);
      assertClose(flat(expected), out, type, "forward, " + what);
      Convolutions.conv2dBackward(xt, kt, array(dOut, type), cols, dX, kernelGrad, biasGrad, 1,
          1, dh, dw, padding);
      assertClose(flat(grads.dX()), dX, type, "input gradient, " + what);
      assertClose(flat(grads.kernel()), kernelGrad, type, "kernel gradient, " + what);
      assertClose(grads.bias(), biasGrad, type, "bias gradient, " + what);
    }
  }

  /**
   * Off oneDNN called directly (double arrays: im2col below 8 samples, libnd4j's op from 8, and
   * a dilated kernel) the convolution with its ReLU is exactly the convolution, then ReLU.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void convolutionWithReluIsConvolutionThenReluInDouble(int dilation) {
    for (int n : new int[] {Convolutions.NATIVE_MIN_BATCH - 1, Convolutions.NATIVE_MIN_BATCH}) {
      INDArray x = array(random4(n, 9, 9, 3), DataType.DOUBLE);
      INDArray kernel = array(random4(3, 3, 3, 4), DataType.DOUBLE);
      INDArray bias = Nd4j.createFromArray(random1(4));
      int o = ShapeMath.outputLength(9, ShapeMath.dilatedKernel(3, dilation), 1, Padding.VALID);
      INDArray cols = dilation == 1
          ? Convolutions.workspace(DataType.DOUBLE, new long[] {(long) n * o * o, 27}, n, 9, 9, 3)
          : Nd4j.create(DataType.DOUBLE, (long) n * o * o, 27);
      INDArray z = Nd4j.create(DataType.DOUBLE, n, o, o, 4);
      INDArray expected = Nd4j.create(DataType.DOUBLE, n, o, o, 4);
      Convolutions.conv2d(x, kernel, bias, z, cols, 1, 1, dilation, dilation, Padding.VALID);
      Activations.relu(z, expected);
      INDArray out = Nd4j.create(DataType.DOUBLE, n, o, o, 4).assign(Double.NaN);
      Convolutions.conv2dRelu(x, kernel, bias, out, cols, 1, 1, dilation, dilation,
          Padding.VALID);
      assertArrayEquals(doubles(expected), doubles(out), "batch " + n);
      assertTrue(out.minNumber().doubleValue() == 0 && z.minNumber().doubleValue() < 0,
          "some values clipped at batch " + n);
    }
  }

  /**
   * A dilated convolution in double (a gradient check) has no native path: an input-shaped
   * workspace is refused.
   */
  @Test
  void dilatedConvolutionRefusesAnInputShapedWorkspace() {
    INDArray x = Nd4j.create(DataType.DOUBLE, 8, 7, 7, 2);
    INDArray kernel = Nd4j.create(DataType.DOUBLE, 3, 3, 2, 4);
    INDArray out = Nd4j.create(DataType.DOUBLE, 8, 3, 3, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.conv2d(x, kernel, null, out, Nd4j.create(DataType.DOUBLE, 8, 7, 7, 2),
            1, 1, 2, 2, Padding.VALID));
    assertTrue(e.getMessage().contains("[72, 18]"), e.getMessage());
  }

  @Test
  void nativeKernelsTakeOverAtEightSamplesWhereOneDnnIsBuiltIn() {
    assertFalse(Convolutions.nativeFor(Convolutions.NATIVE_MIN_BATCH - 1));
    assertEquals(Convolutions.ONEDNN, Convolutions.nativeFor(Convolutions.NATIVE_MIN_BATCH));
    assertEquals(8, Convolutions.NATIVE_MIN_BATCH);
  }

  @Test
  void convolutionRefusesShapesThatDoNotAgree() {
    INDArray x = Nd4j.create(DataType.FLOAT, 2, 5, 5, 3);
    INDArray kernel = Nd4j.create(DataType.FLOAT, 3, 3, 3, 4);
    INDArray cols = Nd4j.create(DataType.FLOAT, 2 * 9, 27);
    // output 3x3 expected: a wrong height, a wrong width, and a kernel of other channels
    for (INDArray[] wrong : new INDArray[][] {
        {kernel, Nd4j.create(DataType.FLOAT, 2, 4, 3, 4)},
        {kernel, Nd4j.create(DataType.FLOAT, 2, 3, 4, 4)},
        {Nd4j.create(DataType.FLOAT, 3, 3, 2, 4), Nd4j.create(DataType.FLOAT, 2, 3, 3, 4)}}) {
      assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(x, wrong[0], null,
          wrong[1], cols, 1, 1, Padding.VALID, false));
    }
  }

  /** (height, width, pool h, pool w, stride h, stride w, padding). */
  static Stream<Arguments> poolCases() {
    return Stream.of(
        Arguments.of(4, 4, 2, 2, 2, 2, Padding.VALID),
        Arguments.of(5, 5, 2, 2, 2, 2, Padding.VALID),
        Arguments.of(5, 5, 2, 2, 2, 2, Padding.SAME),
        Arguments.of(7, 6, 3, 2, 2, 1, Padding.SAME),
        Arguments.of(7, 7, 3, 3, 2, 2, Padding.VALID),
        Arguments.of(8, 9, 2, 2, 3, 3, Padding.VALID),
        Arguments.of(8, 9, 2, 3, 3, 2, Padding.SAME),
        Arguments.of(6, 6, 4, 4, 1, 1, Padding.SAME),
        Arguments.of(19, 19, 5, 5, 5, 5, Padding.VALID),
        Arguments.of(1, 13, 1, 5, 1, 5, Padding.VALID),
        Arguments.of(1, 12, 1, 3, 1, 2, Padding.VALID),
        Arguments.of(1, 13, 1, 4, 1, 3, Padding.SAME),
        Arguments.of(1, 10, 1, 2, 1, 4, Padding.SAME));
  }

  /** Max and average, forward: both paths, float (heap accumulators) and double. */
  @ParameterizedTest
  @MethodSource("poolCases")
  void poolingMatchesTheNaiveReference(int h, int w, int ph, int pw, int sh, int sw,
      Padding padding) {
    double[][][][] x = random4(2, h, w, 3);
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    for (boolean max : new boolean[] {true, false}) {
      double[] expected = flat(NaiveConvolutions.pool(x, ph, pw, sh, sw, padding, max));
      for (boolean useNative : PATHS) {
        for (DataType type : TYPES) {
          INDArray out = Nd4j.create(type, 2, oh, ow, 3);
          Convolutions.pool(array(x, type), out, ph, pw, sh, sw, padding, max, useNative);
          String what = (max ? "max, " : "average, ") + path(useNative, type);
          if (max) {
            // a maximum is one of the inputs, exactly
            assertArrayEquals(expected, doubles(out), what);
          } else {
            assertClose(expected, out, type, what);
          }
        }
      }
    }
  }

  /** Max and average, backward: both paths and both precisions against the naive gradient. */
  @ParameterizedTest
  @MethodSource("poolCases")
  void poolingBackwardMatchesTheNaiveReference(int h, int w, int ph, int pw, int sh, int sw,
      Padding padding) {
    double[][][][] x = random4(2, h, w, 3);
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    double[][][][] dOut = random4(2, oh, ow, 3);
    for (boolean max : new boolean[] {true, false}) {
      double[] expected =
          flat(NaiveConvolutions.poolBackward(x, dOut, ph, pw, sh, sw, padding, max));
      for (boolean useNative : PATHS) {
        for (DataType type : TYPES) {
          INDArray dX = Nd4j.create(type, 2, h, w, 3);
          // a stale gradient must be overwritten, not added to
          dX.assign(7);
          Convolutions.poolBackward(array(x, type), array(dOut, type), dX, ph, pw, sh, sw,
              padding, max, useNative);
          assertClose(expected, dX, type, (max ? "max, " : "average, ") + path(useNative, type));
        }
      }
    }
  }

  /**
   * Max pooling over plateaus of equal values: the gradient goes to the first maximum of each
   * window, once, on both paths.
   */
  @ParameterizedTest
  @MethodSource("poolCases")
  void maxPoolingBackwardSendsTiesToTheFirstMaximum(int h, int w, int ph, int pw, int sh, int sw,
      Padding padding) {
    double[][][][] x = random4(2, h, w, 3);
    for (double[][][] sample : x) {
      for (double[][] row : sample) {
        for (double[] cell : row) {
          for (int c = 0; c < cell.length; c++) {
            cell[c] = Math.floor(cell[c]);
          }
        }
      }
    }
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    double[][][][] dOut = random4(2, oh, ow, 3);
    double[] expected =
        flat(NaiveConvolutions.poolBackward(x, dOut, ph, pw, sh, sw, padding, true));
    for (boolean useNative : PATHS) {
      for (DataType type : TYPES) {
        INDArray dX = Nd4j.create(type, 2, h, w, 3);
        Convolutions.poolBackward(array(x, type), array(dOut, type), dX, ph, pw, sh, sw, padding,
            true, useNative);
        assertClose(expected, dX, type, path(useNative, type));
      }
    }
  }

  /** The public pooling entry points below and at the native batch size. */
  @ParameterizedTest
  @MethodSource("poolCases")
  void publicPoolingAtEitherBatchSizeMatchesTheNaiveReference(int h, int w, int ph, int pw,
      int sh, int sw, Padding padding) {
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    DataType type = DataType.FLOAT;
    for (int n : new int[] {Convolutions.NATIVE_MIN_BATCH - 1, Convolutions.NATIVE_MIN_BATCH}) {
      double[][][][] x = random4(n, h, w, 2);
      double[][][][] dOut = random4(n, oh, ow, 2);
      INDArray xt = array(x, type);
      INDArray max = Nd4j.create(type, n, oh, ow, 2);
      INDArray average = Nd4j.create(type, n, oh, ow, 2);
      INDArray dMax = Nd4j.create(type, n, h, w, 2);
      INDArray dAverage = Nd4j.create(type, n, h, w, 2);
      Convolutions.maxPool2d(xt, max, ph, pw, sh, sw, padding);
      Convolutions.averagePool2d(xt, average, ph, pw, sh, sw, padding);
      Convolutions.maxPool2dBackward(xt, array(dOut, type), dMax, ph, pw, sh, sw, padding);
      Convolutions.averagePool2dBackward(xt, array(dOut, type), dAverage, ph, pw, sh, sw,
          padding);
      String what = " at batch " + n;
      assertArrayEquals(flat(NaiveConvolutions.pool(x, ph, pw, sh, sw, padding, true)),
          doubles(max), "max" + what);
      assertClose(flat(NaiveConvolutions.pool(x, ph, pw, sh, sw, padding, false)), average, type,
          "average" + what);
      assertClose(flat(NaiveConvolutions.poolBackward(x, dOut, ph, pw, sh, sw, padding, true)),
          dMax, type, "max backward" + what);
      assertClose(flat(NaiveConvolutions.poolBackward(x, dOut, ph, pw, sh, sw, padding, false)),
          dAverage, type, "average backward" + what);
    }
  }

  /** More channels than the float loop's accumulators hold: the generic loop takes over. */
  @Test
  void floatPoolingOfManyChannelsMatchesTheNaiveReference() {
    int channels = FloatLoops.CHUNK + 3;
    double[][][][] x = random4(1, 3, 4, channels);
    for (boolean max : new boolean[] {true, false}) {
      INDArray out = Nd4j.create(DataType.FLOAT, 1, 2, 2, channels);
      Convolutions.pool(array(x, DataType.FLOAT), out, 2, 2, 2, 2, Padding.SAME, max, false);
      assertClose(flat(NaiveConvolutions.pool(x, 2, 2, 2, 2, Padding.SAME, max)), out,
          DataType.FLOAT, max ? "max" : "average");
    }
  }

  @Test
  void poolingRefusesShapesThatDoNotAgree() {
    INDArray x = Nd4j.create(DataType.FLOAT, 2, 6, 6, 3);
    // 2x2 pooling by 2 makes 3x3x3
    for (long[] shape : new long[][] {{2, 2, 3, 3}, {2, 3, 2, 3}, {2, 3, 3, 2}}) {
      INDArray out = Nd4j.create(DataType.FLOAT, shape);
      assertThrows(IllegalArgumentException.class,
          () -> Convolutions.pool(x, out, 2, 2, 2, 2, Padding.VALID, true, false));
      assertThrows(IllegalArgumentException.class, () -> Convolutions.poolBackward(x, out,
          x.ulike(), 2, 2, 2, 2, Padding.VALID, false, false));
    }
  }

  @ParameterizedTest
  @MethodSource("types")
  void globalAveragePoolingAveragesEveryChannelOverTheMap(DataType type) {
    double[][][][] x = random4(2, 3, 5, 4);
    INDArray out = Nd4j.create(type, 2, 4);

    Convolutions.globalAveragePool(array(x, type), out);

    double[][][][] expected = NaiveConvolutions.pool(x, 3, 5, 1, 1, Padding.VALID, false);
    assertClose(flat(expected), out, type, "global average");
  }

  @ParameterizedTest
  @MethodSource("types")
  void globalAveragePoolingBackwardSpreadsEachGradientOverTheMap(DataType type) {
    double[][][][] x = random4(2, 3, 5, 4);
    double[][][][] dOut = random4(2, 1, 1, 4);
    INDArray dX = Nd4j.create(type, 2, 3, 5, 4);

    Convolutions.globalAveragePoolBackward(array(dOut, type).reshape(2, 4), dX);

    double[][][][] expected =
        NaiveConvolutions.poolBackward(x, dOut, 3, 5, 1, 1, Padding.VALID, false);
    assertClose(flat(expected), dX, type, "global average backward");
  }

  @ParameterizedTest
  @MethodSource("types")
  void globalMaxPoolingTakesEveryChannelsMaximumOverTheMap(DataType type) {
    double[][][][] x = random4(2, 3, 5, 4);
    INDArray out = Nd4j.create(type, 2, 4);

    Convolutions.globalMaxPool(array(x, type), out);

    double[][][][] expected = NaiveConvolutions.pool(x, 3, 5, 1, 1, Padding.VALID, true);
    assertClose(flat(expected), out, type, "global max");
  }

  @ParameterizedTest
  @MethodSource("types")
  void globalMaxPoolingBackwardRoutesEachGradientToTheFirstMaximum(DataType type) {
    double[][][][] x = random4(2, 3, 5, 4);
    x[0][1][2][0] = 5;
    x[0][2][4][0] = 5;
    x[1][0][0][3] = 7;
    x[1][2][1][3] = 7;
    double[][][][] dOut = random4(2, 1, 1, 4);
    INDArray dX = Nd4j.create(type, 2, 3, 5, 4).assign(9);

    Convolutions.globalMaxPoolBackward(array(x, type), array(dOut, type).reshape(2, 4), dX);

    double[][][][] expected =
        NaiveConvolutions.poolBackward(x, dOut, 3, 5, 1, 1, Padding.VALID, true);
    assertClose(flat(expected), dX, type, "global max backward");
    assertEquals(0.0, dX.getDouble(0, 2, 4, 0));
    assertEquals(0.0, dX.getDouble(1, 2, 1, 3));
  }

  @ParameterizedTest
  @MethodSource("types")
  void zeroPaddingPutsTheImageInsideABorderOfZerosAndTakesBackItsWindow(DataType type) {
    double[][][][] x = random4(2, 3, 4, 2);
    INDArray out = Nd4j.create(type, 2, 5, 8, 2).assign(9);

    Convolutions.zeroPad2d(array(x, type), out, 1, 2);

    double[][][][] expected = new double[2][5][8][2];
    for (int s = 0; s < 2; s++) {
      for (int y = 0; y < 3; y++) {
        for (int xx = 0; xx < 4; xx++) {
          expected[s][y + 1][xx + 2] = x[s][y][xx].clone();
        }
      }
    }
    assertClose(flat(expected), out, type, "zero padding");

    double[][][][] dOut = random4(2, 5, 8, 2);
    INDArray dX = Nd4j.create(type, 2, 3, 4, 2);
    Convolutions.zeroPad2dBackward(array(dOut, type), dX, 1, 2);
    double[][][][] window = new double[2][3][4][2];
    for (int s = 0; s < 2; s++) {
      for (int y = 0; y < 3; y++) {
        for (int xx = 0; xx < 4; xx++) {
          window[s][y][xx] = dOut[s][y + 1][xx + 2].clone();
        }
      }
    }
    assertClose(flat(window), dX, type, "zero padding backward");
  }

  static Stream<DataType> types() {
    return Stream.of(TYPES);
  }

  private static String path(boolean useNative, DataType type) {
    return (useNative ? "native " : "loops ") + type;
  }

  /** Gaussian values that are exact floats, so both precisions start from the same numbers. */
  private double[][][][] random4(int a, int b, int c, int d) {
    double[][][][] x = new double[a][b][c][d];
    for (double[][][] i : x) {
      for (double[][] j : i) {
        for (double[] k : j) {
          for (int l = 0; l < d; l++) {
            k[l] = (float) random.nextGaussian();
          }
        }
      }
    }
    return x;
  }

  private double[] random1(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  private static INDArray array(double[][][][] x, DataType type) {
    return Nd4j.createFromArray(x).castTo(type);
  }

  /** Row-major, as the arrays are laid out. */
  private static double[] flat(double[][][][] x) {
    return java.util.Arrays.stream(x).flatMap(java.util.Arrays::stream)
        .flatMap(java.util.Arrays::stream).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static double[] doubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
  }

  /**
   * Every element within the precision's tolerance, relative to the largest expected magnitude.
   */
  private static void assertClose(double[] expected, INDArray actual, DataType type,
      String what) {
    double[] values = doubles(actual);
    assertEquals(expected.length, values.length, what + ": length");
    double scale = 0;
    double error = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      error = Math.max(error, Math.abs(expected[i] - values[i]));
    }
    double tolerance = type == DataType.FLOAT ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
    assertTrue(error <= tolerance * scale,
        what + ": error " + error + " against " + scale + " at most");
  }
}
