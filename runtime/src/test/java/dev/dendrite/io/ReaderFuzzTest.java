package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.DataException;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.WeightsException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random and mutated inputs for the CSV, IDX and safetensors readers, a fixed number of seeded
 * cases each (about a second of CPU apiece, the same cases on every machine): the only
 * failures allowed are {@link DataException} and {@link WeightsException} with a message that
 * names the file; never a NullPointerException, IndexOutOfBounds, NegativeArraySize,
 * NumberFormat, Arithmetic exception or OutOfMemoryError. A failure names its case's seed;
 * {@code -Ddendrite.fuzz.seed=N} and {@code -Ddendrite.fuzz.cases=M} (for every reader) change
 * the run.
 */
class ReaderFuzzTest {
  private static final long SEED = Long.getLong("dendrite.fuzz.seed", 20240917L);
  private static final Integer CASES = Integer.getInteger("dendrite.fuzz.cases");

  @TempDir Path dir;

  interface Case {
    /** Writes one input, in {@link #dir}, from {@code random} and reads it. */
    void run(Random random) throws IOException;
  }

  /** Runs {@code cases} cases (or {@code -Ddendrite.fuzz.cases}), case i from seed i. */
  private void fuzz(String what, int cases, Case c) {
    int n = CASES == null ? cases : CASES;
    for (long i = 0; i < n; i++) {
      long seed = SEED * 1_000_003 + i;
      try {
        c.run(new Random(seed));
      } catch (DataException | WeightsException e) {
        String message = e.getMessage();
        assertTrue(message != null && message.startsWith(dir + File.separator),
            what + " seed " + seed + ": the message must start with the file: " + message);
      } catch (Throwable t) {
        throw new AssertionError(what + " seed " + seed + " (case " + i + "): " + t, t);
      }
    }
  }

  // ---- CSV ----

  private static final ModelSpec[] SPECS = {
    DataFilesTest.spec(2, 3, Loss.CATEGORICAL_CROSSENTROPY),
    DataFilesTest.spec(2, 1, Loss.BINARY_CROSSENTROPY),
    DataFilesTest.spec(2, 1, Loss.MEAN_SQUARED_ERROR),
    DataFilesTest.spec(List.of(1, 2), 2, Loss.CATEGORICAL_CROSSENTROPY),
  };

  private static final String[] CELLS = {"1", "-2.5", "3e4", "0x1p3", "NaN", "Infinity",
      "-Infinity", "1e99999", "99999999999999999999", "", " ", "\"", "\"\"", "\"a,b\"", "x",
      "setosa", "0", "1", "2", "007", "1f", "1d", "\u00e9", "\uFEFF1", "-", ".", "e"};

  private static final String[] PIECES = {",", "\"", "\n", "\r\n", "\r", " ", "\t", "\uFEFF",
      "\u0000", "\uD800", "label", "a", ",,", "\"\"\""};

