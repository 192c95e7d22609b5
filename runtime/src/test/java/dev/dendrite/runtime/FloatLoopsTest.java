package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The chunked float loops give exactly what one element-wise pass would, at lengths below, at
 * and across chunk boundaries.
 */
class FloatLoopsTest {

  /**
   * Subnormals become 0; below 2^-55 values are rounded to multiples of 2^-103; from 2^-55 up
   * every value comes back exactly.
   */
  @Test
  void flushedRoundsTinyValuesAndKeepsTheRest() {
    for (float tiny : new float[] {Float.MIN_VALUE, -Float.MIN_VALUE, 3 * Float.MIN_VALUE,
        Float.MIN_NORMAL * 0.99f, -Float.MIN_NORMAL * 0.5f, Float.MIN_NORMAL, 0x1p-105f}) {
      assertEquals(0f, Math.abs(FloatLoops.flushed(tiny)), "flushed " + tiny);
    }
    Random random = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      float x = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(200) - 76));
      float y = FloatLoops.flushed(x);
      if (Math.abs(x) >= 0x1p-55f) {
        assertEquals(Float.floatToIntBits(x), Float.floatToIntBits(y), "kept " + x);
      } else {
        assertTrue(Math.abs(y - x) <= 0x1p-78f, x + " moved to " + y);
        assertEquals(0, Math.abs(Math.IEEEremainder(y, 0x1p-103)), x + " to 2^-103s: " + y);
      }
    }
  }

  /**
   * A weight whose gradient stays 0 (a ReLU unit that never fires) has its moments and
   * velocities decay to 0 or to a few 2^-103s, never to a subnormal that stays: Adam, RMSprop with
   * momentum, SGD with momentum, each from 2^-90.
   */
  @Test
  void optimizerStateNeverStaysSubnormal() {
    int n = 64;
    INDArray p = Nd4j.ones(DataType.FLOAT, n);
    INDArray g = Nd4j.zeros(DataType.FLOAT, n);
    INDArray m = Nd4j.valueArrayOf(new long[] {n}, 0x1p-90f, DataType.FLOAT);
    INDArray v = Nd4j.valueArrayOf(new long[] {n}, 0x1p-90f, DataType.FLOAT);
    INDArray velocity = Nd4j.valueArrayOf(new long[] {n}, -0x1p-90f,
        DataType.FLOAT);
    for (int step = 0; step < 20_000; step++) {
      FloatLoops.adam(Floats.of(p), Floats.of(g), Floats.of(m), Floats.of(v), n, 1e-3f, 1f,
          0.1f, 0.001f, 1e-7f);
      FloatLoops.sgd(Floats.of(p), Floats.of(g), Floats.of(velocity), n, 0.01f, 0.9f, false);
    }
    INDArray rms = Nd4j.valueArrayOf(new long[] {n}, 0x1p-90f, DataType.FLOAT);
    INDArray momentum = Nd4j.valueArrayOf(new long[] {n}, 0x1p-90f, DataType.FLOAT);
    for (int step = 0; step < 2000; step++) {
      FloatLoops.rmsProp(Floats.of(p), Floats.of(g), Floats.of(momentum), Floats.of(rms), n,
          1e-3f, 0.9f, 0.9f, 1e-7f);
    }
    String[] names = {"adam m", "adam v", "sgd velocity", "rmsprop v", "rmsprop momentum"};
    INDArray[] states = {m, v, velocity, rms, momentum};
    for (int k = 0; k < states.length; k++) {
      for (float value : states[k].data().asFloat()) {
        // 0, or a few 2^-103s where the decay of k of them rounds back to k (k < 1 / 2(1 - beta))
        assertTrue(value == 0 || Math.abs(value) >= 0x1p-103f && Math.abs(value) <= 0x1p-93f,
            names[k] + ": " + value);
      }
    }
    for (float value : p.data().asFloat()) {
      assertEquals(1f, value, 1e-6f);
    }
  }
  private static final int C = FloatLoops.CHUNK;

  private static INDArray random(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return Nd4j.createFromArray(values);
  }

  private static float[] floats(INDArray a) {
    return a.toFloatVector();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, C - 1, C, C + 1, 3 * C + 17})
  void reluAndItsGradientMatchTheDefinition(int n) {
    INDArray z = random(n, n);
    INDArray dA = random(n, n + 1);
    INDArray a = Nd4j.create(DataType.FLOAT, n);
    INDArray dZ = Nd4j.create(DataType.FLOAT, n);
    Activations.relu(z, a);
    Activations.reluBackward(z, a, dA, dZ);
    float[] zs = floats(z);
    float[] gs = floats(dA);
    for (int i = 0; i < n; i++) {
      assertEquals(Math.max(zs[i], 0f), a.getFloat(i), "relu at " + i);
      assertEquals(zs[i] > 0 ? gs[i] : 0f, dZ.getFloat(i), "relu gradient at " + i);
    }
  }

  /**
   * ReLU's gradient from its output is today's from the pre-activation, bit for bit, in float
   * and double, into a new array and in place over {@code dA}.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, C - 1, C + 1, 3 * C + 17})
  void reluGradientFromTheOutputIsTheGradientFromThePreActivation(int n) {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray z = random(n, 5 * n).castTo(type);
      INDArray dA = random(n, 5 * n + 1).castTo(type);
      INDArray a = Nd4j.create(type, n);
      Activations.relu(z, a);
      INDArray expected = Nd4j.create(type, n);
      Activations.reluBackward(z, a, dA, expected);
      INDArray fromOutput = Nd4j.create(type, n).assign(Double.NaN);
      Activations.reluBackwardFromOutput(a, dA, fromOutput);
      assertArrayEquals(expected.toDoubleVector(), fromOutput.toDoubleVector(),
          type + " into a new array");
      Activations.reluBackwardFromOutput(a, dA, dA);
      assertArrayEquals(expected.toDoubleVector(), dA.toDoubleVector(), type + " in place");
    }
  }

  /** The bit-pattern test for z > 0 agrees with the comparison on every kind of float. */
  @Test
  void reluGradientGateIsExactlyZGreaterThanZero() {
    float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1f, -1f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, Float.intBitsToFloat(0x7fffffff), Float.intBitsToFloat(0xffc00000)};
    INDArray z = Nd4j.createFromArray(special);
    INDArray dA = Nd4j.ones(DataType.FLOAT, special.length).muli(3);
    INDArray dZ = Nd4j.create(DataType.FLOAT, special.length);
    Activations.reluBackward(z, z, dA, dZ);
    for (int i = 0; i < special.length; i++) {
      assertEquals(special[i] > 0 ? 3f : 0f, dZ.getFloat(i), "z = " + special[i]);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, C - 1, C + 1, 3 * C + 17})
  void gradientInPlaceGivesTheSameResult(int n) {
    INDArray z = random(n, 3);
    INDArray dA = random(n, 4);
    INDArray expected = Nd4j.create(DataType.FLOAT, n);
    Activations.reluBackward(z, z, dA, expected);
    Activations.reluBackward(z, z, dA, dA);
    assertEquals(expected, dA);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 300, C, C + 1, 5 * C + 3})
  void dropoutMaskDrawsWhatOneDrawPerElementWould(int n) {
    double rate = 0.3;
    Rng sequential = new Rng(42);
    Rng chunked = new Rng(42);
    INDArray mask = Nd4j.create(DataType.FLOAT, n);
    Kernels.dropoutMask(mask, rate, chunked);
    int dropped = 0;
    for (int i = 0; i < n; i++) {
      float expected = sequential.nextDouble() < rate ? 0f : (float) (1 / (1 - rate));
      assertEquals(expected, mask.getFloat(i), "mask at " + i);
      dropped += expected == 0 ? 1 : 0;
    }
    assertEquals(sequential.state(), chunked.state(), "the generator moved on by n draws");
    if (n > 1000) {
      assertEquals(rate, (double) dropped / n, 0.05);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1e-9, 0.5, 0.999999})
  void dropoutMaskThresholdIsExactAtAnyRate(double rate) {
    int n = C + 9;
    Rng sequential = new Rng(7);
    INDArray mask = Nd4j.create(DataType.FLOAT, n);
    Kernels.dropoutMask(mask, rate, new Rng(7));
    for (int i = 0; i < n; i++) {
      assertEquals(sequential.nextDouble() < rate ? 0f : (float) (1 / (1 - rate)),
          mask.getFloat(i));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 300, C, C + 5})
  void biasAndColumnSumsMatchLoopsOverRows(int cols) {
    int rows = 37;
    INDArray x = random(rows * cols, cols).reshape(rows, cols);
    INDArray bias = random(cols, cols + 1);
    INDArray out = x.dup();
    Kernels.addRowVector(out, bias);
    INDArray sums = Nd4j.create(DataType.FLOAT, cols);
    Kernels.columnSums(x, sums);
    for (int j = 0; j < cols; j++) {
      float sum = 0;
      for (int r = 0; r < rows; r++) {
        assertEquals(x.getFloat(r, j) + bias.getFloat(j), out.getFloat(r, j));
        sum += x.getFloat(r, j);
      }
      assertEquals(sum, sums.getFloat(j), "column " + j);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, C, 3 * C + 17})
  void multiplyAndCopyMatchElementWise(int n) {
    INDArray x = random(n, 1);
    INDArray y = random(n, 2);
    INDArray product = Nd4j.create(DataType.FLOAT, n);
    Kernels.multiply(x, y, product);
    INDArray copy = Nd4j.create(DataType.FLOAT, n);
    Kernels.copy(product, copy);
    for (int i = 0; i < n; i++) {
      assertEquals(x.getFloat(i) * y.getFloat(i), copy.getFloat(i));
    }
  }

  @Test
  void viewsAreCachedPerArrayAndRefusedOnceClosed() {
    INDArray a = Nd4j.create(DataType.FLOAT, 10);
    INDArray b = Nd4j.create(DataType.FLOAT, 10);
    assertSame(Floats.of(a), Floats.of(a));
    assertNotSame(Floats.of(a), Floats.of(b));
    Floats.of(a).put(3, 5f);
    assertEquals(5f, a.getFloat(3));
    a.close();
    assertThrows(IllegalStateException.class, () -> Floats.of(a));
  }

  @Test
  void viewsOfManyArraysStayCorrect() {
    // more arrays than the cache holds: evicted views are made again, never mixed up
    INDArray[] arrays = new INDArray[5000];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = Nd4j.create(DataType.FLOAT, 2);
      Floats.of(arrays[i]).put(0, i);
    }
    for (int i = 0; i < arrays.length; i++) {
      assertEquals(i, Floats.of(arrays[i]).get(0));
      assertEquals(i, arrays[i].getFloat(0));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, C, C + 1, 3 * C + 5})
  void zeroClearsExactlyItsRange(int length) {
    int at = 3;
    INDArray a = Nd4j.ones(DataType.FLOAT, length + 7);
    FloatLoops.zero(Floats.of(a), at, length);
    for (int i = 0; i < length + 7; i++) {
      assertEquals(i >= at && i < at + length ? 0f : 1f, a.getFloat(i), "at " + i);
    }
  }
}
