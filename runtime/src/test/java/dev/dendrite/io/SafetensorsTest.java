package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.WeightsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafetensorsTest {
  @TempDir Path dir;

  /** Receiving arrays like a model's: a 2x3 kernel and a 3-vector bias, zeroed. */
  static Map<String, INDArray> targets() {
    Map<String, INDArray> t = new LinkedHashMap<>();
    t.put("dense.kernel", Nd4j.create(DataType.FLOAT, 2, 3));
    t.put("dense.bias", Nd4j.create(DataType.FLOAT, 3));
    return t;
  }

  static Map<String, INDArray> values() {
    Map<String, INDArray> v = new LinkedHashMap<>();
    v.put("dense.kernel", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, -6.5f}}));
    v.put("dense.bias", Nd4j.createFromArray(0.25f, Float.MIN_VALUE, -0f));
    return v;
  }

  static byte[] le(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** A file of an 8-byte header length, the header text and the data. */
  static byte[] file(long headerLength, String header, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength)
        .array());
    out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] file(String header, byte[] data) {
    return file(header.getBytes(StandardCharsets.UTF_8).length, header, data);
  }

  static final String GOOD_HEADER = "{\"dense.kernel\":{\"dtype\":\"F32\",\"shape\":[2,3],"
      + "\"data_offsets\":[0,24]},\"dense.bias\":{\"dtype\":\"F32\",\"shape\":[3],"
      + "\"data_offsets\":[24,36]}}";

  static final byte[] GOOD_DATA = le(1, 2, 3, 4, 5, 6, 7, 8, 9);

  Path write(byte[] bytes) throws IOException {
    Path file = dir.resolve("w.safetensors");
    Files.write(file, bytes);
    return file;
  }

  /** Loading fails naming the file and each fragment, and assigns nothing. */
  static void fails(Path file, Executable load, Map<String, INDArray> targets,
      String... fragments) {
    WeightsException e = assertThrows(WeightsException.class, load);
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toString() + ": "), () -> "should name " + file + ": " + m);
    for (String f : fragments) {
      assertTrue(m.contains(f), () -> "should contain '" + f + "': " + m);
    }
    for (INDArray t : targets.values()) {
      assertEquals(0, t.amaxNumber().doubleValue(), "nothing may be assigned: " + t);
    }
  }

  void fails(byte[] bytes, String... fragments) throws IOException {
    Path file = write(bytes);
    Map<String, INDArray> t = targets();
    fails(file, () -> Safetensors.load(file, t, "the model Net"), t, fragments);
  }

  // ---- round trips ----

  @Test
  void roundTripIsBitExactAndKeepsMetadata() throws IOException {
    Path file = dir.resolve("a.safetensors");
    Safetensors.save(file, values(), Map.of("dendrite.model", "Net"));
    Map<String, INDArray> t = targets();

    Map<String, String> metadata = Safetensors.load(file, t, "the model Net");

    assertEquals(values(), t);
    assertEquals(Float.floatToRawIntBits(-0f),
        Float.floatToRawIntBits(t.get("dense.bias").getFloat(2)), "bits, not just values");
    assertEquals(Map.of("dendrite.model", "Net"), metadata);
  }

  @Test
  void layoutIsTheSafetensorsFormat() throws IOException {
    Path file = dir.resolve("a.safetensors");
    Safetensors.save(file, values(), Map.of());
    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();

    assertEquals(0, (8 + n) % 8, "the data start 8-byte aligned");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.startsWith("{\"dense.kernel\":{\"dtype\":\"F32\",\"shape\":[2,3],"
        + "\"data_offsets\":[0,24]},\"dense.bias\":{\"dtype\":\"F32\",\"shape\":[3],"
        + "\"data_offsets\":[24,36]}}"), header);
    assertEquals(8 + n + 36, bytes.length);
    float first = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN)
        .getFloat();
    assertEquals(1f, first, "row-major, little-endian");
    float sixth = ByteBuffer.wrap(bytes, (int) (8 + n + 20), 4).order(ByteOrder.LITTLE_ENDIAN)
        .getFloat();
    assertEquals(-6.5f, sixth);
  }

  @Test
  void readsFilesOfOtherWritersInAnyOrderWithPadding() throws IOException {
    // the bias first in the data, the header padded with spaces as the reference writer does
    String header = "{\"__metadata__\":{\"format\":\"np\"},\"dense.bias\":{\"dtype\":\"F32\","
        + "\"shape\":[3],\"data_offsets\":[0,12]},\"dense.kernel\":{\"dtype\":\"F32\","
        + "\"shape\":[2,3],\"data_offsets\":[12,36]}}   ";
    Path file = write(file(header, le(7, 8, 9, 1, 2, 3, 4, 5, 6)));
    Map<String, INDArray> t = targets();

    assertEquals(Map.of("format", "np"), Safetensors.load(file, t, "the model Net"));
    assertArrayEquals(new float[] {7, 8, 9}, t.get("dense.bias").toFloatVector());
    assertEquals(6f, t.get("dense.kernel").getFloat(1, 2));
  }

  @Test
  void f64IsConvertedToTheReceivingType() throws IOException {
    String header = "{\"dense.kernel\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]},"
        + "\"dense.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]}}";
    ByteBuffer data = ByteBuffer.allocate(60).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : new double[] {0.1, 2, 3, 4, 5, 6}) {
      data.putDouble(d);
    }
    data.put(le(7, 8, 9));
    Path file = write(file(header, data.array()));
    Map<String, INDArray> t = targets();

    Safetensors.load(file, t, "the model Net");

    assertEquals(0.1f, t.get("dense.kernel").getFloat(0, 0), "rounded to the nearest float");
  }

  @Test
  void doubleArraysAreWrittenAsF64AndReadIntoFloats() throws IOException {
    Map<String, INDArray> doubles = new LinkedHashMap<>();
    values().forEach((k, v) -> doubles.put(k, v.castTo(DataType.DOUBLE)));
    Path file = dir.resolve("d.safetensors");
    Safetensors.save(file, doubles, Map.of());
    assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("\"F64\""));
    Map<String, INDArray> t = targets();

    Safetensors.load(file, t, "the model Net");

    assertEquals(values(), t);
  }

  @Test
  void savingReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("a.safetensors");
    Files.writeString(file, "old");

    Safetensors.save(file, values(), Map.of());

    assertEquals(List.of("a.safetensors"), names(dir));
    Safetensors.load(file, targets(), "x");
  }

  @Test
  void savingIntoAMissingDirectoryIsAClearErrorAndWritesNothing() {
    Path file = dir.resolve("no/such/dir/a.safetensors");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Safetensors.save(file, values(), Map.of()));
    assertTrue(e.getMessage().startsWith("cannot write " + file), e.getMessage());
  }

  static List<String> names(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  // ---- refused files ----

  @Test
  void missingFile() {
    Path file = dir.resolve("none.safetensors");
    Map<String, INDArray> t = targets();
    fails(file, () -> Safetensors.load(file, t, "x"), t, "no such file");
  }

  @Test
  void shorterThanTheHeaderLength() throws IOException {
    fails(new byte[] {1, 2, 3}, "fewer than the 8 of the header length");
  }

  @Test
  void emptyFile() throws IOException {
    fails(new byte[0], "it has 0 bytes");
  }

  @Test
  void headerLengthOverflowingTheFile() throws IOException {
    fails(file(1_000_000, GOOD_HEADER, GOOD_DATA), "header length 1000000 is larger than the "
        + "rest of the file");
  }

  @Test
  void negativeHeaderLengthIsReadUnsigned() throws IOException {
    fails(file(-1, GOOD_HEADER, GOOD_DATA), "header length 18446744073709551615");
  }

  @Test
  void headerLengthOverTheLimit() throws IOException {
    Path file = dir.resolve("huge.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(Safetensors.MAX_HEADER + 1).array());
      raf.setLength(Safetensors.MAX_HEADER + 16); // sparse: no disk used
    }
    Map<String, INDArray> t = targets();
    fails(file, () -> Safetensors.load(file, t, "x"), t, "exceeds the limit of 100000000");
  }

  @Test
  void garbage() throws IOException {
    byte[] junk = new byte[300];
    new Random(1).nextBytes(junk);
    junk[0] = 40;
    Arrays.fill(junk, 1, 8, (byte) 0);
    fails(junk, "the header is not valid");
  }

  @Test
  void headerNotJson() throws IOException {
    fails(file("{\"dense.kernel\": oops}", GOOD_DATA), "not valid JSON", "unexpected character 'o' at character 17");
  }

  @Test
  void headerNotUtf8() throws IOException {
    byte[] bytes = file("{\"x\":1}", new byte[0]);
    bytes[10] = (byte) 0xC3;
    fails(bytes, "not valid UTF-8");
  }

  @Test
  void headerNotAnObject() throws IOException {
    fails(file("[1, 2]", new byte[0]), "must be a JSON object");
  }

  @Test
  void truncatedData() throws IOException {
    byte[] whole = file(GOOD_HEADER, GOOD_DATA);
    fails(Arrays.copyOf(whole, whole.length - 5), "tensor 'dense.bias'",
        "reach beyond the data section (31 bytes): the file is truncated");
  }

  @Test
  void extraBytesAfterTheLastTensor() throws IOException {
    byte[] data = Arrays.copyOf(GOOD_DATA, GOOD_DATA.length + 4);
    fails(file(GOOD_HEADER, data), "the data section holds 40 bytes but the tensors cover 36");
  }

  @Test
  void overlappingTensors() throws IOException {
    String header = GOOD_HEADER.replace("[24,36]", "[20,32]");
    fails(file(header, Arrays.copyOf(GOOD_DATA, 32)), "'dense.kernel' and 'dense.bias' overlap");
  }

  @Test
  void gapBetweenTensors() throws IOException {
    String header = GOOD_HEADER.replace("[24,36]", "[28,40]");
    fails(file(header, Arrays.copyOf(GOOD_DATA, 40)), "bytes 24..28 of the data belong to no "
        + "tensor");
  }

  @Test
  void offsetsEndBeforeTheyBegin() throws IOException {
    fails(file(GOOD_HEADER.replace("[24,36]", "[36,24]"), GOOD_DATA), "end before they begin");
  }

  @Test
  void shapeDisagreesWithTheByteCount() throws IOException {
    fails(file(GOOD_HEADER.replace("[2,3]", "[2,4]"), GOOD_DATA),
        "shape [2, 4] of F32 needs 32 bytes, but data_offsets [0, 24] span 24");
  }

  @Test
  void overflowingShape() throws IOException {
    fails(file(GOOD_HEADER.replace("[2,3]", "[4611686018427387904,4]"), GOOD_DATA),
        "is too large");
  }

  @Test
  void negativeOrFractionalShape() throws IOException {
    fails(file(GOOD_HEADER.replace("[2,3]", "[-2,-3]"), GOOD_DATA), "shape must be a list of "
        + "non-negative integers");
    fails(file(GOOD_HEADER.replace("[2,3]", "[2.0,3]"), GOOD_DATA), "non-negative integers");
  }

  @Test
  void unknownDtype() throws IOException {
    fails(file(GOOD_HEADER.replace("\"F32\",\"shape\":[3]", "\"F31\",\"shape\":[3]"), GOOD_DATA),
        "tensor 'dense.bias' has an unknown dtype 'F31'");
  }

  @Test
  void wrongDtype() throws IOException {
    String header = "{\"dense.kernel\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]},"
        + "\"dense.bias\":{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[12,24]}}";
    fails(file(header, new byte[24]), "tensor 'dense.kernel' has dtype F16",
        "Dendrite reads F32, and F64 converted");
  }

  @Test
  void unknownFieldOfATensor() throws IOException {
    fails(file(GOOD_HEADER.replace("\"dtype\":\"F32\",\"shape\":[3]",
        "\"dtype\":\"F32\",\"code\":\"rm -rf\",\"shape\":[3]"), GOOD_DATA),
        "unknown field 'code'");
  }

  @Test
  void metadataMustBeStrings() throws IOException {
    fails(file(GOOD_HEADER.replace("{\"dense.kernel\"", "{\"__metadata__\":{\"n\":1},"
        + "\"dense.kernel\""), GOOD_DATA), "__metadata__ entry 'n' must be a string");
  }

  @Test
  void wrongShapeNamesTensorAndBothShapes() throws IOException {
    String header = "{\"dense.kernel\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]},"
        + "\"dense.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}";
    fails(file(header, GOOD_DATA), "tensor 'dense.kernel' has shape [3, 2] but the model Net "
        + "expects [2, 3]");
  }

  @Test
  void missingAndUnexpectedTensorsAreListed() throws IOException {
    String header = "{\"dense.kernel\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
        + "\"dense.bias2\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}";
    fails(file(header, GOOD_DATA), "does not fit the model Net", "missing tensors [dense.bias]",
        "unexpected tensors [dense.bias2]");
  }

  @Test
  void aLongTensorNameIsShortenedInTheMessage() throws IOException {
    String name = "n".repeat(40_000); // Jackson refuses names over 50,000;
    String header = GOOD_HEADER.replace("dense.bias", name);
    Path file = write(file(header, GOOD_DATA));
    Map<String, INDArray> t = targets();
    WeightsException e = assertThrows(WeightsException.class,
        () -> Safetensors.load(file, t, "the model Net"));
    assertTrue(e.getMessage().length() < 500, () -> e.getMessage().length() + " characters");
    assertTrue(e.getMessage().contains("unexpected tensors [" + "n".repeat(60)
        + "... (40000 characters)]"), e::getMessage);
  }

  @Test
  void controlCharactersOfANameAreEscapedInTheMessage() throws IOException {
    fails(file(GOOD_HEADER.replace("\"dtype\":\"F32\",\"shape\":[3]",
        "\"dtype\":\"F32\",\"\\u001b[2J\\n\":1,\"shape\":[3]"), GOOD_DATA),
        "unknown field '\\u001b[2J\\n'");
  }

  @Test
  void nonFiniteValue() throws IOException {
    fails(file(GOOD_HEADER, le(1, 2, 3, 4, Float.NaN, 6, 7, 8, 9)),
        "tensor 'dense.kernel' holds a non-finite value (NaN) at index 4");
  }

  @Test
  void aDirectoryIsNotAFile() {
    Map<String, INDArray> t = targets();
    fails(dir, () -> Safetensors.load(dir, t, "x"), t, "is a directory");
  }

  @Test
  void metadataAloneChecksTheWholeHeader() throws IOException {
    Path file = write(file(GOOD_HEADER.replace("[24,36]", "[24,37]"), GOOD_DATA));
    assertThrows(WeightsException.class, () -> Safetensors.metadata(file));
    assertFalse(Safetensors.metadata(write(file(GOOD_HEADER, GOOD_DATA))).containsKey("x"));
  }
}
