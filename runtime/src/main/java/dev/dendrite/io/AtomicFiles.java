package dev.dendrite.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces files so that a crash at any moment leaves either the old file or the complete new
 * one: the content goes to a temporary file in the same directory, is forced to the disk, and is
 * renamed over the target in one atomic step; the directory is then forced too where the
 * platform allows it.
 */
public final class AtomicFiles {
  /** Names of the temporary files start with this and end with {@link #TEMP_SUFFIX}. */
  public static final String TEMP_PREFIX = ".";

  /** Names of the temporary files end with this. */
  public static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /** Writes the bytes of a file. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Atomically replaces (or creates) {@code file} with what {@code content} writes. */
  static void write(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path temp = createTemp(dir, target.getFileName().toString());
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
    forceDirectory(dir);
  }

  /** Atomically replaces {@code file} with {@code bytes}. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes));
  }

  /** Whether {@code name} is one of the temporary files this class creates for {@code target}. */
  public static boolean isTempFor(String name, String target) {
    return name.startsWith(TEMP_PREFIX + target + ".") && name.endsWith(TEMP_SUFFIX);
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    long pid = ProcessHandle.current().pid();
    for (int attempt = 0; ; attempt++) {
      Path temp = dir.resolve(TEMP_PREFIX + name + "." + pid + "-" + System.nanoTime() + "-"
          + attempt + TEMP_SUFFIX);
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }

  /** A short reason for a failed file operation: {@code no such file: /x/y}. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + ": " + f.getFile();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** Forces a directory's entries (the rename) to the disk; a no-op where that is unsupported. */
  static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory as a channel; its renames are durable without this.
    }
  }
}
