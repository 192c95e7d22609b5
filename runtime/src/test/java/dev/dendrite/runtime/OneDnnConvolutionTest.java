package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.Padding;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN called directly against im2col + GEMM, forward and every gradient, in float: the two
 * differ only in summation order (measured at most 8.5e-6 of the largest magnitude over these
 * cases, in a kernel gradient; tolerance 1e-4).
 */
class OneDnnConvolutionTest {
  private static final double TOLERANCE = 1e-4;
  private static final double RELU_TOLERANCE = 1e-6;

  private final Random random = new Random(7);

  @BeforeAll
  static void oneDnnLoads() {
    // the presets ship for linux-x86_64, the only platform the build names
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
    assertTrue(OneDnnConvolution.AVAILABLE, "JavaCPP's oneDNN did not load beside ND4J");
  }

  /**
   * (batch, height, width, channels, kernel h, kernel w, filters, stride h, stride w, dilation
   * h, dilation w, padding): M2's and M3's layers, a Conv1D series {@code [n, 1, w, c]}, odd
   * sizes, one sample.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(128, 28, 28, 1, 3, 3, 32, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(128, 13, 13, 32, 3, 3, 64, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(128, 28, 28, 1, 10, 10, 32, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(128, 9, 9, 32, 3, 3, 16, 2, 2, 1, 1, Padding.SAME),
        Arguments.of(128, 1, 128, 1, 1, 5, 16, 1, 1, 1, 1, Padding.SAME),
        Arguments.of(128, 1, 62, 16, 1, 5, 32, 1, 2, 1, 1, Padding.VALID),
        Arguments.of(1, 28, 28, 1, 3, 3, 8, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(1, 7, 6, 3, 3, 2, 4, 2, 1, 1, 1, Padding.SAME),
        Arguments.of(8, 8, 8, 2, 4, 4, 3, 3, 3, 1, 1, Padding.SAME),
        Arguments.of(8, 6, 7, 2, 2, 3, 3, 3, 2, 1, 1, Padding.VALID),
        Arguments.of(8, 9, 8, 3, 2, 3, 2, 1, 1, 3, 2, Padding.SAME),
        Arguments.of(8, 1, 12, 2, 1, 3, 3, 1, 1, 1, 3, Padding.VALID));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesIm2colForwardAndBackward(int n, int h, int w, int c, int kh, int kw, int f,
      int sh, int sw, int dh, int dw, Padding padding) {
    int oh = ShapeMath.outputLength(h, ShapeMath.dilatedKernel(kh, dh), sh, padding);
    int ow = ShapeMath.outputLength(w, ShapeMath.dilatedKernel(kw, dw), sw, padding);
    INDArray x = random(n, h, w, c);
    INDArray kernel = random(kh, kw, c, f);
    INDArray bias = random(f);
    INDArray dOut = random(n, oh, ow, f);
    INDArray cols = Nd4j.create(DataType.FLOAT, (long) n * oh * ow, (long) kh * kw * c);

    INDArray expected = Nd4j.create(DataType.FLOAT, n, oh, ow, f);
    INDArray actual = Nd4j.create(DataType.FLOAT, n, oh, ow, f).assign(Float.NaN);
    Convolutions.im2colConv2d(x, kernel, bias, expected, cols, sh, sw, dh, dw, padding);
    OneDnnConvolution.forward(x, kernel, bias, actual, sh, sw, dh, dw, padding, false);
    assertClose(expected, actual, "forward");

    INDArray dX = Nd4j.create(DataType.FLOAT, n, h, w, c);
    INDArray kernelGrad = Nd4j.create(DataType.FLOAT, kh, kw, c, f);
    INDArray biasGrad = Nd4j.create(DataType.FLOAT, f);
    Convolutions.im2colConv2dBackward(x, kernel, dOut, cols, dX, kernelGrad, biasGrad, sh, sw,
        dh, dw, padding);
    INDArray dX2 = Nd4j.create(DataType.FLOAT, n, h, w, c).assign(Float.NaN);
    INDArray kernelGrad2 = Nd4j.create(DataType.FLOAT, kh, kw, c, f).assign(Float.NaN);
    INDArray biasGrad2 = Nd4j.create(DataType.FLOAT, f).assign(Float.NaN);
    // twice: the second call runs on the primitives the first one made
    for (int call = 0; call < 2; call++) {
      OneDnnConvolution.backward(x, kernel, dOut, dX2, kernelGrad2, biasGrad2, sh, sw, dh, dw,
          padding);
      assertClose(dX, dX2, "input gradient");
      assertClose(kernelGrad, kernelGrad2, "kernel gradient");
      assertClose(biasGrad, biasGrad2, "bias gradient");
    }
  }

  /**
   * (batch, height, width, channels, kernel h, kernel w, filters, padding): M2's two Conv2D
   * layers and M4's two Conv1D layers {@code [n, 1, w, c]}, at one sample and at 128.
   */
  static Stream<Arguments> reluCases() {
    return Stream.of(1, 128).flatMap(n -> Stream.of(
        Arguments.of(n, 28, 28, 1, 3, 3, 32, Padding.VALID),
        Arguments.of(n, 13, 13, 32, 3, 3, 64, Padding.VALID),
        Arguments.of(n, 1, 128, 1, 1, 10, 32, Padding.VALID),
        Arguments.of(n, 1, 119, 32, 1, 10, 32, Padding.SAME)));
  }

