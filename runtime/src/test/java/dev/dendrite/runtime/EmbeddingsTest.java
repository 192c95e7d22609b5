package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Embedding's lookup and its scatter-add gradient against naive loops over samples. */
class EmbeddingsTest {
  private static final double[][] IDS = {{3, 0, 3, 1}, {4, 4, 2, 0}, {1, 3, 0, 0}};

  private static INDArray table(DataType type) {
    Nd4j.getRandom().setSeed(5);
    return Nd4j.randn(DataType.DOUBLE, 5, 3).castTo(type);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void eachStepGetsItsIdsRow(DataType type) {
    INDArray ids = Nd4j.createFromArray(IDS).castTo(type);
    INDArray table = table(type);
    INDArray out = Nd4j.create(type, 3, 1, 4, 3);

    Embeddings.embedding(ids, table, out);

    for (int i = 0; i < 3; i++) {
      for (int t = 0; t < 4; t++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(table.getDouble((int) IDS[i][t], j), out.getDouble(i, 0, t, j),
              i + ", " + t + ", " + j);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void theGradientSumsTheStepsOfEachIdAndOverwrites(DataType type) {
    INDArray ids = Nd4j.createFromArray(IDS).castTo(type);
    Nd4j.getRandom().setSeed(6);
    INDArray dy = Nd4j.randn(DataType.DOUBLE, 3, 1, 4, 3).castTo(type);
    INDArray grad = Nd4j.ones(type, 5, 3); // stale values from an earlier step

    Embeddings.embeddingBackward(ids, dy, grad);

    double[][] expected = new double[5][3];
    for (int i = 0; i < 3; i++) {
      for (int t = 0; t < 4; t++) {
        for (int j = 0; j < 3; j++) {
          expected[(int) IDS[i][t]][j] += dy.getDouble(i, 0, t, j);
        }
      }
    }
    for (int r = 0; r < 5; r++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(expected[r][j], grad.getDouble(r, j), 1e-6, r + ", " + j);
      }
    }
  }

  @Test
  void aRowNoStepReadsGetsZero() {
    INDArray ids = Nd4j.createFromArray(new double[][] {{0, 0}});
    INDArray grad = Nd4j.ones(DataType.DOUBLE, 3, 2);

    Embeddings.embeddingBackward(ids, Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2), grad);

    assertEquals(Nd4j.createFromArray(new double[][] {{2, 2}, {0, 0}, {0, 0}}), grad);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, 5, 2.5, Double.NaN})
  void anIdOutsideTheTableIsRefusedWithWhereItIs(double bad) {
    INDArray ids = Nd4j.createFromArray(new double[][] {{0, 1}, {2, bad}});
    INDArray out = Nd4j.create(DataType.DOUBLE, 2, 1, 2, 3);

    var e = assertThrows(IllegalArgumentException.class,
        () -> Embeddings.embedding(ids, table(DataType.DOUBLE), out));

    assertTrue(e.getMessage().contains("(sample 1 of the batch, step 1)"), e.getMessage());
    assertTrue(e.getMessage().contains("not a whole number in [0, 5)"), e.getMessage());
  }

  @Test
  void uniformFillsTheRangeFromTheSeed() {
    INDArray a = Nd4j.create(DataType.DOUBLE, 50, 8);
    INDArray b = Nd4j.create(DataType.DOUBLE, 50, 8);

    Embeddings.uniform(a, -0.05, 0.05, new Rng(9));
    Embeddings.uniform(b, -0.05, 0.05, new Rng(9));

    assertEquals(a, b);
    assertTrue(a.minNumber().doubleValue() >= -0.05 && a.maxNumber().doubleValue() < 0.05);
    assertTrue(a.minNumber().doubleValue() < -0.04 && a.maxNumber().doubleValue() > 0.04,
        "spread over the range");
  }
}
