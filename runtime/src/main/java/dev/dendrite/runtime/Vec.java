package dev.dendrite.runtime;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elements of a dense array, read and written in place through a direct view of its native
 * memory: the JIT turns {@link #get} and {@link #set} into plain loads and stores (ND4J's own
 * per-element accessors dispatch on the data type every time). Float arrays are what training
 * uses; double arrays are what gradient checks use.
 *
 * <p>Views are cached per array (weakly, by identity), so that after its first step a training
 * step makes none: generated networks pass the same arrays to the kernels every batch.
 */
abstract class Vec {
  final int length;

  private Vec(int length) {
    this.length = length;
  }

  // large: arrays of earlier networks that are not yet collected hold slots too, and a hot array
  // evicted by a full probe window would be made again every step
  private static final IdentityCache<INDArray, Vec> CACHE = new IdentityCache<>(1 << 16);

  /** A view of {@code array}, which must be dense, float or double, and start at its buffer. */
  static Vec of(INDArray array) {
    Vec vec = CACHE.get(array);
    if (vec == null) {
      vec = create(array);
      CACHE.put(array, vec);
    } else if (array.wasClosed()) {
      throw new IllegalStateException("array was closed: " + array.shapeInfoToString());
    }
    return vec;
  }

  /** The float buffer behind a view of a float array. */
  FloatBuffer floats() {
    throw new IllegalStateException("not a float array");
  }

  /** The same memory as {@link #floats()}, read as the floats' bit patterns. */
  IntBuffer floatBits() {
    throw new IllegalStateException("not a float array");
  }

  private static Vec create(INDArray array) {
    if (array.offset() != 0 || array.length() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("not a dense array: " + array.shapeInfoToString());
    }
    int n = (int) array.length();
    var bytes = array.data().asNio().order(ByteOrder.nativeOrder());
    if (array.dataType() == DataType.FLOAT) {
      FloatBuffer floats = bytes.asFloatBuffer();
      return new Floats(floats, bytes.asIntBuffer(), new FloatPointer(floats), n);
    }
    if (array.dataType() == DataType.DOUBLE) {
      DoubleBuffer doubles = bytes.asDoubleBuffer();
      return new Doubles(doubles, new DoublePointer(doubles), n);
    }
    throw new IllegalArgumentException("float or double arrays only, not " + array.dataType());
  }

  abstract double get(int i);

  /** The array's memory as a JavaCPP pointer, for native calls (OpenBLAS). */
  abstract Pointer pointer();

  abstract void set(int i, double value);

  static final class Floats extends Vec {
    private final FloatBuffer buffer;
    private final IntBuffer bits;
    private final FloatPointer pointer;

    Floats(FloatBuffer buffer, IntBuffer bits, FloatPointer pointer, int length) {
      super(length);
      this.buffer = buffer;
      this.bits = bits;
      this.pointer = pointer;
    }

    @Override
    Pointer pointer() {
      return pointer;
    }

    @Override
    double get(int i) {
      return buffer.get(i);
    }

    @Override
    void set(int i, double value) {
      buffer.put(i, (float) value);
    }

    @Override
    FloatBuffer floats() {
      return buffer;
    }

    @Override
    IntBuffer floatBits() {
      return bits;
    }
  }

  private static final class Doubles extends Vec {
    private final DoubleBuffer buffer;
    private final DoublePointer pointer;

    Doubles(DoubleBuffer buffer, DoublePointer pointer, int length) {
      super(length);
      this.buffer = buffer;
      this.pointer = pointer;
    }

    @Override
    Pointer pointer() {
      return pointer;
    }

    @Override
    double get(int i) {
      return buffer.get(i);
    }

    @Override
    void set(int i, double value) {
      buffer.put(i, value);
    }
  }
}
