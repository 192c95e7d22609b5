package dev.dendrite.report;

import dev.dendrite.Dataset;
import dev.dendrite.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A network's outputs over a data set, and the classes they and the targets stand for. */
public final class Answers {
  private Answers() {}

  /** The outputs for every sample (dropout off), computed in batches. */
  public static float[][] outputs(Network network, Dataset data) {
    int n = data.size();
    float[][] outputs = new float[n][];
    int chunk = Math.max(1, Math.min(Evaluator.CHUNK, n));
    INDArray x = Nd4j.create(DataType.FLOAT, chunk, data.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, chunk, data.targetSize());
    for (int from = 0; from < n; from += chunk) {
      int count = Math.min(chunk, n - from);
      if (count < chunk) {
        x = Nd4j.create(DataType.FLOAT, count, data.featureSize());
        y = Nd4j.create(DataType.FLOAT, count, data.targetSize());
      }
      data.copyBatch(null, from, count, x, y);
      INDArray p = network.output(x).castTo(DataType.FLOAT);
      int width = (int) (p.length() / count);
      float[] flat = p.dup('c').data().asFloat();
      for (int r = 0; r < count; r++) {
        float[] row = new float[width];
        System.arraycopy(flat, r * width, row, 0, width);
        outputs[from + r] = row;
      }
    }
    return outputs;
  }

  /**
   * The class an output stands for, as the accuracy counts it: the first most probable unit, or
   * for a single sigmoid unit 1 when its probability is at least one half.
   */
  public static int classOf(float[] output) {
    if (output.length == 1) {
      return output[0] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int c = 1; c < output.length; c++) {
      if (output[c] > output[best]) {
        best = c;
      }
    }
    return best;
  }

  /** The true class of sample {@code i} of a classification data set. */
  static int trueClass(Dataset data, int i) {
    if (data.targetSize() == 1) {
      return data.target(i, 0) >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int c = 1; c < data.targetSize(); c++) {
      if (data.target(i, c) > data.target(i, best)) {
        best = c;
      }
    }
    return best;
  }
}
