package dev.dendrite.runtime;

import dev.dendrite.ModelSpec;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The few sets of per-batch buffers a generated network keeps, one per batch size recently
 * used (the training batch, its remainder, evaluation chunks), created once and then reused.
 */
public final class BatchBuffers<B> {
  private static final int SIZES = 4;

  private final IntFunction<B> create;
  private final int[] sizes = new int[SIZES];
  private final Object[] sets = new Object[SIZES];

  public BatchBuffers(IntFunction<B> create) {
    this.create = create;
  }

  /** The buffers for {@code n} samples, most recently used first. */
  @SuppressWarnings("unchecked")
  public B get(int n) {
    for (int i = 0; i < SIZES; i++) {
      if (sets[i] != null && sizes[i] == n) {
        B found = (B) sets[i];
        moveToFront(i, n, found);
        return found;
      }
    }
    B created = create.apply(n);
    moveToFront(SIZES - 1, n, created);
    return created;
  }

  private void moveToFront(int i, int n, Object set) {
    System.arraycopy(sizes, 0, sizes, 1, i);
    System.arraycopy(sets, 0, sets, 1, i);
    sizes[0] = n;
    sets[0] = set;
  }

  /**
   * Checks a batch against the model's shapes and returns its sample count.
   *
   * @param targets the targets, or null when predicting
   */
  public static int samples(ModelSpec spec, INDArray features, INDArray targets) {
    if (features.rank() != 2 || features.size(1) != spec.inputSize()) {
      throw new IllegalArgumentException(spec.name() + " takes features of shape [samples, "
          + spec.inputSize() + "] (input " + spec.inputShapeText() + ", flattened row-major); "
          + "given " + java.util.Arrays.toString(features.shape()));
    }
    if (features.size(0) < 1) {
      throw new IllegalArgumentException(spec.name() + " needs at least one sample");
    }
    if (targets != null && (targets.rank() != 2 || targets.size(0) != features.size(0)
        || targets.size(1) != spec.outputs())) {
      throw new IllegalArgumentException(spec.name() + " takes targets of shape ["
          + features.size(0) + ", " + spec.outputs() + "] for these features; given "
          + java.util.Arrays.toString(targets.shape()));
    }
    return Math.toIntExact(features.size(0));
  }
}
