package dev.dendrite.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's arrays (weights, gradients or optimizer state) flattened into one vector in the
 * order of their map, as they travel between the driver and the executors. Sums are kept in
 * double; on the wire a float network's values are floats (4 bytes each), a double network's
 * doubles, so that a float model moves no more bytes than it holds.
 */
final class Tensors implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Values converted per write or read on the wire. */
  private static final int CHUNK = 8192;

  private final boolean single;
  private transient double[] values;

  private Tensors(boolean single, double[] values) {
    this.single = single;
    this.values = values;
  }

  /** Zeros the size of {@code arrays}, sent as floats when {@code single}. */
  static Tensors zeros(Map<String, INDArray> arrays, boolean single) {
    return new Tensors(single, new double[Math.toIntExact(length(arrays))]);
  }

  /** A copy of {@code arrays}' values. */
  static Tensors of(Map<String, INDArray> arrays, boolean single) {
    Tensors t = zeros(arrays, single);
    t.add(arrays, 1);
    return t;
  }

  static long length(Map<String, INDArray> arrays) {
    long n = 0;
    for (INDArray a : arrays.values()) {
      n += a.length();
    }
    return n;
  }

  int length() {
    return values.length;
  }

  double get(int i) {
    return values[i];
  }

  /** Adds {@code scale} times {@code arrays}' values. */
  void add(Map<String, INDArray> arrays, double scale) {
    int at = 0;
    for (INDArray a : arrays.values()) {
      // a dense row-major copy: views and Keras-shaped parameters read in their own order
      double[] d = a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
      checkRoom(at, d.length, arrays);
      for (double v : d) {
        values[at++] += scale * v;
      }
    }
    checkFilled(at, arrays);
  }

  /** Adds {@code other} (a sum from another partition). */
  Tensors add(Tensors other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException("adding " + other.values.length + " values to "
          + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      values[i] += other.values[i];
    }
    return this;
  }

  /** Writes these values times {@code scale} into {@code arrays}, in order. */
  void copyInto(Map<String, INDArray> arrays, double scale) {
    int at = 0;
    for (INDArray a : arrays.values()) {
      int n = Math.toIntExact(a.length());
      checkRoom(at, n, arrays);
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = scale * values[at++];
      }
      a.assign(Nd4j.createFromArray(d).reshape('c', a.shape()));
    }
    checkFilled(at, arrays);
  }

  private void checkRoom(int at, int n, Map<String, INDArray> arrays) {
    if (at + n > values.length) {
      throw new IllegalArgumentException("these " + values.length + " values are fewer than "
          + "the arrays " + arrays.keySet() + " hold");
    }
  }

  private void checkFilled(int at, Map<String, INDArray> arrays) {
    if (at != values.length) {
      throw new IllegalArgumentException("these " + values.length + " values are not the "
          + at + " of the arrays " + arrays.keySet());
    }
  }

  /** The bytes these values take on the wire. */
  long wireBytes() {
    return (long) values.length * (single ? Float.BYTES : Double.BYTES);
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(values.length);
    int width = single ? Float.BYTES : Double.BYTES;
    // in chunks of bytes, not one call per value: the stream's per-call cost dominates
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * width);
    for (int from = 0; from < values.length; from += CHUNK) {
      int n = Math.min(CHUNK, values.length - from);
      chunk.clear();
      for (int i = from; i < from + n; i++) {
        if (single) {
          chunk.putFloat((float) values[i]);
        } else {
          chunk.putDouble(values[i]);
        }
      }
      out.write(chunk.array(), 0, n * width);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    values = new double[in.readInt()];
    int width = single ? Float.BYTES : Double.BYTES;
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * width);
    for (int from = 0; from < values.length; from += CHUNK) {
      int n = Math.min(CHUNK, values.length - from);
      in.readFully(chunk.array(), 0, n * width);
      chunk.clear();
      for (int i = from; i < from + n; i++) {
        values[i] = single ? chunk.getFloat() : chunk.getDouble();
      }
    }
  }
}
