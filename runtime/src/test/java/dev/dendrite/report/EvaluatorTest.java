package dev.dendrite.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EvaluatorTest {

  private static INDArray m(double[][] values) {
    return Nd4j.createFromArray(values);
  }

  @Test
  void accuracyComparesArgmaxes() {
    INDArray p = m(new double[][] {
      {0.7, 0.2, 0.1}, // predicts 0, truth 0
      {0.1, 0.3, 0.6}, // predicts 2, truth 1
      {0.2, 0.5, 0.3}, // predicts 1, truth 1
      {0.3, 0.3, 0.4}, // predicts 2, truth 0
    });
    INDArray y = m(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {1, 0, 0}});
    assertEquals(2.0, Evaluator.metricSum(Loss.CATEGORICAL_CROSSENTROPY, p, y));
    assertEquals(4.0, Evaluator.metricCount(Loss.CATEGORICAL_CROSSENTROPY, 4, 3));
  }

  @Test
  void accuracyTiesGoToTheFirstClass() {
    INDArray p = m(new double[][] {{0.4, 0.4, 0.2}});
    assertEquals(1.0, Evaluator.metricSum(Loss.CATEGORICAL_CROSSENTROPY, p,
        m(new double[][] {{1, 0, 0}})));
    assertEquals(0.0, Evaluator.metricSum(Loss.CATEGORICAL_CROSSENTROPY, p,
        m(new double[][] {{0, 1, 0}})));
  }

  @Test
  void binaryAccuracyThresholdsAtOneHalf() {
    INDArray p = m(new double[][] {{0.9}, {0.5}, {0.49}, {0.1}, {0.6}});
    INDArray y = m(new double[][] {{1}, {1}, {1}, {0}, {0}});
    assertEquals(3.0, Evaluator.metricSum(Loss.BINARY_CROSSENTROPY, p, y));
    assertEquals(5.0, Evaluator.metricCount(Loss.BINARY_CROSSENTROPY, 5, 1));
  }

  @Test
  void binaryAccuracyCountsEveryUnit() {
    INDArray p = m(new double[][] {{0.9, 0.2}, {0.3, 0.7}});
    INDArray y = m(new double[][] {{1, 1}, {0, 1}});
    assertEquals(3.0, Evaluator.metricSum(Loss.BINARY_CROSSENTROPY, p, y));
    assertEquals(4.0, Evaluator.metricCount(Loss.BINARY_CROSSENTROPY, 2, 2));
  }

  @Test
  void maeSumsAbsoluteErrors() {
    INDArray p = m(new double[][] {{1.5}, {-2}, {3}});
    INDArray y = m(new double[][] {{1}, {1}, {3}});
    for (Loss loss : List.of(Loss.MEAN_SQUARED_ERROR, Loss.MEAN_ABSOLUTE_ERROR, Loss.HUBER)) {
      assertEquals(3.5, Evaluator.metricSum(loss, p, y), 1e-15, loss.name());
      assertEquals(3.0, Evaluator.metricCount(loss, 3, 1), loss.name());
    }
  }

  @Test
  void metricCountOfDataset() {
    Dataset data = new Dataset(new float[6], 2, new float[6], 2, List.of());
    assertEquals(3.0, Evaluator.metricCount(Loss.CATEGORICAL_CROSSENTROPY, 3, data));
    assertEquals(6.0, Evaluator.metricCount(Loss.MEAN_SQUARED_ERROR, 3, data));
  }

  @Test
  void lossDispatch() {
    INDArray p = m(new double[][] {{0.5, 0.5}});
    INDArray y = m(new double[][] {{1, 0}});
    assertEquals(Math.log(2), Evaluator.loss(Loss.CATEGORICAL_CROSSENTROPY, p, y), 1e-15);
    assertEquals(Math.log(2), Evaluator.loss(Loss.BINARY_CROSSENTROPY, p, y), 1e-15);
    assertEquals(0.25, Evaluator.loss(Loss.MEAN_SQUARED_ERROR, p, y), 1e-15);
    assertEquals(0.5, Evaluator.loss(Loss.MEAN_ABSOLUTE_ERROR, p, y), 1e-15);
    assertEquals(0.125, Evaluator.loss(Loss.HUBER, p, y), 1e-15);
  }
}
