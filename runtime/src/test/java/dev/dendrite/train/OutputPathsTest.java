package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {
  @TempDir Path dir;

  @Test
  void missingFoldersAreAcceptedAndNotCreatedByTheCheck() {
    Path file = dir.resolve("a/b/w.safetensors");
    OutputPaths.checkFile("--save", file);
    OutputPaths.checkDirectory("--checkpoint", dir.resolve("c/d"));
    OutputPaths.checkFile("--save", null);
    OutputPaths.checkDirectory("--report", null);
    assertFalse(Files.exists(dir.resolve("a")));
    assertFalse(Files.exists(dir.resolve("c")));
  }

  @Test
  void aFileOnThePathIsRefusedNamingTheFlagAndThePath() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path under = file.resolve("sub/w.safetensors");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OutputPaths.checkFile("--history-csv", under));
    assertEquals("--history-csv " + under + ": " + file + " is a file, not a directory",
        e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> OutputPaths.checkDirectory("--checkpoint", file));
    assertEquals("--checkpoint " + file + " is a file, not a directory", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> OutputPaths.checkDirectory("--report", file.resolve("r")));
    assertEquals("--report " + file.resolve("r") + ": " + file + " is a file, not a directory",
        e.getMessage());
  }

  @Test
  void aDirectoryIsNotAFileName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OutputPaths.checkFile("--save", dir));
    assertEquals("--save " + dir + " is a directory; give a file name", e.getMessage());
  }

  @Test
  void anUnwritableFolderIsRefused() throws IOException {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    try {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    } catch (UnsupportedOperationException e) {
      abort("no POSIX permissions");
    }
    try {
      assumeFalse(Files.isWritable(locked), "permissions do not bind this user (root)");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OutputPaths.checkFile("--save", locked.resolve("new/w.safetensors")));
      assertTrue(e.getMessage().startsWith("--save " + locked.resolve("new/w.safetensors")
          + ": the directory " + locked + " cannot be written"), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void createParentMakesTheMissingFoldersAndNamesAFileInTheWay() throws IOException {
    OutputPaths.createParent(dir.resolve("a/b/w.safetensors"));
    assertTrue(Files.isDirectory(dir.resolve("a/b")));
    OutputPaths.createParent(dir.resolve("a/b/w.safetensors"));

    Path file = Files.writeString(dir.resolve("file"), "x");
    FileSystemException e = assertThrows(FileSystemException.class,
        () -> OutputPaths.createParent(file.resolve("w.safetensors")));
    assertEquals("not a directory", e.getReason());
  }
}
