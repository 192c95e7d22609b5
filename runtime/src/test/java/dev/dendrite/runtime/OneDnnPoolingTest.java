package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Pooling on oneDNN called directly against the loops, float, forward and backward: maxima
 * exactly, averages and gradients to float rounding (the same element wins every window, ties
 * included; where windows overlap, a cell's gradients are added in another order).
 */
class OneDnnPoolingTest {
  private static final double TOLERANCE = 1e-6;

  private final Random random = new Random(11);

  @BeforeAll
  static void oneDnnLoads() {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
    assertTrue(OneDnnConvolution.AVAILABLE, "JavaCPP's oneDNN did not load beside ND4J");
  }

  /**
   * (batch, channels, and ConvolutionsTest's geometries: height, width, pool h, pool w, stride
   * h, stride w, padding) at one sample and at 128, with M2's and M3's pooling layers and a
   * Conv1D series's.
   */
  static Stream<Arguments> cases() {
    Stream<Arguments> models = Stream.of(
        Arguments.of(128, 32, 26, 26, 2, 2, 2, 2, Padding.VALID),
        Arguments.of(128, 64, 11, 11, 2, 2, 2, 2, Padding.VALID),
        Arguments.of(128, 32, 19, 19, 5, 5, 5, 5, Padding.VALID),
        Arguments.of(128, 16, 1, 124, 1, 2, 1, 2, Padding.VALID),
        Arguments.of(1, 32, 26, 26, 2, 2, 2, 2, Padding.VALID),
        Arguments.of(1, 32, 19, 19, 5, 5, 5, 5, Padding.VALID));
    Stream<Arguments> geometries = ConvolutionsTest.poolCases().flatMap(geometry -> Stream.of(
        1, 128).map(n -> {
          Object[] g = geometry.get();
          return Arguments.of(n, 3, g[0], g[1], g[2], g[3], g[4], g[5], g[6]);
        }));
    return Stream.concat(models, geometries);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTheLoopsForwardAndBackward(int n, int c, int h, int w, int ph, int pw, int sh,
      int sw, Padding padding) {
    int oh = ShapeMath.outputLength(h, ph, sh, padding);
    int ow = ShapeMath.outputLength(w, pw, sw, padding);
    // whole numbers in a small range: windows with tied maxima in every batch
    for (INDArray x : new INDArray[] {random(n, h, w, c), rounded(random(n, h, w, c))}) {
      INDArray dOut = random(n, oh, ow, c);
      for (boolean max : new boolean[] {true, false}) {
        String what = (max ? "max" : "average") + " at batch " + n;
        INDArray expected = Nd4j.create(DataType.FLOAT, n, oh, ow, c);
        Convolutions.pool(x, expected, ph, pw, sh, sw, padding, max, false);
        INDArray out = Nd4j.create(DataType.FLOAT, n, oh, ow, c).assign(Float.NaN);
        INDArray expectedGrad = Nd4j.create(DataType.FLOAT, n, h, w, c);
        Convolutions.poolBackward(x, dOut, expectedGrad, ph, pw, sh, sw, padding, max, false);
        INDArray dX = Nd4j.create(DataType.FLOAT, n, h, w, c);
        // twice: the second call runs on the primitives the first one made
        for (int call = 0; call < 2; call++) {
          dX.assign(Float.NaN);
          OneDnnPooling.forward(x, out, ph, pw, sh, sw, padding, max);
          OneDnnPooling.backward(x, dOut, dX, ph, pw, sh, sw, padding, max);
          if (max) {
            assertExactly(expected, out, what);
          } else {
            assertClose(expected, out, what);
          }
          // a gradient sent to another cell would differ by a whole gradient; overlapping
          // windows add theirs in another order
          assertClose(expectedGrad, dX, what + ", backward");
        }
      }
    }
  }

  /**
   * A backward pass over an input whose forward pass ran on another array, or not at all: the
   * maxima are found again, not taken from the other input's workspace.
   */
  @Test
  void maxBackwardWithoutItsForwardPassFindsTheMaxima() {
    INDArray[] inputs = {random(4, 6, 6, 3), random(4, 6, 6, 3)};
    INDArray out = Nd4j.create(DataType.FLOAT, 4, 3, 3, 3);
    INDArray dOut = random(4, 3, 3, 3);
    INDArray other = Nd4j.create(DataType.FLOAT, 4, 6, 6, 3);
    // the same plan for both arrays' shapes, but each input its own entry
    OneDnnPooling.backward(inputs[0], dOut, other, 2, 2, 2, 2, Padding.VALID, true);
    for (int step = 0; step < 2; step++) {
      for (INDArray x : inputs) {
        INDArray expected = Nd4j.create(DataType.FLOAT, 4, 6, 6, 3);
        Convolutions.poolBackward(x, dOut, expected, 2, 2, 2, 2, Padding.VALID, true, false);
        INDArray dX = Nd4j.create(DataType.FLOAT, 4, 6, 6, 3);
        OneDnnPooling.forward(inputs[0], out, 2, 2, 2, 2, Padding.VALID, true);
        OneDnnPooling.backward(x, dOut, dX, 2, 2, 2, 2, Padding.VALID, true);
        assertExactly(expected, dX, "input " + (x == inputs[0] ? 0 : 1) + ", step " + step);
      }
    }
  }

  /** The public entry points send float arrays here at every batch size. */
  @Test
  void publicEntryPointsUseItForFloats() {
    INDArray x = rounded(random(3, 5, 5, 2));
    INDArray out = Nd4j.create(DataType.FLOAT, 3, 3, 3, 2);
    INDArray expected = Nd4j.create(DataType.FLOAT, 3, 3, 3, 2);
    Convolutions.maxPool2d(x, out, 2, 2, 2, 2, Padding.SAME);
    OneDnnPooling.forward(x, expected, 2, 2, 2, 2, Padding.SAME, true);
    assertExactly(expected, out, "max");
    assertTrue(OneDnnPooling.takes(x, out));
    assertTrue(!OneDnnPooling.takes(x.castTo(DataType.DOUBLE), out.castTo(DataType.DOUBLE)));
  }

  /**
   * One-sample plans run with the calling thread's OpenMP count at one, and give it back: a
   * libnd4j op on this thread afterwards gets the process's threads.
   */
  @Test
  void oneSampleCallsRestoreTheThreadCount() {
    var openMp = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
    int threads = openMp.ompGetMaxThreads();
    INDArray x = random(1, 6, 6, 4);
    INDArray out = Nd4j.create(DataType.FLOAT, 1, 3, 3, 4);
    INDArray dX = Nd4j.create(DataType.FLOAT, 1, 6, 6, 4);
    OneDnnPooling.forward(x, out, 2, 2, 2, 2, Padding.VALID, true);
    OneDnnPooling.backward(x, out, dX, 2, 2, 2, 2, Padding.VALID, true);
    assertEquals(threads, openMp.ompGetMaxThreads(), "after pooling");
    INDArray kernel = random(3, 3, 4, 2);
    INDArray convOut = Nd4j.create(DataType.FLOAT, 1, 4, 4, 2);
    OneDnnConvolution.forward(x, kernel, null, convOut, 1, 1, 1, 1, Padding.VALID, false);
    OneDnnConvolution.backward(x, kernel, convOut, dX, kernel.ulike(), null, 1, 1, 1, 1,
        Padding.VALID);
    assertEquals(threads, openMp.ompGetMaxThreads(), "after a convolution");
  }

  @Test
  void refusesArraysThatDoNotFit() {
    INDArray x = random(2, 6, 6, 3);
    for (long[] shape : new long[][] {{2, 2, 3, 3}, {2, 3, 2, 3}, {2, 3, 3, 2}, {1, 3, 3, 3}}) {
      INDArray out = Nd4j.create(DataType.FLOAT, shape);
      assertThrows(IllegalArgumentException.class,
          () -> OneDnnPooling.forward(x, out, 2, 2, 2, 2, Padding.VALID, true));
    }
    INDArray dOut = random(2, 3, 3, 3);
    IllegalArgumentException smallGrad = assertThrows(IllegalArgumentException.class,
        () -> OneDnnPooling.backward(x, dOut, Nd4j.create(DataType.FLOAT, 2, 6, 6, 2), 2, 2, 2,
            2, Padding.VALID, false));
    assertTrue(smallGrad.getMessage().contains("[2, 6, 6, 2]"), smallGrad.getMessage());
  }

  private INDArray random(long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, random.nextGaussian());
    }
    return a;
  }

  private static INDArray rounded(INDArray a) {
    return org.nd4j.linalg.ops.transforms.Transforms.floor(a.muli(2), false);
  }

  private static void assertExactly(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.data().asFloat(), actual.data().asFloat(), what);
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = Math.max(1e-30, expected.amaxNumber().doubleValue());
    double worst = expected.sub(actual).amaxNumber().doubleValue() / scale;
    assertTrue(worst <= TOLERANCE, what + ": relative difference " + worst);
  }
}
