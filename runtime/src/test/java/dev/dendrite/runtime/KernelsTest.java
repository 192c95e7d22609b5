package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The element-wise kernels on their double (generic) paths, copies between layouts and types,
 * views, and initialisation, against plain loops over the same numbers.
 */
class KernelsTest {

  private static double[][] random(long seed, int rows, int cols) {
    Random random = new Random(seed);
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void biasAndColumnSumsMatchLoopsOverRows(DataType type) {
    double[][] x = random(1, 9, 5);
    double[] bias = random(2, 1, 5)[0];
    INDArray out = Nd4j.createFromArray(x).castTo(type);
    Kernels.addRowVector(out, Nd4j.createFromArray(bias).castTo(type));
    INDArray sums = Nd4j.create(type, 5);
    sums.assign(Double.NaN);
    Kernels.columnSums(Nd4j.createFromArray(x).castTo(type), sums);
    for (int j = 0; j < 5; j++) {
      double sum = 0;
      for (int r = 0; r < 9; r++) {
        assertEquals(x[r][j] + bias[j], out.getDouble(r, j), 1e-6, "bias at " + r + "," + j);
        sum += x[r][j];
      }
      assertEquals(sum, sums.getDouble(j), 1e-5, "column " + j);
    }
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void multiplyIsElementWise(DataType type) {
    double[][] x = random(3, 4, 6);
    double[][] mask = random(4, 4, 6);
    INDArray out = Nd4j.create(type, 4, 6);
    Kernels.multiply(Nd4j.createFromArray(x).castTo(type),
        Nd4j.createFromArray(mask).castTo(type), out);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 6; j++) {
        assertEquals(x[i][j] * mask[i][j], out.getDouble(i, j), 1e-6);
      }
    }
  }

  /** The double mask draws one value per element, in order, as the float one does. */
  @Test
  void doubleDropoutMaskDrawsOneValuePerElement() {
    double rate = 0.25;
    INDArray mask = Nd4j.create(DataType.DOUBLE, 3, 7);
    Rng rng = new Rng(5);
    Kernels.dropoutMask(mask, rate, rng);
    Rng sequential = new Rng(5);
    for (int i = 0; i < 21; i++) {
      double expected = sequential.nextDouble() < rate ? 0 : 1 / (1 - rate);
      assertEquals(expected, mask.getDouble(i / 7, i % 7), 0.0, "mask at " + i);
    }
    assertEquals(sequential.state(), rng.state());
  }

  @Test
  void copyConvertsTypesAndReadsViewsInRowMajorOrder() {
    double[][] x = random(6, 4, 5);
    INDArray source = Nd4j.createFromArray(x);
    // dense double into float
    INDArray toFloat = Nd4j.create(DataType.FLOAT, 4, 5);
    Kernels.copy(source, toFloat);
    assertEquals(source.castTo(DataType.FLOAT), toFloat);
    // dense float into float of another shape (a flattening)
    INDArray flat = Nd4j.create(DataType.FLOAT, 20);
    Kernels.copy(toFloat, flat);
    assertArrayEquals(toFloat.reshape(20).toFloatVector(), flat.toFloatVector());
    // rows 1 to 3: a view that starts past its buffer's start
    INDArray rows = source.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
    INDArray fromRows = Nd4j.create(DataType.DOUBLE, 2, 5);
    Kernels.copy(rows, fromRows);
    assertArrayEquals(new double[][] {x[1], x[2]}, fromRows.toDoubleMatrix());
    // the transpose: column-major strides over the same buffer
    INDArray transposed = Nd4j.create(DataType.DOUBLE, 5, 4);
    Kernels.copy(source.transpose(), transposed);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(x[j][i], transposed.getDouble(i, j));
      }
    }
    // columns 1 to 3: offset 1 and row stride 5, not those of a dense 4x2 array
    INDArray columns = Nd4j.create(DataType.DOUBLE, 4, 2);
    Kernels.copy(source.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)), columns);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(new double[] {x[i][1], x[i][2]}, columns.getRow(i).toDoubleVector());
    }
  }

  @Test
  void viewSharesMemoryOrRefusesToCopy() {
    INDArray x = Nd4j.create(DataType.FLOAT, 2, 6);
    INDArray view = Kernels.view(x, 3, 4);
    view.putScalar(2, 3, 9f);
    assertEquals(9f, x.getFloat(1, 5));
    assertThrows(IllegalStateException.class, () -> Kernels.view(x.transpose(), 12));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7})
  void glorotUniformDrawsWithinKerasLimit(int fanOut) {
    int fanIn = 30;
    INDArray kernel = Nd4j.create(DataType.FLOAT, fanIn, fanOut);
    Kernels.glorotUniform(kernel, fanIn, fanOut, new Rng(9));
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    Rng sequential = new Rng(9);
    for (int i = 0; i < fanIn * fanOut; i++) {
      double expected = (2 * sequential.nextDouble() - 1) * limit;
      assertEquals((float) expected, kernel.getFloat(i / fanOut, i % fanOut), "weight " + i);
    }
  }

  /** Rate 0 keeps everything, even where a draw is exactly 0 (the state before mix(0) = 0). */
  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void rateZeroDropsNothingEvenOnADrawOfZero(DataType type) {
    Rng zero = new Rng(-Rng.GAMMA);
    assertEquals(0.0, new Rng(-Rng.GAMMA).nextDouble());
    INDArray mask = Nd4j.create(type, 5);
    Kernels.dropoutMask(mask, 0, zero);
    assertEquals(Nd4j.ones(type, 5), mask);
  }
}
