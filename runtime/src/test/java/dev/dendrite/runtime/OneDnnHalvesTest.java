package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.Padding;
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
 * One sample's convolution in two bands of rows, one per thread, against the whole image on one
 * plan: every output value the same, at the bands' edges too (padding kept where a band meets
 * the image's edge, input rows shared where the bands overlap), with the ReLU post-op and
 * without, on the second thread (where a half is large enough for it to take part before the
 * caller is done) and with the caller doing both halves.
 */
class OneDnnHalvesTest {
  private static final int TRIES = 200;

  @BeforeAll
  static void oneDnnLoads() {
    OneDnnConvolutionTest.oneDnnLoads();
  }

  /**
   * (height, width, channels, kernel h, kernel w, filters, stride h, stride w, dilation h,
   * dilation w, padding): M2's and M3's layers, odd heights, strides and dilations whose bands
   * begin or end inside the padding, and two output rows, the fewest that can be cut.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(28, 28, 1, 3, 3, 32, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(13, 13, 32, 3, 3, 64, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(28, 28, 1, 10, 10, 32, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(19, 19, 32, 10, 10, 32, 1, 1, 1, 1, Padding.VALID),
        Arguments.of(9, 9, 32, 3, 3, 16, 2, 2, 1, 1, Padding.SAME),
        Arguments.of(7, 6, 3, 3, 2, 4, 2, 1, 1, 1, Padding.SAME),
        Arguments.of(11, 8, 3, 5, 3, 5, 1, 1, 1, 1, Padding.SAME),
        Arguments.of(9, 8, 3, 2, 3, 2, 1, 1, 3, 2, Padding.SAME),
        Arguments.of(10, 5, 2, 3, 3, 3, 3, 1, 1, 1, Padding.VALID),
        Arguments.of(4, 4, 2, 3, 3, 3, 1, 1, 1, 1, Padding.VALID));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void halvesGiveTheWholeImagesValuesBitForBit(int h, int w, int c, int kh, int kw, int f,
      int sh, int sw, int dh, int dw, Padding padding) {
    assumeTrue(SecondThread.AVAILABLE, "one core: nothing to share");
    Random random = new Random(h * 31L + c * 7L + kh);
    INDArray x = random(random, 1, h, w, c);
    INDArray kernel = random(random, kh, kw, c, f);
    INDArray bias = random(random, f);
    int outH = ShapeMath.outputLength(h, ShapeMath.dilatedKernel(kh, dh), sh, padding);
    int outW = ShapeMath.outputLength(w, ShapeMath.dilatedKernel(kw, dw), sw, padding);
    for (boolean relu : new boolean[] {false, true}) {
      for (boolean withBias : new boolean[] {false, true}) {
        INDArray b = withBias ? bias : null;
        String what = h + "x" + w + "x" + c + " k" + kh + "x" + kw + " s" + sh + "x" + sw + " d"
            + dh + "x" + dw + " " + padding + (relu ? " relu" : "") + (withBias ? " bias" : "");
        INDArray whole = Nd4j.create(DataType.FLOAT, 1, outH, outW, f);
        OneDnnConvolution.Geometry g = OneDnnConvolution.Geometry.of(x, kernel, whole, withBias,
            sh, sw, dh, dw, padding, relu);
        OneDnnConvolution.plan(kernel, g, true).forward(x, kernel, b, whole);
        OneDnnHalves halves = OneDnnHalves.of(kernel, g);

        INDArray alone = Nd4j.create(DataType.FLOAT, 1, outH, outW, f).assign(Float.NaN);
        assertTrue(SecondThread.claim(), "the second thread free");
        try {
          halves.forward(x, kernel, b, alone);
        } finally {
          SecondThread.release();
        }
        assertArrayEquals(whole.data().asInt(), alone.data().asInt(), what + ", caller alone");

        boolean shared = false;
        for (int i = 0; i < TRIES && !shared; i++) {
          SplitPass.clearBackOff();
          long tasks = SecondThread.tasksRun();
          INDArray out = Nd4j.create(DataType.FLOAT, 1, outH, outW, f).assign(Float.NaN);
          halves.forward(x, kernel, b, out);
          assertArrayEquals(whole.data().asInt(), out.data().asInt(), what + ", shared");
          shared = SecondThread.tasksRun() > tasks;
        }
        // a tiny top half can end before the second thread wakes, which the caller then does
        long macs = (long) outH * outW * f * kh * kw * c;
        assertTrue(shared || macs < 1_000_000, what + ": the second thread never took part");
      }
    }
  }

  @Test
  void onlyOneSampleOfTwoRowsOrMoreIsCut() {
    INDArray kernel = Nd4j.create(DataType.FLOAT, 3, 3, 2, 4);
    OneDnnConvolution.Geometry batch = OneDnnConvolution.Geometry.of(
        Nd4j.create(DataType.FLOAT, 2, 8, 8, 2), kernel, Nd4j.create(DataType.FLOAT, 2, 6, 6, 4),
        false, 1, 1, 1, 1, Padding.VALID, false);
    OneDnnConvolution.Geometry oneRow = OneDnnConvolution.Geometry.of(
        Nd4j.create(DataType.FLOAT, 1, 3, 8, 2), kernel, Nd4j.create(DataType.FLOAT, 1, 1, 6, 4),
        false, 1, 1, 1, 1, Padding.VALID, false);
    assertFalse(OneDnnHalves.fits(batch));
    assertFalse(OneDnnHalves.fits(oneRow));
    assertThrows(IllegalArgumentException.class, () -> OneDnnHalves.of(kernel, oneRow));
  }

  private static INDArray random(Random random, long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    float[] values = new float[(int) a.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return Nd4j.createFromArray(values).reshape(shape);
  }
}
