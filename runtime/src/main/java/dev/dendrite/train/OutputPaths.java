package dev.dendrite.train;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run writes its files: checked before the first epoch, and missing folders created
 * only when the first file is written (so a run that fails leaves no empty folder behind).
 */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Refuses an output file that cannot be written: a directory, or a file whose nearest
   * existing ancestor is a file or cannot be written. Missing parent folders are fine.
   *
   * @throws IllegalArgumentException naming {@code flag} and {@code file}
   */
  static void checkFile(String flag, Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(flag + " " + file + " is a directory; give a file name");
    }
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent != null) {
      checkWritable(flag, file, parent);
    }
  }

  /**
   * Refuses an output directory that cannot be written: a file, or a folder that cannot be
   * written or created. A missing directory is fine.
   *
   * @throws IllegalArgumentException naming {@code flag} and {@code dir}
   */
  static void checkDirectory(String flag, Path dir) {
    if (dir == null) {
      return;
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(flag + " " + dir + " is a file, not a directory");
    }
    checkWritable(flag, dir, dir.toAbsolutePath().normalize());
  }

  /** Checks that {@code dir}, or the nearest of its ancestors that exists, is a writable folder. */
  private static void checkWritable(String flag, Path given, Path dir) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new IllegalArgumentException(flag + " " + given + ": no part of the path exists");
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(flag + " " + given + ": " + existing
          + " is a file, not a directory");
    }
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException(flag + " " + given + ": the directory " + existing
          + " cannot be written"
          + (existing.equals(dir) ? "" : " (" + dir + " would be created in it)"));
    }
  }

  /** Creates the missing parent folders of {@code file}. */
  static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
  }

  /**
   * Creates {@code dir} and its missing parents.
   *
   * @throws FileSystemException "not a directory" when it or an ancestor is a file
   */
  static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new FileSystemException(e.getFile(), null, "not a directory");
    }
  }
}
