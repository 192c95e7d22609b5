package dev.dendrite.runtime;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elements of a dense array, read and written in place through a direct view of its native
 * memory: the JIT turns {@link #get} and {@link #set} into plain loads and stores (ND4J's own
 * per-element accessors dispatch on the data type every time). Float arrays are what training
 * uses; double arrays are what gradient checks use.
 */
abstract class Vec {
  final int length;

  private Vec(int length) {
    this.length = length;
  }

  /** A view of {@code array}, which must be dense, float or double, and start at its buffer. */
  static Vec of(INDArray array) {
    if (array.offset() != 0 || array.length() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("not a dense array: " + array.shapeInfoToString());
    }
    int n = (int) array.length();
    var bytes = array.data().asNio().order(ByteOrder.nativeOrder());
    if (array.dataType() == DataType.FLOAT) {
      return new Floats(bytes.asFloatBuffer(), n);
    }
    if (array.dataType() == DataType.DOUBLE) {
      return new Doubles(bytes.asDoubleBuffer(), n);
    }
    throw new IllegalArgumentException("float or double arrays only, not " + array.dataType());
  }

  abstract double get(int i);

  abstract void set(int i, double value);

  private static final class Floats extends Vec {
    private final FloatBuffer buffer;

    Floats(FloatBuffer buffer, int length) {
      super(length);
      this.buffer = buffer;
    }

    @Override
    double get(int i) {
      return buffer.get(i);
    }

    @Override
    void set(int i, double value) {
      buffer.put(i, (float) value);
    }
  }

  private static final class Doubles extends Vec {
    private final DoubleBuffer buffer;

    Doubles(DoubleBuffer buffer, int length) {
      super(length);
      this.buffer = buffer;
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
