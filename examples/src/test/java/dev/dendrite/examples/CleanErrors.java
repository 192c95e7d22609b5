package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Assertions on failed trainer runs: one clear paragraph, the right status, nothing touched. */
final class CleanErrors {
  private CleanErrors() {}

  /**
   * The run failed with {@code status} and one {@code error: <file>...} paragraph containing every
   * fragment: no stack trace, no exception class name, no second error.
   */
  static void assertCleanError(Trainers.Run run, int status, Path file, String... fragments) {
    String err = run.err();
    assertEquals(status, run.status(), () -> "status; stderr: " + err + "stdout: " + run.out());
    assertTrue(err.startsWith("error: " + file), () -> "should name " + file + ": " + err);
    String paragraph = err.lines().findFirst().orElseThrow();
    for (String f : fragments) {
      assertTrue(paragraph.contains(f), () -> "should contain '" + f + "': " + err);
    }
    assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("org.nd4j"),
        () -> "no stack trace or exception: " + err);
    assertTrue(err.lines().count() <= 2, () -> "one paragraph: " + err);
    assertFalse(run.out().contains("test loss"), run.out());
  }

  /**
   * Every file under {@code dir} (or the file itself) with its bytes, except the lock file of a
   * checkpoint, which names the last run that looked at it.
   */
  static Map<Path, byte[]> snapshot(Path path) {
    Map<Path, byte[]> files = new TreeMap<>();
    if (!Files.exists(path)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p) && !p.getFileName().toString().equals("checkpoint.lock")) {
          files.put(p, Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static void assertUnchanged(Map<Path, byte[]> before, Path path) {
    Map<Path, byte[]> after = snapshot(path);
    assertEquals(before.keySet(), after.keySet(), "the same files in " + path);
    before.forEach((p, bytes) -> assertArrayEquals(bytes, after.get(p), "unchanged: " + p));
  }
}