  /**
   * The ReLU fused into the convolution gives today's convolution then ReLU: both sum in the
   * same kernel, so the values agree to float rounding (tolerance {@link #RELU_TOLERANCE} of the
   * largest magnitude; bit for bit here), and the same values are clipped. The layer's backward pass
   * afterwards, on its plan without the ReLU, still gives im2col's gradients.
   */
  @ParameterizedTest
  @MethodSource("reluCases")
  void fusedReluMatchesConvolutionThenRelu(int n, int h, int w, int c, int kh, int kw, int f,
      Padding padding) {
    int oh = ShapeMath.outputLength(h, kh, 1, padding);
    int ow = ShapeMath.outputLength(w, kw, 1, padding);
    INDArray x = random(n, h, w, c);
    INDArray kernel = random(kh, kw, c, f);
    INDArray bias = random(f);
    INDArray cols = Nd4j.create(DataType.FLOAT, (long) n * oh * ow, (long) kh * kw * c);
    INDArray z = Nd4j.create(DataType.FLOAT, n, oh, ow, f);
    INDArray expected = Nd4j.create(DataType.FLOAT, n, oh, ow, f);
    Convolutions.conv2d(x, kernel, bias, z, cols, 1, 1, padding);
    Activations.relu(z, expected);
    INDArray fused = Nd4j.create(DataType.FLOAT, n, oh, ow, f).assign(Float.NaN);
    // twice: the second call runs on the fused plan the first one made
    for (int call = 0; call < 2; call++) {
      Convolutions.conv2dRelu(x, kernel, bias, fused, cols, 1, 1, padding);
      double scale = expected.amaxNumber().doubleValue();
      double worst = expected.sub(fused).amaxNumber().doubleValue() / scale;
      assertTrue(worst <= RELU_TOLERANCE, "relative difference " + worst);
      for (long i = 0; i < fused.length(); i++) {
        if (Math.abs(z.getFloat(i)) > RELU_TOLERANCE * scale) {
          assertEquals(z.getFloat(i) > 0, fused.getFloat(i) > 0, "clipped or not at " + i);
        }
      }
    }

    INDArray dOut = random(n, oh, ow, f);
    INDArray kernelGrad = Nd4j.create(DataType.FLOAT, kh, kw, c, f);
    INDArray dX = Nd4j.create(DataType.FLOAT, n, h, w, c);
    Convolutions.im2colConv2d(x, kernel, bias, z, cols, 1, 1, 1, 1, padding);
    Convolutions.im2colConv2dBackward(x, kernel, dOut, cols, dX, kernelGrad, null, 1, 1, 1, 1,
        padding);
    INDArray kernelGrad2 = Nd4j.create(DataType.FLOAT, kh, kw, c, f).assign(Float.NaN);
    INDArray dX2 = Nd4j.create(DataType.FLOAT, n, h, w, c).assign(Float.NaN);
    Convolutions.conv2dBackward(x, kernel, dOut, cols, dX2, kernelGrad2, null, 1, 1, padding);
    assertClose(kernelGrad, kernelGrad2, "kernel gradient after the fused forward pass");
    assertClose(dX, dX2, "input gradient after the fused forward pass");
  }

  /** A first layer's backward pass leaves the input gradient out; without a bias, its gradient. */
  @Test
  void backwardWithoutInputGradientOrBias() {
    int n = 16;
    INDArray x = random(n, 12, 12, 1);
    INDArray kernel = random(5, 5, 1, 6);
    INDArray dOut = random(n, 8, 8, 6);
    INDArray cols = Nd4j.create(DataType.FLOAT, (long) n * 64, 25);
    INDArray expectedOut = Nd4j.create(DataType.FLOAT, n, 8, 8, 6);
    INDArray out = Nd4j.create(DataType.FLOAT, n, 8, 8, 6);
    Convolutions.im2colConv2d(x, kernel, null, expectedOut, cols, 1, 1, 1, 1, Padding.VALID);
    OneDnnConvolution.forward(x, kernel, null, out, 1, 1, 1, 1, Padding.VALID, false);
    assertClose(expectedOut, out, "forward without bias");
    INDArray expected = Nd4j.create(DataType.FLOAT, 5, 5, 1, 6);
    Convolutions.im2colConv2dBackward(x, kernel, dOut, cols, null, expected, null, 1, 1, 1, 1,
        Padding.VALID);
    INDArray kernelGrad = Nd4j.create(DataType.FLOAT, 5, 5, 1, 6).assign(Float.NaN);
    OneDnnConvolution.backward(x, kernel, dOut, null, kernelGrad, null, 1, 1, 1, 1,
        Padding.VALID);
    assertClose(expected, kernelGrad, "kernel gradient");
  }

