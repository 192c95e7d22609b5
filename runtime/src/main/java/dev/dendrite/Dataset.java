package dev.dendrite;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Samples in memory: features flattened row-major (channels last) and targets in the form the
 * model's loss expects (one-hot classes, 0/1, or values).
 */
public final class Dataset {
  private final float[] features;
  private final float[] targets;
  private final int size;
  private final int featureSize;
  private final int targetSize;
  private final List<String> classNames;

  /**
   * @param features {@code size * featureSize} values, one sample after another
   * @param targets {@code size * targetSize} values
   * @param classNames the class names by index, or empty for regression
   */
  public Dataset(float[] features, int featureSize, float[] targets, int targetSize,
      List<String> classNames) {
    if (featureSize <= 0 || targetSize <= 0 || features.length % featureSize != 0) {
      throw new IllegalArgumentException("features do not divide into samples of " + featureSize);
    }
    this.size = features.length / featureSize;
    if (targets.length != (long) size * targetSize) {
      throw new IllegalArgumentException(
          "expected " + size + " targets of " + targetSize + ", found " + targets.length + " values");
    }
    this.features = features;
    this.targets = targets;
    this.featureSize = featureSize;
    this.targetSize = targetSize;
    this.classNames = List.copyOf(classNames);
  }

  public int size() {
    return size;
  }

  public int featureSize() {
    return featureSize;
  }

  public int targetSize() {
    return targetSize;
  }

  /** Class names by index ({@code setosa}, ...); empty for regression. */
  public List<String> classNames() {
    return classNames;
  }

  /** Feature {@code j} of sample {@code i}. */
  public float feature(int i, int j) {
    return features[i * featureSize + j];
  }

  /** Target {@code j} of sample {@code i}. */
  public float target(int i, int j) {
    return targets[i * targetSize + j];
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) as a new data set. */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size);
    }
    return new Dataset(
        Arrays.copyOfRange(features, from * featureSize, to * featureSize), featureSize,
        Arrays.copyOfRange(targets, from * targetSize, to * targetSize), targetSize, classNames);
  }

  /** A copy with every feature transformed as {@code (x - mean[j]) / std[j]}. */
  public Dataset standardized(float[] mean, float[] std) {
    float[] scaled = features.clone();
    for (int i = 0; i < scaled.length; i++) {
      int j = i % featureSize;
      scaled[i] = (scaled[i] - mean[j]) / std[j];
    }
    return new Dataset(scaled, featureSize, targets, targetSize, classNames);
  }

  /**
   * Copies samples {@code order[from .. from + count)} into the first {@code count} rows of the
   * given arrays (dense, row-major).
   */
  public void copyBatch(int[] order, int from, int count, INDArray batchFeatures,
      INDArray batchTargets) {
    DataBuffer x = batchFeatures.data();
    DataBuffer y = batchTargets.data();
    for (int r = 0; r < count; r++) {
      int sample = order == null ? from + r : order[from + r];
      long xBase = (long) r * featureSize;
      int xFrom = sample * featureSize;
      for (int j = 0; j < featureSize; j++) {
        x.put(xBase + j, features[xFrom + j]);
      }
      long yBase = (long) r * targetSize;
      int yFrom = sample * targetSize;
      for (int j = 0; j < targetSize; j++) {
        y.put(yBase + j, targets[yFrom + j]);
      }
    }
  }
}
