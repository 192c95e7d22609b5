package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level reader against the line-by-line one it replaces (BufferedReader, Csv.split,
 * Float.parseFloat), on files that mix every line end, quotes, blank lines, non-ASCII labels,
 * unusual numbers and lines longer than the reader's buffer.
 */
class CsvLoaderTest {
  @TempDir Path dir;

  private static final String[] NUMBERS = {"0", "-0", "1", "-17", " 3.25 ", "0.1", "1e3",
      "-2.5E-2", "0x1p3", "3.14159265358979", "1234567890123", ".5", "5.", "\"4\"", "\"-1.5\"",
      "+8", "16777217", "7d"};
  private static final String[] LABELS = {"cat", "dog", "\"bird\"", " cat ", "Äpfel", "\"a,b\""};
  private static final String[] ENDS = {"\n", "\r\n", "\r"};

  @Test
  void readsWhatTheLineReaderReads() throws IOException {
    Random random = new Random(7);
    for (int trial = 0; trial < 40; trial++) {
      int features = 1 + random.nextInt(5);
      StringBuilder csv = new StringBuilder(trial % 2 == 0 ? "\uFEFF" : "");
      for (int c = 0; c < features; c++) {
        csv.append("f").append(c).append(',');
      }
      csv.append("label");
      int rows = 1 + random.nextInt(300);
      for (int r = 0; r < rows; r++) {
        csv.append(ENDS[random.nextInt(ENDS.length)]);
        if (random.nextInt(10) == 0) {
          csv.append(random.nextBoolean() ? "" : " \t").append(ENDS[random.nextInt(3)]);
        }
        for (int c = 0; c < features; c++) {
          csv.append(NUMBERS[random.nextInt(NUMBERS.length)]).append(',');
        }
        csv.append(LABELS[random.nextInt(LABELS.length)]);
      }
      if (random.nextBoolean()) {
        csv.append(ENDS[random.nextInt(3)]);
      }
      Path file = dir.resolve("t" + trial + ".csv");
      Files.writeString(file, csv, StandardCharsets.UTF_8);
      ModelSpec spec = DataFilesTest.spec(features, 8, Loss.CATEGORICAL_CROSSENTROPY);
      assertSame(expected(file, features), DataFiles.load(file, spec, null, List.of()));
    }
  }

  @Test
  void readsLinesLongerThanItsBuffer() throws IOException {
    int features = 300_000;
    StringBuilder csv = new StringBuilder();
    for (int c = 0; c < features; c++) {
      csv.append('x').append(c).append(',');
    }
    csv.append("y\r\n");
    Random random = new Random(3);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < features; c++) {
        csv.append(random.nextInt(1000) / 8.0).append(',');
      }
      csv.append(r % 2).append("\r\n");
    }
    Path file = dir.resolve("wide.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    ModelSpec spec = DataFilesTest.spec(features, 2, Loss.CATEGORICAL_CROSSENTROPY);
    assertSame(expected(file, features), DataFiles.load(file, spec, null, List.of()));
  }

  private record Expected(List<float[]> features, List<String> labels) {}

  private static Expected expected(Path file, int features) throws IOException {
    List<float[]> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] cells = Csv.split(line, file, 0);
        float[] row = new float[features];
        for (int c = 0; c < features; c++) {
          row[c] = Float.parseFloat(cells[c].trim());
        }
        rows.add(row);
        labels.add(cells[features].trim());
      }
    }
    return new Expected(rows, labels);
  }

  private static void assertSame(Expected expected, Dataset data) {
    assertEquals(expected.features().size(), data.size());
    List<String> classes = new ArrayList<>(new TreeSet<>(expected.labels()));
    assertEquals(classes, data.classNames());
    for (int i = 0; i < data.size(); i++) {
      float[] row = expected.features().get(i);
      for (int j = 0; j < row.length; j++) {
        assertEquals(Float.floatToRawIntBits(row[j]), Float.floatToRawIntBits(data.feature(i, j)),
            "row " + i + " feature " + j);
      }
      int label = classes.indexOf(expected.labels().get(i));
      for (int c = 0; c < data.targetSize(); c++) {
        assertEquals(c == label ? 1f : 0f, data.target(i, c), "row " + i + " target " + c);
      }
    }
  }
}
