package dev.dendrite.runtime;

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

/** The max step of maxout against a naive loop over {@code [n, units, pieces]}. */
class MaxoutUnitsTest {
  private static final int N = 5;
  private static final int UNITS = 4;

  private static INDArray random(DataType type, int pieces, long seed) {
    Random random = new Random(seed);
    INDArray z = Nd4j.create(type, N, UNITS * pieces);
    for (long i = 0; i < z.length(); i++) {
      z.putScalar(i, random.nextGaussian());
    }
    return z;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void forwardIsTheMaximumOfEachUnitsPieces(DataType type) {
    int pieces = 3;
    INDArray z = random(type, pieces, 1);
    INDArray out = Nd4j.create(type, N, UNITS);
    MaxoutUnits.max(z, out, pieces);
    for (int s = 0; s < N; s++) {
      for (int u = 0; u < UNITS; u++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < pieces; k++) {
          max = Math.max(max, z.getDouble(s, u * pieces + k));
        }
        assertEquals(max, out.getDouble(s, u), 0.0, "sample " + s + ", unit " + u);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void backwardRoutesEachGradientToItsWinningPiece(DataType type) {
    int pieces = 3;
    INDArray z = random(type, pieces, 2);
    INDArray dOut = random(type, 1, 3);
    INDArray dZ = z.ulike().assign(Double.NaN);
    MaxoutUnits.maxBackward(z, dOut, dZ, pieces);
    for (int s = 0; s < N; s++) {
      for (int u = 0; u < UNITS; u++) {
        int won = 0;
        for (int k = 1; k < pieces; k++) {
          if (z.getDouble(s, u * pieces + k) > z.getDouble(s, u * pieces + won)) {
            won = k;
          }
        }
        for (int k = 0; k < pieces; k++) {
          double expected = k == won ? dOut.getDouble(s, u) : 0;
          assertEquals(expected, dZ.getDouble(s, u * pieces + k), 0.0);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void aTieGoesToTheFirstPiece(DataType type) {
    INDArray z = Nd4j.createFromArray(new double[][] {{1, 2, 2, -1}}).castTo(type);
    INDArray out = Nd4j.create(type, 1, 1);
    MaxoutUnits.max(z, out, 4);
    assertEquals(2.0, out.getDouble(0));
    INDArray dZ = z.ulike();
    MaxoutUnits.maxBackward(z, Nd4j.createFromArray(new double[][] {{5}}).castTo(type), dZ, 4);
    assertEquals(Nd4j.createFromArray(new double[][] {{0, 5, 0, 0}}).castTo(type), dZ);
  }

  @Test
  void onePieceIsTheIdentity() {
    INDArray z = random(DataType.DOUBLE, 1, 4);
    INDArray out = z.ulike();
    MaxoutUnits.max(z, out, 1);
    assertEquals(z, out);
  }

  @ParameterizedTest(name = "pieces = {0}")
  @ValueSource(ints = {0, 2, 4})
  void shapesThatDoNotAgreeAreRejected(int pieces) {
    INDArray z = Nd4j.create(DataType.DOUBLE, 2, 9);
    INDArray out = Nd4j.create(DataType.DOUBLE, 2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaxoutUnits.max(z, out, pieces));
    assertEquals("maxout of " + pieces + " pieces cannot take [2, 9] to [2, 3]", e.getMessage());
  }
}
