package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * Max pooling's gradient through the ReLU below it, gated at the pooling's output, against the
 * pooling's gradient followed by the ReLU's over the whole input: bit for bit but for zeros'
 * signs, float (oneDNN) and double (the loops), windows apart or overlapping.
 */
class MaxPoolReluGradientTest {
  private final Random random = new Random(5);

  /**
   * (batch, height, width, channels, pool, stride, padding): M2's two poolings at 1 and 128,
   * odd sizes (an unread last row and column), SAME, overlapping windows and a series.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(128, 26, 26, 32, 2, 2, Padding.VALID),
        Arguments.of(128, 11, 11, 64, 2, 2, Padding.VALID),
        Arguments.of(1, 26, 26, 32, 2, 2, Padding.VALID),
        Arguments.of(1, 11, 11, 64, 2, 2, Padding.VALID),
        Arguments.of(3, 7, 6, 5, 2, 2, Padding.VALID),
        Arguments.of(2, 7, 7, 3, 2, 2, Padding.SAME),
        Arguments.of(2, 9, 9, 4, 3, 2, Padding.VALID),
        Arguments.of(2, 9, 9, 4, 3, 1, Padding.SAME),
        Arguments.of(2, 1, 12, 4, 1, 2, Padding.VALID));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesThePoolingGradientThenTheRelus(int n, int h, int w, int c, int pool, int stride,
      Padding padding) {
    int poolH = Math.min(pool, h);
    int strideH = Math.min(stride, h);
    int oh = ShapeMath.outputLength(h, poolH, strideH, padding);
    int ow = ShapeMath.outputLength(w, pool, stride, padding);
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      // a ReLU's outputs: many zeros, -0 among them, and whole numbers that tie in windows
      for (INDArray x : new INDArray[] {reluOutput(type, n, h, w, c, false),
          reluOutput(type, n, h, w, c, true)}) {
        INDArray out = Nd4j.create(type, n, oh, ow, c);
        INDArray dOut = gaussian(type, n, oh, ow, c);
        INDArray expected = Nd4j.create(type, n, h, w, c);
        Convolutions.maxPool2d(x, out, poolH, pool, strideH, stride, padding);
        Convolutions.maxPool2dBackward(x, dOut, expected, poolH, pool, strideH, stride, padding);
        Activations.reluBackwardFromOutput(x, expected, expected);
        INDArray dX = Nd4j.create(type, n, h, w, c).assign(Double.NaN);
        Convolutions.maxPool2d(x, out, poolH, pool, strideH, stride, padding);
        Convolutions.maxPool2dReluBackward(x, out, dOut.dup(), dX, poolH, pool, strideH, stride,
            padding);
        // + 0 makes a -0 (the double ReLU's dA * 0) +0
        assertArrayEquals(expected.add(0.0).data().asDouble(), dX.add(0.0).data().asDouble(),
            type + " at batch " + n);
      }
    }
  }

  /** A window whose maximum is zero passes no gradient; the output's gradient is gated too. */
  @Test
  void aWindowOfZerosPassesNoGradient() {
    INDArray x = Nd4j.create(DataType.FLOAT, 1, 2, 2, 2);
    x.putScalar(new long[] {0, 1, 0, 1}, 3f);
    x.putScalar(new long[] {0, 0, 1, 0}, -0f);
    INDArray out = Nd4j.create(DataType.FLOAT, 1, 1, 1, 2);
    INDArray dOut = Nd4j.create(new float[] {5f, 7f}, new long[] {1, 1, 1, 2});
    INDArray dX = Nd4j.create(DataType.FLOAT, 1, 2, 2, 2).assign(Float.NaN);
    Convolutions.maxPool2d(x, out, 2, 2, 2, 2, Padding.VALID);
    Convolutions.maxPool2dReluBackward(x, out, dOut, dX, 2, 2, 2, 2, Padding.VALID);
    assertEquals(7, dX.sumNumber().doubleValue(), 0, "only channel 1's 3 gets a gradient");
    assertEquals(7f, dX.getFloat(0, 1, 0, 1));
    assertArrayEquals(new float[] {0f, 7f}, dOut.data().asFloat());
  }

  private INDArray reluOutput(DataType type, int n, int h, int w, int c, boolean whole) {
    INDArray a = Nd4j.create(type, n, h, w, c);
    for (long i = 0; i < a.length(); i++) {
      double v = random.nextGaussian();
      v = whole ? Math.floor(v * 2) : v;
      a.putScalar(i, v > 0 ? v : random.nextBoolean() ? -0.0 : 0.0);
    }
    return a;
  }

  private INDArray gaussian(DataType type, long... shape) {
    INDArray a = Nd4j.create(type, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, random.nextGaussian());
    }
    return a;
  }
}
