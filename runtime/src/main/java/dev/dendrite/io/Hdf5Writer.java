package dev.dendrite.io;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.WritableHdfFile;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Opens HDF5 files for writing with jHDF 0.9.3, around two of its faults. When it closes a file
 * it appends its own signature at the position of the channel, which is the end of the last
 * dataset written rather than the end of the file: any group written after the last dataset
 * lost its header (a file of {@code layers/dense/vars/0} then an empty {@code vars} group could
 * not be opened). The channel here moves to the end of the file before such an append. And it
 * gives the root an attribute {@code _jHDF}, which Keras does not write; it is removed. Public
 * for what else writes Keras-layout HDF5 (the tests' hand-built fixtures).
 */
public final class Hdf5Writer {
  private Hdf5Writer() {}

  /** A new HDF5 file at {@code path}, to be closed by the caller. */
  public static WritableHdfFile create(Path path) {
    WritableHdfFile file = HdfFile.write(path);
    try {
      Field channel = WritableHdfFile.class.getDeclaredField("fileChannel");
      Field superblock = WritableHdfFile.class.getDeclaredField("superblock");
      Field hdfChannel = WritableHdfFile.class.getDeclaredField("hdfFileChannel");
      channel.setAccessible(true);
      superblock.setAccessible(true);
      hdfChannel.setAccessible(true);
      hdfChannel.set(file, new AppendAtEnd((FileChannel) channel.get(file),
          (Superblock) superblock.get(file)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      file.close();
      throw new IllegalStateException("this jHDF is not the 0.9.3 Dendrite was built with: " + e,
          e);
    }
    file.removeAttribute("_jHDF");
    return file;
  }

  /** The array's values as a nested Java float array of its shape (a boxed float for a scalar). */
  public static Object floats(INDArray array) {
    float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int[] shape = Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
    return shape.length == 0 ? (Object) values[0] : nest(values, shape, 0, 0);
  }

  private static Object nest(float[] values, int[] shape, int dim, int offset) {
    if (dim == shape.length - 1) {
      return Arrays.copyOfRange(values, offset, offset + shape[dim]);
    }
    int stride = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    Object first = nest(values, shape, dim + 1, offset);
    Object result = Array.newInstance(first.getClass(), shape[dim]);
    Array.set(result, 0, first);
    for (int i = 1; i < shape[dim]; i++) {
      Array.set(result, i, nest(values, shape, dim + 1, offset + i * stride));
    }
    return result;
  }

  /**
   * jHDF's channel, except that a sequential write right after a positioned one (jHDF's
   * signature, after the root group's header) goes to the end of everything written.
   */
  private static final class AppendAtEnd extends HdfFileChannel {
    private long end;
    private boolean positioned;

    AppendAtEnd(FileChannel channel, Superblock superblock) {
      super(channel, superblock);
    }

    @Override
    public int write(ByteBuffer buffer, long position) {
      int written = super.write(buffer, position);
      end = Math.max(end, position + written);
      positioned = true;
      return written;
    }

    @Override
    public void position(long position) {
      super.position(position);
      positioned = false;
    }

    @Override
    public int write(ByteBuffer buffer) {
      try {
        FileChannel channel = getFileChannel();
        if (positioned) {
          channel.position(Math.max(end, channel.position()));
          positioned = false;
        }
        long start = channel.position();
        int written = super.write(buffer);
        end = Math.max(end, start + written);
        return written;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