  @Test
  void csvReader() {
    Path file = dir.resolve("fuzz.csv");
    fuzz("csv", 2000, random -> {
      String text = random.nextInt(4) == 0 ? randomText(random) : mutatedCsv(random);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(10) == 0 && bytes.length > 0) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      Files.write(file, bytes);
      ModelSpec spec = SPECS[random.nextInt(SPECS.length)];
      String label = random.nextInt(4) == 0 ? pick(random, "a", "b", "label", "zz") : null;
      List<String> known = random.nextInt(3) == 0 ? List.of("x", "y", "z") : List.of();
      DataFiles.load(file, spec, label, known);
    });
  }

  private static final String[] LABELS = {"0", "1", "2", "3", "x", "y", "setosa", "007", "-1",
      "1e3", "0.5", "NaN", "", "99999999999", "99999999999999999999", "\"a,b\""};

  /** Mostly well-formed rows, so that the later checks (labels, classes) are reached. */
  private static String mutatedCsv(Random random) {
    StringBuilder s = new StringBuilder(random.nextInt(8) == 0 ? "a,label,b\n" : "a,b,label\n");
    int rows = random.nextInt(6);
    for (int r = 0; r < rows; r++) {
      int columns = random.nextInt(10) == 0 ? random.nextInt(5) : 3;
      for (int c = 0; c < columns; c++) {
        String cell = c == columns - 1
            ? (random.nextBoolean() ? pick(random, LABELS) : String.valueOf(random.nextInt(3)))
            : random.nextInt(10) == 0 ? pick(random, CELLS)
            : String.valueOf(random.nextInt(100) / 10.0);
        s.append(c == 0 ? "" : ",").append(cell);
      }
      s.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    int edits = random.nextInt(3);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(3)) {
        case 0 -> s.insert(at, pick(random, PIECES));
        case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
        default -> s.setLength(at);
      }
    }
    return s.toString();
  }

  private static String randomText(Random random) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(80);
    for (int i = 0; i < n; i++) {
      s.append(random.nextBoolean() ? pick(random, PIECES) : pick(random, CELLS));
    }
    return s.toString();
  }

  // ---- IDX ----

  private static final int[] INTERESTING = {0, 1, 2, 3, -1, 2049, 2051, 28, 65536, 65537,
      1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE, 2_000_000_000};

  @Test
  void idxReader() {
    fuzz("idx", 1000, random -> {
      boolean gzip = random.nextBoolean();
      String suffix = gzip ? ".gz" : "";
      Path images = dir.resolve("f-images-idx3-ubyte" + suffix);
      Path labels = dir.resolve("f-labels-idx1-ubyte" + suffix);
      int count = 1 + random.nextInt(4);
      int[] pixels = new int[count * 4];
      Arrays.setAll(pixels, i -> random.nextInt(256));
      int[] labelValues = new int[count];
      Arrays.setAll(labelValues, i -> random.nextInt(3));
      byte[] imageBytes = mutateIdx(random,
          DataFilesTest.idxImages(2051, count, 2, 2, pixels), 16);
      byte[] labelBytes = mutateIdx(random, DataFilesTest.idxLabels(2049, count, labelValues), 8);
      Files.write(images, gzip ? gzip(imageBytes, random) : imageBytes);
      if (random.nextInt(10) != 0) {
        Files.write(labels, gzip ? gzip(labelBytes, random) : labelBytes);
      } else {
        Files.deleteIfExists(labels);
      }
      ModelSpec spec = random.nextInt(4) > 0 ? DataFilesTest.TWO_BY_TWO
          : SPECS[random.nextInt(SPECS.length)];
      DataFiles.load(images, spec, null, List.of());
    });
  }

  private static byte[] mutateIdx(Random random, byte[] valid, int headerBytes) {
    byte[] bytes = valid.clone();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int edits = random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      switch (random.nextInt(6)) {
        case 0, 4, 5 -> b.putInt(4 * random.nextInt(headerBytes / 4),
            INTERESTING[random.nextInt(INTERESTING.length)]);
        case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        case 2 -> {
          return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        }
        default -> {
          return Arrays.copyOf(bytes, bytes.length + random.nextInt(9));
        }
      }
    }
    return bytes;
  }

  private static byte[] gzip(byte[] bytes, Random random) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    byte[] packed = out.toByteArray();
    if (random.nextInt(5) == 0) {
      return Arrays.copyOf(packed, random.nextInt(packed.length + 1));
    }
    if (random.nextInt(5) == 0) {
      packed[2 + random.nextInt(packed.length - 2)] ^= (byte) (1 + random.nextInt(255));
    }
    return packed;
  }

  // ---- safetensors ----

  private static final String[] TOKENS = {"0", "-1", "3", "24", "36", "1e3", "0.5",
      "9223372036854775807", "9223372036854775808", "18446744073709551615", "null", "true",
      "\"F32\"", "\"F64\"", "\"F16\"", "[]", "{}", "[0,0]", "\"__metadata__\""};

  @Test
  void safetensorsReader() throws IOException {
    Path valid = dir.resolve("valid.safetensors");
    Safetensors.save(valid, SafetensorsTest.values(), Map.of("k", "v"));
    byte[] good = Files.readAllBytes(valid);
    Path file = dir.resolve("fuzz.safetensors");
    fuzz("safetensors", 1500, random -> {
      Files.write(file, mutateSafetensors(random, good));
      Map<String, INDArray> targets = SafetensorsTest.targets();
      if (random.nextInt(4) == 0) {
        targets = new LinkedHashMap<>(targets);
        targets.put("dense.kernel", Nd4j.create(DataType.DOUBLE, 2, 3));
      }
      Safetensors.load(file, targets, "the model Net");
    });
  }

  private static byte[] mutateSafetensors(Random random, byte[] good) {
    int headerLength = (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(good, 8, headerLength, StandardCharsets.UTF_8);
    byte[] data = Arrays.copyOfRange(good, 8 + headerLength, good.length);
    switch (random.nextInt(6)) {
      case 0 -> {
        byte[] bytes = good.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
      }
      case 1 -> {
        return Arrays.copyOf(good, random.nextInt(good.length + 16));
      }
      case 2 -> {
        long[] lengths = {0, 1, 7, headerLength - 1, headerLength + 1, good.length,
            Long.MAX_VALUE, -1, Safetensors.MAX_HEADER + 1};
        byte[] bytes = good.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(0, lengths[random.nextInt(lengths.length)]);
        return bytes;
      }
      case 3 -> {
        byte[] junk = new byte[random.nextInt(200)];
        random.nextBytes(junk);
        return junk;
      }
      default -> {
        // keep the framing valid so that the JSON and the checks behind it are reached
        String mutated = mutateJson(random, header.trim());
        byte[] text = mutated.getBytes(StandardCharsets.UTF_8);
        byte[] body = random.nextInt(4) == 0
            ? Arrays.copyOf(data, Math.max(0, data.length + random.nextInt(9) - 4)) : data;
        ByteBuffer out = ByteBuffer.allocate(8 + text.length + body.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        return out.putLong(text.length).put(text).put(body).array();
      }
    }
  }

  private static String mutateJson(Random random, String json) {
    StringBuilder s = new StringBuilder(json);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(4)) {
        case 0 -> {
          int end = at;
          while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
          }
          s.replace(at, Math.max(end, at + 1), pick(random, TOKENS));
        }
        case 1 -> s.insert(at, pick(random, "{", "}", "[", "]", ",", ":", "\"", "\\", " "));
        case 2 -> s.deleteCharAt(at);
        default -> {
          int digit = s.indexOf(String.valueOf(random.nextInt(10)), at);
          if (digit >= 0) {
            s.setCharAt(digit, (char) ('0' + random.nextInt(10)));
          }
        }
      }
    }
    return s.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}