  /**
   * Two threads on one layer's plan and two on their own kernels, at once (Spark's local
   * executors run networks side by side): every result as computed alone.
   */
  @Test
  void concurrentCallsGetTheirOwnResults() throws Exception {
    INDArray shared = random(3, 3, 4, 8);
    INDArray[] kernels = {shared, shared, random(3, 3, 4, 8), random(3, 3, 4, 8)};
    INDArray[] inputs = new INDArray[kernels.length];
    INDArray[] expected = new INDArray[kernels.length];
    for (int t = 0; t < kernels.length; t++) {
      inputs[t] = random(16, 9, 9, 4);
      expected[t] = Nd4j.create(DataType.FLOAT, 16, 7, 7, 8);
      Convolutions.im2colConv2d(inputs[t], kernels[t], null, expected[t],
          Nd4j.create(DataType.FLOAT, 16L * 49, 36), 1, 1, 1, 1, Padding.VALID);
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(kernels.length);
    try {
      var results = new java.util.ArrayList<java.util.concurrent.Future<INDArray>>();
      for (int t = 0; t < kernels.length; t++) {
        int task = t;
        results.add(pool.submit(() -> {
          INDArray out = Nd4j.create(DataType.FLOAT, 16, 7, 7, 8);
          for (int call = 0; call < 50; call++) {
            OneDnnConvolution.forward(inputs[task], kernels[task], null, out, 1, 1, 1, 1,
                Padding.VALID, false);
          }
          return out;
        }));
      }
      for (int t = 0; t < kernels.length; t++) {
        assertClose(expected[t], results.get(t).get(), "thread " + t);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Arrays that do not fit the layer are refused, not read or written past their end. */
  @Test
  void refusesArraysThatDoNotFit() {
    INDArray x = random(8, 5, 5, 2);
    INDArray kernel = random(3, 3, 2, 4);
    INDArray out = Nd4j.create(DataType.FLOAT, 8, 3, 3, 4);
    OneDnnConvolution.forward(x, kernel, null, out, 1, 1, 1, 1, Padding.VALID, false);
    IllegalArgumentException smallOut = assertThrows(IllegalArgumentException.class,
        () -> OneDnnConvolution.forward(x, kernel, null, Nd4j.create(DataType.FLOAT, 4, 3, 3, 4),
            1, 1, 1, 1, Padding.VALID, false));
    assertTrue(smallOut.getMessage().contains("[4, 3, 3, 4]"), smallOut.getMessage());
    IllegalArgumentException smallGrad = assertThrows(IllegalArgumentException.class,
        () -> OneDnnConvolution.backward(x, kernel, out, Nd4j.create(DataType.FLOAT, 8, 5, 5, 1),
            Nd4j.create(DataType.FLOAT, 3, 3, 2, 4), null, 1, 1, 1, 1, Padding.VALID));
    assertTrue(smallGrad.getMessage().startsWith("input gradient has 200 elements"),
        smallGrad.getMessage());
  }

  /** The public entry points send float arrays here at any batch size, doubles elsewhere. */
  @Test
  void takesFloatArraysOnly() {
    INDArray kernel = Nd4j.create(DataType.FLOAT, 3, 3, 2, 4);
    assertTrue(OneDnnConvolution.takes(Nd4j.create(DataType.FLOAT, 1, 5, 5, 2), kernel, null,
        Nd4j.create(DataType.FLOAT, 1, 3, 3, 4)));
    assertFalse(OneDnnConvolution.takes(Nd4j.create(DataType.DOUBLE, 8, 5, 5, 2),
        kernel.castTo(DataType.DOUBLE), null, Nd4j.create(DataType.DOUBLE, 8, 3, 3, 4)));
    assertFalse(OneDnnConvolution.takes(Nd4j.create(DataType.FLOAT, 8, 5, 5, 2), kernel,
        Nd4j.create(DataType.DOUBLE, 4), Nd4j.create(DataType.FLOAT, 8, 3, 3, 4)));
  }

  private INDArray random(long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, random.nextGaussian());
    }
    return a;
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = Math.max(1e-30, expected.amaxNumber().doubleValue());
    double worst = expected.sub(actual).amaxNumber().doubleValue() / scale;
    assertTrue(worst <= TOLERANCE, what + ": relative difference " + worst);
  }
}
