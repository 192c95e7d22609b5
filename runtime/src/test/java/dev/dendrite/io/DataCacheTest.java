package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {
  @TempDir Path dir;

  private static final ModelSpec CLASSES = DataFilesTest.spec(3, 3,
      Loss.CATEGORICAL_CROSSENTROPY);
  private static final ModelSpec REGRESSION = DataFilesTest.spec(3, 1, Loss.MEAN_SQUARED_ERROR);

  private Path csv(String name, int rows, long seed, boolean names) throws IOException {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder("a,b,c,y\n");
    String[] labels = names ? new String[] {"setosa", "virginica", "\"versi,color\""}
        : new String[] {"0", "1", "2"};
    for (int i = 0; i < rows; i++) {
      s.append(random.nextInt(100)).append(',').append(random.nextGaussian()).append(',')
          .append(random.nextInt(7) / 4.0).append(',').append(labels[random.nextInt(3)])
          .append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, s, StandardCharsets.UTF_8);
    return file;
  }

  private static void assertSameSamples(Dataset expected, Dataset actual) {
    assertEquals(expected.size(), actual.size());
    assertEquals(expected.classNames(), actual.classNames());
    assertEquals(expected.targetSize(), actual.targetSize());
    for (int i = 0; i < expected.size(); i++) {
      for (int j = 0; j < expected.featureSize(); j++) {
        assertEquals(Float.floatToRawIntBits(expected.feature(i, j)),
            Float.floatToRawIntBits(actual.feature(i, j)), "sample " + i + " feature " + j);
      }
      for (int j = 0; j < expected.targetSize(); j++) {
        assertEquals(expected.target(i, j), actual.target(i, j), "sample " + i + " target " + j);
      }
    }
  }

  @Test
  void holdsTheSamplesTheInMemoryReaderReads() throws IOException {
    for (ModelSpec spec : List.of(CLASSES, REGRESSION)) {
      Path file = csv("data" + spec.outputs() + ".csv", 5000, 1, spec == CLASSES);
      List<String> notes = new ArrayList<>();
      DataCache.Opened opened = DataCache.open(file, spec, null, notes::add, read -> { });
      assertEquals(file.resolveSibling(file.getFileName() + ".dendrite-cache"), opened.file());
      assertEquals(List.of(), notes);
      Dataset memory = DataFiles.load(file, spec, null, List.of());
      assertSameSamples(memory, opened.data());
      Standardization statistics = Standardization.of(memory);
      for (int j = 0; j < 3; j++) {
        assertEquals(statistics.mean()[j], opened.standardization().mean()[j]);
        assertEquals(statistics.std()[j], opened.standardization().std()[j]);
      }
      assertSameSamples(statistics.apply(memory), opened.standardization().apply(opened.data()));
    }
  }

  @Test
  void isReusedUntilTheSourceChanges() throws IOException {
    Path file = csv("iris.csv", 2000, 2, true);
    List<String> notes = new ArrayList<>();
    Path cache = DataCache.open(file, CLASSES, null, notes::add, read -> { }).file();
    FileTime made = Files.getLastModifiedTime(cache);
    long[] parsed = {0};
    DataCache.open(file, CLASSES, null, notes::add, read -> parsed[0] = read);
    assertEquals(0, parsed[0], "a valid cache is not parsed again");
    assertEquals(made, Files.getLastModifiedTime(cache));

    csv("iris.csv", 2000, 3, true);
    Files.setLastModifiedTime(file, FileTime.fromMillis(made.toMillis() + 5000));
    Dataset fresh = DataCache.open(file, CLASSES, null, notes::add, read -> parsed[0] = read)
        .data();
    assertTrue(parsed[0] > 0, "a changed source is parsed again");
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith(cache + " was made from another version of its CSV file"),
        notes.get(0));
    assertTrue(notes.get(0).endsWith("; making it again"), notes.get(0));
    assertSameSamples(DataFiles.load(file, CLASSES, null, List.of()), fresh);

    notes.clear();
    DataCache.open(file, DataFilesTest.spec(3, 4, Loss.CATEGORICAL_CROSSENTROPY), null,
        notes::add, read -> { });
    assertEquals(List.of(cache + " was made for another label column or model; making it "
        + "again"), notes);
  }

  @Test
  void anIncompleteCacheIsMadeAgain() throws IOException {
    Path file = csv("d.csv", 100, 4, false);
    Path cache = file.resolveSibling("d.csv.dendrite-cache");
    Files.write(cache, new byte[] {'D', 'N', 'D', 'R'});
    List<String> notes = new ArrayList<>();
    Dataset data = DataCache.open(file, CLASSES, null, notes::add, read -> { }).data();
    assertEquals(List.of(cache + " is incomplete or of another version; making it again"),
        notes);
    assertSameSamples(DataFiles.load(file, CLASSES, null, List.of()), data);
  }

  @Test
  void aReadOnlyFolderPutsTheCacheInTheTemporaryFolder() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("ro"));
    Path file = Files.move(csv("r.csv", 300, 5, false), folder.resolve("r.csv"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeTrue(!Files.isWritable(folder), "the folder stays writable (running as root)");
      List<String> notes = new ArrayList<>();
      DataCache.Opened opened = DataCache.open(file, CLASSES, null, notes::add, read -> { });
      assertFalse(opened.file().startsWith(folder));
      assertTrue(opened.file().startsWith(Path.of(System.getProperty("java.io.tmpdir"))));
      assertEquals(1, notes.size());
      assertTrue(notes.get(0).startsWith("cannot write in " + folder.toAbsolutePath()),
          notes.get(0));
      assertSameSamples(DataFiles.load(file, CLASSES, null, List.of()), opened.data());
      Files.delete(opened.file());
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void badDataFailsAsInMemoryAndLeavesNoCache() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "a,b,c,y\n1,2,3,0\n1,x,3,1\n");
    DataException e = assertThrows(DataException.class,
        () -> DataCache.open(file, CLASSES, null, note -> { }, read -> { }));
    assertEquals(file + ":3: column 'b' is not a number: 'x'", e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void fingerprintSeesAChangeInTheMiddleOnlyThroughTheTime() throws IOException {
    Path file = csv("f.csv", 10, 6, false);
    String before = DataCache.fingerprint(file);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
    assertNotEquals(before, DataCache.fingerprint(file));
  }
}
