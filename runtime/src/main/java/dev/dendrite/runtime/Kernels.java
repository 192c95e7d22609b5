package dev.dendrite.runtime;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Layer kernels shared by generated code: dense products, bias, dropout and initialisation. */
public final class Kernels {
  private Kernels() {}

  /** {@code out = x · kernel (+ bias)}, with {@code out} preallocated. */
  public static void dense(INDArray x, INDArray kernel, INDArray bias, INDArray out) {
    Blas.gemm(x, kernel, out, false, false);
    if (bias != null) {
      addRowVector(out, bias);
    }
  }

  /** Adds {@code bias} to every row of {@code out}, read as rows of the bias's length. */
  static void addRowVector(INDArray out, INDArray bias) {
    if (Floats.all(out, bias)) {
      FloatLoops.addRowVector(Floats.of(out), Floats.of(bias), (int) out.length(),
          (int) bias.length());
      return;
    }
    Vec o = Vec.of(out);
    Vec b = Vec.of(bias);
    int cols = b.length;
    for (int i = 0; i < o.length; i++) {
      o.set(i, o.get(i) + b.get(i % cols));
    }
  }

  /** {@code sums[j] = sum over rows of x[row, j]}, {@code x} read as rows of the sums' length. */
  static void columnSums(INDArray x, INDArray sums) {
    if (Floats.all(x, sums)) {
      FloatLoops.columnSums(Floats.of(x), Floats.of(sums), (int) x.length(), (int) sums.length());
      return;
    }
    Vec in = Vec.of(x);
    Vec out = Vec.of(sums);
    int cols = out.length;
    for (int j = 0; j < cols; j++) {
      out.set(j, 0);
    }
    for (int i = 0; i < in.length; i++) {
      out.set(i % cols, out.get(i % cols) + in.get(i));
    }
  }

  /**
   * Gradients of a dense layer from {@code dZ}, the gradient at its pre-activation:
   * {@code kernelGrad = xᵀ · dZ}, {@code biasGrad = column sums of dZ}, and, unless {@code dX} is
   * null (the first layer), {@code dX = dZ · kernelᵀ}.
   */
  public static void denseBackward(INDArray x, INDArray kernel, INDArray dZ,
      INDArray kernelGrad, INDArray biasGrad, INDArray dX) {
    Blas.gemm(x, dZ, kernelGrad, true, false);
    if (biasGrad != null) {
      columnSums(dZ, biasGrad);
    }
    if (dX != null) {
      Blas.gemm(dZ, kernel, dX, false, true);
    }
  }

  /**
   * Draws an inverted-dropout mask: each entry is 0 with probability {@code rate}, else
   * {@code 1 / (1 - rate)}.
   */
  public static void dropoutMask(INDArray mask, double rate, Rng rng) {
    if (Floats.all(mask)) {
      FloatLoops.dropoutMask(Floats.bits(mask), (int) mask.length(), rate, rng);
      return;
    }
    double keep = 1 / (1 - rate);
    Vec m = Vec.of(mask);
    for (int i = 0; i < m.length; i++) {
      m.set(i, rng.nextDouble() < rate ? 0 : keep);
    }
  }


  /** {@code out = x * mask}, element-wise; also the backward pass with gradients in place of x. */
  public static void multiply(INDArray x, INDArray mask, INDArray out) {
    if (Floats.all(x, mask, out)) {
      FloatLoops.multiply(Floats.of(x), Floats.of(mask), Floats.of(out), (int) x.length());
      return;
    }
    Vec a = Vec.of(x);
    Vec b = Vec.of(mask);
    Vec r = Vec.of(out);
    for (int i = 0; i < a.length; i++) {
      r.set(i, a.get(i) * b.get(i));
    }
  }


  /** {@code out = a + b}, element-wise; {@code out} may be either operand. */
  public static void add(INDArray a, INDArray b, INDArray out) {
    Vec x = Vec.of(a);
    Vec y = Vec.of(b);
    Vec r = Vec.of(out);
    for (int i = 0; i < r.length; i++) {
      r.set(i, x.get(i) + y.get(i));
    }
  }

  /**
   * Copies {@code part} into {@code whole} at {@code offset} along the last axis: both read as
   * rows (one per sample and position) of their last axis, {@code whole}'s rows the wider.
   */
  public static void concatenate(INDArray part, INDArray whole, int offset) {
    Vec p = Vec.of(part);
    Vec w = Vec.of(whole);
    int width = (int) part.size(part.rank() - 1);
    int wholeWidth = (int) whole.size(whole.rank() - 1);
    for (int row = 0, rows = p.length / width; row < rows; row++) {
      for (int j = 0; j < width; j++) {
        w.set(row * wholeWidth + offset + j, p.get(row * width + j));
      }
    }
  }

  /** The backward pass of {@link #concatenate}: {@code part} = its columns of {@code whole}. */
  public static void split(INDArray whole, INDArray part, int offset) {
    Vec p = Vec.of(part);
    Vec w = Vec.of(whole);
    int width = (int) part.size(part.rank() - 1);
    int wholeWidth = (int) whole.size(whole.rank() - 1);
    for (int row = 0, rows = p.length / width; row < rows; row++) {
      for (int j = 0; j < width; j++) {
        p.set(row * width + j, w.get(row * wholeWidth + offset + j));
      }
    }
  }

  /**
   * {@code array} reshaped (row-major) to {@code shape}, sharing its memory.
   *
   * @throws IllegalStateException if the reshape would copy
   */
  public static INDArray view(INDArray array, long... shape) {
    INDArray view = array.reshape('c', shape);
    if (view.data().address() != array.data().address()) {
      throw new IllegalStateException("cannot view " + java.util.Arrays.toString(array.shape())
          + " as " + java.util.Arrays.toString(shape) + " without copying");
    }
    return view;
  }

  /**
   * Copies {@code from} into {@code to}, element by element in row-major order, converting the
   * data type if needed; a plain loop for dense arrays (cheaper than an ND4J op for a small
   * batch), ND4J's assign for views.
   */
  public static void copy(INDArray from, INDArray to) {
    if (from.offset() != 0 || !rowMajorStrides(from) || from.data().length() < from.length()
        || from.isView()) {
      to.assign(from.reshape(to.shape()));
      return;
    }
    if (Floats.all(from, to) && from.length() == to.length()) {
      Floats.of(to).put(0, Floats.of(from), 0, (int) to.length());
      return;
    }
    Vec in = Vec.of(from);
    Vec out = Vec.of(to);
    for (int i = 0; i < out.length; i++) {
      out.set(i, in.get(i));
    }
  }

  /** Whether the array's strides are those of a dense row-major array (checked without copies). */
  private static boolean rowMajorStrides(INDArray a) {
    long expected = 1;
    for (int i = a.rank() - 1; i >= 0; i--) {
      if (a.size(i) != 1 && a.stride(i) != expected) {
        return false;
      }
      expected *= a.size(i);
    }
    return true;
  }

  /** Keras' {@code glorot_uniform}: uniform in ±sqrt(6 / (fanIn + fanOut)). */
  public static void glorotUniform(INDArray kernel, int fanIn, int fanOut, Rng rng) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    DataBuffer k = kernel.data();
    long n = kernel.length();
    for (long i = 0; i < n; i++) {
      k.put(i, (2 * rng.nextDouble() - 1) * limit);
    }
  }
}
