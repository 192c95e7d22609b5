package dev.dendrite.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernels of Keras' {@code Embedding}: a lookup of each token id's row of the table
 * {@code embeddings [inputDim, outputDim]}, and its gradient, the rows' sums of the output
 * gradients of the steps that read them. Ids arrive as the values of a float or double input
 * {@code [n, steps]}; the output and its gradient are {@code [n, steps, outputDim]} (generated
 * code passes {@code [n, 1, steps, outputDim]}, the same memory).
 */
public final class Embeddings {
  private Embeddings() {}

  /** {@code out[i, t] = embeddings[ids[i, t]]}. */
  public static void embedding(INDArray ids, INDArray embeddings, INDArray out) {
    Vec x = Vec.of(ids);
    Vec table = Vec.of(embeddings);
    Vec y = Vec.of(out);
    int rows = (int) embeddings.size(0);
    int width = (int) embeddings.size(1);
    checkShapes(x, y, width);
    int steps = (int) (ids.length() / ids.size(0));
    for (int k = 0; k < x.length; k++) {
      int from = id(x.get(k), rows, k, steps) * width;
      int to = k * width;
      for (int j = 0; j < width; j++) {
        y.set(to + j, table.get(from + j));
      }
    }
  }

  /**
   * {@code embeddingsGrad[r] = sum of outGrad[i, t] over the steps whose id is r}; rows no step
   * reads get zero. The ids have no gradient.
   */
  public static void embeddingBackward(INDArray ids, INDArray outGrad,
      INDArray embeddingsGrad) {
    Vec x = Vec.of(ids);
    Vec dy = Vec.of(outGrad);
    Vec dw = Vec.of(embeddingsGrad);
    int rows = (int) embeddingsGrad.size(0);
    int width = (int) embeddingsGrad.size(1);
    checkShapes(x, dy, width);
    int steps = (int) (ids.length() / ids.size(0));
    for (int i = 0; i < dw.length; i++) {
      dw.set(i, 0);
    }
    for (int k = 0; k < x.length; k++) {
      int to = id(x.get(k), rows, k, steps) * width;
      int from = k * width;
      for (int j = 0; j < width; j++) {
        dw.set(to + j, dw.get(to + j) + dy.get(from + j));
      }
    }
  }

  /**
   * Keras' {@code RandomUniform(minval, maxval)}, the {@code "uniform"} initializer of an
   * embedding table: every value uniform in {@code [min, max)}.
   */
  public static void uniform(INDArray array, double min, double max, Rng rng) {
    Vec v = Vec.of(array);
    for (int i = 0; i < v.length; i++) {
      v.set(i, min + (max - min) * rng.nextDouble());
    }
  }

  private static void checkShapes(Vec ids, Vec out, int width) {
    if ((long) ids.length * width != out.length) {
      throw new IllegalArgumentException("embedding shapes do not agree: " + ids.length
          + " ids of " + width + " values each, but " + out.length + " output values");
    }
  }

  /** The token id {@code value} at flat position {@code k} of a batch of {@code steps} per sample. */
  private static int id(double value, int rows, int k, int steps) {
    int id = (int) value;
    if (id != value || id < 0 || id >= rows) {
      throw new IllegalArgumentException("token id " + value + " (sample " + k / steps
          + " of the batch, step " + k % steps + ") is not a whole number in [0, " + rows
          + "): the Embedding's inputDim is " + rows + "; give ids 0.." + (rows - 1)
          + " or raise inputDim");
    }
    return id;
  }
}
