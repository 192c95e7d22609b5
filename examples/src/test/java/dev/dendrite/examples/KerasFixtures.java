package dev.dendrite.examples;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.WritableHdfFile;
import io.jhdf.storage.HdfFileChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds Keras files by hand, independently of Dendrite's writers, to the letter of
 * {@code shared/keras/FORMAT.md}: HDF5 through jHDF (with the same guard against its misplaced
 * signature as Dendrite's writer: a test file written without it cannot be opened) and zips of
 * stored members.
 */
final class KerasFixtures {
  private KerasFixtures() {}

  /** A new HDF5 file whose closing does not overwrite the last group written. */
  static WritableHdfFile hdf5(Path path) {
    WritableHdfFile file = HdfFile.write(path);
    try {
      Field channel = WritableHdfFile.class.getDeclaredField("fileChannel");
      Field superblock = WritableHdfFile.class.getDeclaredField("superblock");
      Field hdfChannel = WritableHdfFile.class.getDeclaredField("hdfFileChannel");
      channel.setAccessible(true);
      superblock.setAccessible(true);
      hdfChannel.setAccessible(true);
      FileChannel fc = (FileChannel) channel.get(file);
      hdfChannel.set(file, new HdfFileChannel(fc, (Superblock) superblock.get(file)) {
        private long end;
        private boolean positioned;

        @Override
        public int write(ByteBuffer buffer, long position) {
          int n = super.write(buffer, position);
          end = Math.max(end, position + n);
          positioned = true;
          return n;
        }

        @Override
        public void position(long position) {
          super.position(position);
          positioned = false;
        }

        @Override
        public int write(ByteBuffer buffer) {
          try {
            if (positioned) {
              fc.position(Math.max(end, fc.position()));
              positioned = false;
            }
            long start = fc.position();
            int n = super.write(buffer);
            end = Math.max(end, start + n);
            return n;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    file.removeAttribute("_jHDF");
    return file;
  }

  /** The array as a nested Java float array of its shape, as jHDF writes datasets. */
  static Object floats(INDArray array) {
    float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int[] shape = Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
    return nest(values, shape, 0, 0);
  }

  private static Object nest(float[] values, int[] shape, int dim, int offset) {
    if (dim == shape.length - 1) {
      return Arrays.copyOfRange(values, offset, offset + shape[dim]);
    }
    int stride = Arrays.stream(shape, dim + 1, shape.length).reduce(1, (a, b) -> a * b);
    Object first = nest(values, shape, dim + 1, offset);
    Object result = Array.newInstance(first.getClass(), shape[dim]);
    for (int i = 0; i < shape[dim]; i++) {
      Array.set(result, i, i == 0 ? first : nest(values, shape, dim + 1, offset + i * stride));
    }
    return result;
  }

  /** A zip of {@code members} (name to text or bytes), each stored uncompressed, in order. */
  static void zip(Path file, Map<String, Object> members) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, Object> member : members.entrySet()) {
        byte[] data = member.getValue() instanceof String text
            ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) member.getValue();
        ZipEntry entry = new ZipEntry(member.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
      }
      zip.finish();
      Files.write(file, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
