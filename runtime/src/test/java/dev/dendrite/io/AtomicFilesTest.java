package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void createsAndReplaces() throws IOException {
    Path file = dir.resolve("a.txt");
    AtomicFiles.write(file, "one".getBytes());
    AtomicFiles.write(file, "two".getBytes());

    assertEquals("two", Files.readString(file));
    assertEquals(List.of("a.txt"), SafetensorsTest.names(dir));
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws IOException {
    Path file = dir.resolve("a.txt");
    Files.writeString(file, "old");

    assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      out.write("half of the new".getBytes());
      throw new IOException("disk full");
    }));

    assertEquals("old", Files.readString(file));
    assertEquals(List.of("a.txt"), SafetensorsTest.names(dir));
  }

  @Test
  void temporaryFilesAreRecognisable() {
    assertEquals(true, AtomicFiles.isTempFor(".checkpoint.json.123-456-0.tmp", "checkpoint.json"));
    assertEquals(false, AtomicFiles.isTempFor("checkpoint.json", "checkpoint.json"));
  }
}
