package dev.dendrite.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds Keras files by hand, independently of Dendrite's writers, to the letter of
 * {@code shared/keras/FORMAT.md}: the HDF5 groups and datasets each test lays out itself
 * (through jHDF, opened by {@link dev.dendrite.io.Hdf5Writer}, whose guard against jHDF's
 * misplaced signature a hand-built file needs too) and zips of stored members.
 */
final class KerasFixtures {
  private KerasFixtures() {}

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
