package dev.dendrite.runtime;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct views of float arrays' native memory, for element-wise loops the JIT compiles to plain
 * loads and stores (ND4J's per-element accessors dispatch on the data type every time).
 */
final class Floats {
  private Floats() {}

  /** Whether the array is float, dense and starts at its buffer's start. */
  static boolean all(INDArray a) {
    return a.dataType() == DataType.FLOAT && a.offset() == 0 && a.length() <= Integer.MAX_VALUE
        && a.data().length() >= a.length();
  }

  // fixed arities rather than varargs: a training step must not allocate the argument array

  static boolean all(INDArray a, INDArray b) {
    return all(a) && all(b);
  }

  static boolean all(INDArray a, INDArray b, INDArray c) {
    return all(a) && all(b) && all(c);
  }

  static boolean all(INDArray a, INDArray b, INDArray c, INDArray d) {
    return all(a) && all(b) && all(c) && all(d);
  }

  /**
   * The array's elements as a float buffer sharing its memory (cached, see {@link Vec#of}); use
   * only absolute gets and puts on it, and the array's length, not the buffer's limit.
   */
  static FloatBuffer of(INDArray a) {
    return Vec.of(a).floats();
  }

  /** The same memory as {@link #of}, read as the floats' IEEE 754 bit patterns. */
  static IntBuffer bits(INDArray a) {
    return Vec.of(a).floatBits();
  }
}
