package dev.dendrite;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Samples: features flattened row-major (channels last) and targets in the form the model's loss
 * expects (one-hot classes, 0/1, or values), held in arrays or read from a memory-mapped file.
 *
 * <p>Slices and standardized copies are views: they share the samples' floats, so that holding
 * the data set, its training part and its standardized form costs the data once.
 */
public final class Dataset {
  private final Floats features;
  private final Floats targets;
  /** The first row of this view in {@link #features} and {@link #targets}. */
  private final long first;
  private final int size;
  private final int featureSize;
  private final int targetSize;
  private final List<String> classNames;
  /** Per-feature statistics applied on reading, {@code (x - mean[j]) / std[j]}; null: none. */
  private final float[] mean;
  private final float[] std;

  /**
   * Floats addressed by a long index: an array in memory, or a file mapped into memory.
   * Implementations are read-only and safe to read from several threads.
   */
  public interface Floats {
    /** The number of floats. */
    long length();

    /** Float {@code index}. */
    float get(long index);

    /** Floats held in {@code values}, which the caller no longer changes. */
    static Floats of(float[] values) {
      return new ArrayFloats(values);
    }

    /**
     * One-hot rows of {@code classes} floats from one class index per row: float {@code i} is 1
     * when {@code i % classes} is row {@code i / classes}'s index in {@code indices}.
     */
    static Floats oneHot(Floats indices, int classes) {
      return new OneHot(indices, classes);
    }
  }

  private record ArrayFloats(float[] values) implements Floats {
    @Override
    public long length() {
      return values.length;
    }

    @Override
    public float get(long index) {
      return values[(int) index];
    }
  }

  private record OneHot(Floats indices, int classes) implements Floats {
    @Override
    public long length() {
      return indices.length() * classes;
    }

    @Override
    public float get(long index) {
      return indices.get(index / classes) == index % classes ? 1f : 0f;
    }
  }

  /**
   * @param features {@code size * featureSize} values, one sample after another
   * @param targets {@code size * targetSize} values
   * @param classNames the class names by index, or empty for regression
   */
  public Dataset(float[] features, int featureSize, float[] targets, int targetSize,
      List<String> classNames) {
    this(Floats.of(features), featureSize, Floats.of(targets), targetSize, classNames);
  }

  /**
   * Samples held in {@code features} and {@code targets}, which may be memory-mapped.
   *
   * @throws IllegalArgumentException when they do not divide into the same number of samples,
   *     or hold more than {@link Integer#MAX_VALUE}
   */
  public Dataset(Floats features, int featureSize, Floats targets, int targetSize,
      List<String> classNames) {
    if (featureSize <= 0 || targetSize <= 0 || features.length() % featureSize != 0) {
      throw new IllegalArgumentException("features do not divide into samples of " + featureSize);
    }
    long samples = features.length() / featureSize;
    if (samples > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(samples + " samples are more than one data set holds");
    }
    if (targets.length() != samples * targetSize) {
      throw new IllegalArgumentException("expected " + samples + " targets of " + targetSize
          + ", found " + targets.length() + " values");
    }
    this.features = features;
    this.targets = targets;
    this.first = 0;
    this.size = (int) samples;
    this.featureSize = featureSize;
    this.targetSize = targetSize;
    this.classNames = List.copyOf(classNames);
    this.mean = null;
    this.std = null;
  }

  private Dataset(Dataset of, long first, int size, float[] mean, float[] std) {
    this.features = of.features;
    this.targets = of.targets;
    this.first = first;
    this.size = size;
    this.featureSize = of.featureSize;
    this.targetSize = of.targetSize;
    this.classNames = of.classNames;
    this.mean = mean;
    this.std = std;
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
    float x = features.get((first + i) * featureSize + j);
    return mean == null ? x : (x - mean[j]) / std[j];
  }

  /** Target {@code j} of sample {@code i}. */
  public float target(int i, int j) {
    return targets.get((first + i) * targetSize + j);
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive), sharing these samples' floats. */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size);
    }
    return new Dataset(this, first + from, to - from, mean, std);
  }

  /**
   * These samples with every feature read as {@code (x - mean[j]) / std[j]} (in float, as
   * written), sharing these samples' floats.
   *
   * @throws IllegalStateException when these samples are standardized already
   */
  public Dataset standardized(float[] mean, float[] std) {
    if (this.mean != null) {
      throw new IllegalStateException("the samples are standardized already");
    }
    if (mean.length != featureSize || std.length != featureSize) {
      throw new IllegalArgumentException("expected statistics of " + featureSize
          + " features, found " + mean.length + " and " + std.length);
    }
    return new Dataset(this, first, size, mean.clone(), std.clone());
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
      for (int j = 0; j < featureSize; j++) {
        x.put(xBase + j, feature(sample, j));
      }
      long yBase = (long) r * targetSize;
      for (int j = 0; j < targetSize; j++) {
        y.put(yBase + j, target(sample, j));
      }
    }
  }
}
