package dev.dendrite.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One partition's samples as float arrays, cached once: rows {@code first .. first + rows - 1}
 * of the data's global order, features flattened row-major and targets in the loss's form.
 */
record Block(long first, int rows, int featureSize, int targetSize, float[] features,
    float[] targets) implements Serializable {

  /** Whether global row {@code index} is here. */
  boolean holds(long index) {
    return index >= first && index < first + rows;
  }

  /** The rows of the global {@code indices} that are here, as local positions, in their order. */
  int[] localRows(int[] indices) {
    int[] local = new int[indices.length];
    int n = 0;
    for (int index : indices) {
      if (holds(index)) {
        local[n++] = (int) (index - first);
      }
    }
    return Arrays.copyOf(local, n);
  }

  /** Copies local rows {@code rows[from .. from + count)} into the first rows of the arrays. */
  void copy(int[] rows, int from, int count, INDArray x, INDArray y) {
    DataBuffer xb = x.data();
    DataBuffer yb = y.data();
    for (int r = 0; r < count; r++) {
      int row = rows == null ? from + r : rows[from + r];
      long xBase = (long) r * featureSize;
      int xFrom = row * featureSize;
      for (int j = 0; j < featureSize; j++) {
        xb.put(xBase + j, features[xFrom + j]);
      }
      long yBase = (long) r * targetSize;
      int yFrom = row * targetSize;
      for (int j = 0; j < targetSize; j++) {
        yb.put(yBase + j, targets[yFrom + j]);
      }
    }
  }

  /** A copy with every feature {@code j} scaled as {@code (x - mean[j]) / std[j]}. */
  Block standardized(float[] mean, float[] std) {
    float[] scaled = features.clone();
    for (int i = 0; i < scaled.length; i++) {
      int j = i % featureSize;
      scaled[i] = (scaled[i] - mean[j]) / std[j];
    }
    return new Block(first, rows, featureSize, targetSize, scaled, targets);
  }
}
