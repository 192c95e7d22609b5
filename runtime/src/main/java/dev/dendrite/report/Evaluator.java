package dev.dendrite.report;

import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Loss;
import dev.dendrite.Network;
import dev.dendrite.runtime.Losses;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loss and metric of a network over a data set, and the metric of one batch. */
public final class Evaluator {
  /** Samples per forward pass while evaluating. */
  static final int CHUNK = 500;

  private Evaluator() {}

  /**
   * The loss and metric of {@code network} over a whole data set, in batches of up to
   * {@value #CHUNK} samples, dropout off.
   *
   * @throws IllegalArgumentException when the data set is empty
   */
  public static Evaluation evaluate(Network network, Dataset data) {
    Loss loss = network.spec().loss();
    int n = data.size();
    if (n == 0) {
      throw new IllegalArgumentException("cannot evaluate on an empty data set");
    }
    int chunk = Math.min(CHUNK, n);
    INDArray x = Nd4j.create(DataType.FLOAT, chunk, data.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, chunk, data.targetSize());
    double lossSum = 0;
    double metricSum = 0;
    for (int from = 0; from < n; from += chunk) {
      int count = Math.min(chunk, n - from);
      INDArray xs = count == chunk ? x : x.get(rows(count)).dup();
      INDArray ys = count == chunk ? y : y.get(rows(count)).dup();
      data.copyBatch(null, from, count, xs, ys);
      INDArray p = network.output(xs);
      lossSum += loss(loss, p, ys) * count;
      metricSum += metricSum(loss, p, ys);
    }
    return new Evaluation(lossSum / n, loss.metric(), metricSum / metricCount(loss, n, data));
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex[] rows(int count) {
    return new org.nd4j.linalg.indexing.INDArrayIndex[] {
      org.nd4j.linalg.indexing.NDArrayIndex.interval(0, count),
      org.nd4j.linalg.indexing.NDArrayIndex.all()
    };
  }

  /** The mean loss of a batch of outputs. */
  public static double loss(Loss loss, INDArray p, INDArray y) {
    return switch (loss) {
      case CATEGORICAL_CROSSENTROPY -> Losses.categoricalCrossentropy(p, y);
      case BINARY_CROSSENTROPY -> Losses.binaryCrossentropy(p, y);
      case MEAN_SQUARED_ERROR -> Losses.meanSquaredError(p, y);
      case MEAN_ABSOLUTE_ERROR -> Losses.meanAbsoluteError(p, y);
      case HUBER -> Losses.huber(p, y);
    };
  }

  /**
   * The metric summed over a batch: correct answers for classifiers (per sample, or per unit
   * for sigmoid outputs), absolute errors for regression.
   */
  public static double metricSum(Loss loss, INDArray p, INDArray y) {
    DataBuffer out = p.data();
    DataBuffer target = y.data();
    int rows = (int) p.size(0);
    int cols = (int) (p.length() / rows);
    double sum = 0;
    switch (loss) {
      case CATEGORICAL_CROSSENTROPY -> {
        for (int r = 0; r < rows; r++) {
          long base = (long) r * cols;
          int best = 0;
          int truth = 0;
          for (int c = 1; c < cols; c++) {
            if (out.getDouble(base + c) > out.getDouble(base + best)) {
              best = c;
            }
            if (target.getDouble(base + c) > target.getDouble(base + truth)) {
              truth = c;
            }
          }
          sum += best == truth ? 1 : 0;
        }
      }
      case BINARY_CROSSENTROPY -> {
        for (long i = 0; i < (long) rows * cols; i++) {
          sum += (out.getDouble(i) >= 0.5) == (target.getDouble(i) >= 0.5) ? 1 : 0;
        }
      }
      default -> {
        for (long i = 0; i < (long) rows * cols; i++) {
          sum += Math.abs(out.getDouble(i) - target.getDouble(i));
        }
      }
    }
    return sum;
  }

  /** What {@link #metricSum} is divided by for a batch of {@code samples}. */
  public static double metricCount(Loss loss, int samples, Dataset data) {
    return metricCount(loss, samples, data.targetSize());
  }

  /** What {@link #metricSum} is divided by for a batch of {@code samples} with {@code outputs}. */
  public static double metricCount(Loss loss, int samples, int outputs) {
    return loss == Loss.CATEGORICAL_CROSSENTROPY ? samples : (double) samples * outputs;
  }
}
