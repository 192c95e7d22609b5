package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dendrite.WeightsException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes named tensors in the <a href="https://github.com/huggingface/safetensors">
 * safetensors</a> format: an 8-byte little-endian header length, a JSON header giving each
 * tensor's dtype, shape and byte range ({@code data_offsets}, relative to the data section), then
 * the raw little-endian row-major data.
 *
 * <p>Dendrite writes float networks as {@code F32} and double ones as {@code F64}. Reading accepts
 * {@code F32} and {@code F64}, converting each to the receiving array's type ({@code F64} into a
 * float network rounds to the nearest float). Reading checks everything before it assigns
 * anything: the header length against the file, strict JSON, every offset inside the data
 * section, no overlaps or gaps, the names and shapes against the receiving arrays, and that
 * every value is finite. Every problem is a {@link WeightsException} naming the file.
 */
public final class Safetensors {
  /** Longest header accepted (the reference implementation's limit). */
  static final long MAX_HEADER = 100_000_000;

  /** The header key of the free-form string metadata. */
  static final String METADATA = "__metadata__";

  private static final Map<String, Integer> DTYPE_SIZES = Map.ofEntries(
      Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1), Map.entry("F8_E5M2", 1),
      Map.entry("F8_E4M3", 1), Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2),
      Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
      Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));

  private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

  private static final int CHUNK = 1 << 20;

  private Safetensors() {}

  /** One tensor of a header: its byte range is relative to the data section. */
  record Entry(String name, String dtype, long[] shape, long begin, long end) {
    String shapeText() {
      return Arrays.toString(shape);
    }
  }

  /** A checked header: the tensors in file order, the metadata, and where the data start. */
  record Header(List<Entry> tensors, Map<String, String> metadata, long dataStart) {}

  // ---- writing ----

  /**
   * Atomically writes {@code tensors} (float or double arrays, in map order) and string
   * {@code metadata} to {@code file}.
   *
   * @throws UncheckedIOException when the file cannot be written; an existing file is then
   *     left as it was
   */
  public static void save(Path file, Map<String, INDArray> tensors, Map<String, String> metadata) {
    try {
      write(file, tensors, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + AtomicFiles.reason(e), e);
    }
  }

  /** Like {@link #save}, returning the SHA-256 of the bytes written. */
  public static byte[] write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata)
      throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put(METADATA, new LinkedHashMap<>(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, INDArray> t : tensors.entrySet()) {
      INDArray a = t.getValue();
      String dtype = dtypeOf(t.getKey(), a);
      long bytes = a.length() * DTYPE_SIZES.get(dtype);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", dtype);
      entry.put("shape", Arrays.stream(a.shape()).boxed().toList());
      entry.put("data_offsets", List.of(offset, offset + bytes));
      header.put(t.getKey(), entry);
      offset += bytes;
    }
    byte[] json = StrictJson.write(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    MessageDigest sha = sha256();
    AtomicFiles.write(file, raw -> {
      OutputStream out = new DigestOutputStream(raw, sha);
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(headerBytes);
      for (INDArray a : tensors.values()) {
        writeData(a, out);
      }
      out.flush();
    });
    return sha.digest();
  }

  private static String dtypeOf(String name, INDArray a) {
    if (a.dataType() == DataType.FLOAT) {
      return "F32";
    }
    if (a.dataType() == DataType.DOUBLE) {
      return "F64";
    }
    throw new IllegalArgumentException("tensor " + name + " is " + a.dataType()
        + "; only FLOAT and DOUBLE arrays can be saved");
  }

  private static void writeData(INDArray a, OutputStream out) throws IOException {
    if (a.length() == 0) {
      return;
    }
    INDArray flat = a.dup('c').reshape('c', new long[] {a.length()});
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    if (a.dataType() == DataType.FLOAT) {
      float[] values = flat.toFloatVector();
      for (int from = 0; from < values.length; from += CHUNK / Float.BYTES) {
        int n = Math.min(CHUNK / Float.BYTES, values.length - from);
        buffer.asFloatBuffer().put(values, from, n);
        out.write(buffer.array(), 0, n * Float.BYTES);
      }
    } else {
      double[] values = flat.toDoubleVector();
      for (int from = 0; from < values.length; from += CHUNK / Double.BYTES) {
        int n = Math.min(CHUNK / Double.BYTES, values.length - from);
        buffer.asDoubleBuffer().put(values, from, n);
        out.write(buffer.array(), 0, n * Double.BYTES);
      }
    }
  }

  /** A new SHA-256 digest, which every Java platform provides. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  // ---- reading ----

  /**
   * Reads {@code file} into {@code targets}: the file must hold exactly the targets' names, each
   * with the target's shape, as {@code F32} or {@code F64} finite values. Nothing is assigned
   * unless everything is valid.
   *
   * @param owner what the targets belong to, for messages: {@code the model Iris}
   * @return the file's metadata
   * @throws WeightsException naming the file, the tensor and the problem
   */
  public static Map<String, String> load(Path file, Map<String, INDArray> targets, String owner) {
    try (FileChannel channel = open(file)) {
      Header header = readHeader(file, channel);
      checkAgainst(file, header, targets, owner);
      Map<String, INDArray> values = new LinkedHashMap<>();
      for (Entry e : header.tensors()) {
        INDArray target = targets.get(e.name());
        values.put(e.name(), readTensor(file, channel, header, e, target));
      }
      values.forEach((name, value) -> targets.get(name).assign(value));
      return header.metadata();
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The metadata of a valid safetensors file (its header is checked completely). */
  public static Map<String, String> metadata(Path file) {
    try (FileChannel channel = open(file)) {
      return readHeader(file, channel).metadata();
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static FileChannel open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new WeightsException(file + ": is a directory, not a safetensors file");
    }
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new WeightsException(file + ": no such file");
    }
  }

  private static Header readHeader(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new WeightsException(file + ": not a safetensors file: it has " + size
          + " bytes, fewer than the 8 of the header length");
    }
    ByteBuffer lengthBytes = readFully(file, channel, 0, 8);
    long length = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    if (length < 0 || length > size - 8) {
      throw new WeightsException(file + ": not a safetensors file, or truncated: the header "
          + "length " + Long.toUnsignedString(length) + " is larger than the rest of the file ("
          + (size - 8) + " bytes)");
    }
    if (length > MAX_HEADER) {
      throw new WeightsException(file + ": the header length " + length
          + " exceeds the limit of " + MAX_HEADER + " bytes");
    }
    ByteBuffer headerBytes = readFully(file, channel, 8, (int) length);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(headerBytes).toString();
    } catch (CharacterCodingException e) {
      throw new WeightsException(file + ": the header is not valid UTF-8 text");
    }
    JsonNode json;
    try {
      json = StrictJson.parse(text);
    } catch (StrictJson.SyntaxException e) {
      throw new WeightsException(file + ": the header is not valid JSON: " + e.getMessage());
    }
    if (!json.isObject()) {
      throw new WeightsException(file + ": the header must be a JSON object, found "
          + describe(json));
    }
    long dataStart = 8 + length;
    long dataSize = size - dataStart;
    Map<String, String> metadata = Map.of();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> m : json.properties()) {
      String name = m.getKey();
      if (name.equals(METADATA)) {
        metadata = metadata(file, m.getValue());
      } else {
        entries.add(entry(file, name, m.getValue(), dataSize));
      }
    }
    checkCoverage(file, entries, dataSize);
    return new Header(List.copyOf(entries), metadata, dataStart);
  }

  private static Map<String, String> metadata(Path file, JsonNode value) {
    if (!value.isObject()) {
      throw new WeightsException(file + ": " + METADATA + " must be an object of strings, found "
          + describe(value));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      if (!e.getValue().isTextual()) {
        throw new WeightsException(file + ": " + METADATA + " entry '" + Quote.text(e.getKey())
            + "' must be a string, found " + describe(e.getValue()));
      }
      metadata.put(e.getKey(), e.getValue().textValue());
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static Entry entry(Path file, String name, JsonNode fields, long dataSize) {
    String where = file + ": tensor '" + Quote.text(name) + "'";
    if (!fields.isObject()) {
      throw new WeightsException(where + " must be an object with dtype, shape and "
          + "data_offsets, found " + describe(fields));
    }
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      if (!ENTRY_FIELDS.contains(field.getKey())) {
        throw new WeightsException(where + " has an unknown field '"
            + Quote.text(field.getKey())
            + "'; expected only dtype, shape and data_offsets");
      }
    }
    JsonNode dtypeNode = fields.path("dtype");
    if (!dtypeNode.isTextual()) {
      throw new WeightsException(where + ": dtype must be a string, found "
          + describe(dtypeNode));
    }
    String dtype = dtypeNode.textValue();
    Integer elementSize = DTYPE_SIZES.get(dtype);
    if (elementSize == null) {
      throw new WeightsException(where + " has an unknown dtype '" + Quote.text(dtype) + "'");
    }
    long[] shape = integers(where, "shape", fields.path("shape"), -1);
    long[] offsets = integers(where, "data_offsets", fields.path("data_offsets"), 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end) {
      throw new WeightsException(where + ": data_offsets [" + begin + ", " + end
          + "] end before they begin");
    }
    if (end > dataSize) {
      throw new WeightsException(where + ": data_offsets [" + begin + ", " + end
          + "] reach beyond the data section (" + dataSize + " bytes): the file is truncated "
          + "or corrupt");
    }
    long bytes;
    try {
      long count = 1;
      for (long d : shape) {
        count = Math.multiplyExact(count, d);
      }
      bytes = Math.multiplyExact(count, (long) elementSize);
    } catch (ArithmeticException e) {
      throw new WeightsException(where + ": shape " + Quote.text(Arrays.toString(shape))
          + " is too large");
    }
    if (bytes != end - begin) {
      throw new WeightsException(where + ": shape " + Quote.text(Arrays.toString(shape))
          + " of " + dtype
          + " needs " + bytes + " bytes, but data_offsets [" + begin + ", " + end + "] span "
          + (end - begin));
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  /** Non-negative integers; {@code count} of them unless it is negative. */
  private static long[] integers(String where, String field, JsonNode value, int count) {
    String expected = count < 0 ? "a list of non-negative integers"
        : "a list of " + count + " non-negative integers";
    if (!value.isArray() || (count >= 0 && value.size() != count)) {
      throw new WeightsException(where + ": " + field + " must be " + expected + ", found "
          + describe(value));
    }
    long[] result = new long[value.size()];
    for (int i = 0; i < result.length; i++) {
      JsonNode n = value.get(i);
      if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
        throw new WeightsException(where + ": " + field + " must be " + expected + ", found "
            + describe(value));
      }
      result[i] = n.longValue();
    }
    return result;
  }

  private static void checkCoverage(Path file, List<Entry> entries, long dataSize) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin() < covered) {
        throw new WeightsException(file + ": tensors '" + Quote.text(previous.name())
            + "' and '" + Quote.text(e.name())
            + "' overlap: bytes " + previous.begin() + ".." + previous.end() + " and "
            + e.begin() + ".." + e.end() + " of the data");
      }
      if (e.begin() > covered) {
        throw new WeightsException(file + ": bytes " + covered + ".." + e.begin()
            + " of the data belong to no tensor");
      }
      covered = e.end();
      previous = e;
    }
    if (covered != dataSize) {
      throw new WeightsException(file + ": the data section holds " + dataSize
          + " bytes but the tensors cover " + covered + "; the file is corrupt");
    }
  }

  private static void checkAgainst(Path file, Header header, Map<String, INDArray> targets,
      String owner) {
    List<String> unexpected = new ArrayList<>();
    for (Entry e : header.tensors()) {
      if (!targets.containsKey(e.name())) {
        unexpected.add(e.name());
      }
    }
    List<String> missing = new ArrayList<>(targets.keySet());
    header.tensors().forEach(e -> missing.remove(e.name()));
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new WeightsException(file + ": does not fit " + owner + ":"
          + (missing.isEmpty() ? "" : " missing tensors " + Quote.list(missing) + ";")
          + (unexpected.isEmpty() ? "" : " unexpected tensors " + Quote.list(unexpected) + ";")
          + " expected " + List.copyOf(targets.keySet()));
    }
    for (Entry e : header.tensors()) {
      long[] expected = targets.get(e.name()).shape();
      if (!Arrays.equals(expected, e.shape())) {
        throw new WeightsException(file + ": tensor '" + Quote.text(e.name()) + "' has shape "
            + Quote.text(e.shapeText()) + " but " + owner + " expects "
            + Arrays.toString(expected));
      }
      if (!e.dtype().equals("F32") && !e.dtype().equals("F64")) {
        throw new WeightsException(file + ": tensor '" + Quote.text(e.name()) + "' has dtype "
            + Quote.text(e.dtype())
            + "; Dendrite reads F32, and F64 converted to the network's type");
      }
    }
  }

  private static INDArray readTensor(Path file, FileChannel channel, Header header, Entry e,
      INDArray target) throws IOException {
    int count = Math.toIntExact(target.length());
    int size = DTYPE_SIZES.get(e.dtype());
    long position = header.dataStart() + e.begin();
    INDArray values;
    if (size == Float.BYTES) {
      float[] data = new float[count];
      for (int from = 0; from < count; from += CHUNK / size) {
        int n = Math.min(CHUNK / size, count - from);
        readFully(file, channel, position + (long) from * size, n * size).asFloatBuffer()
            .get(data, from, n);
      }
      for (int i = 0; i < count; i++) {
        if (!Float.isFinite(data[i])) {
          throw nonFinite(file, e, i, data[i]);
        }
      }
      values = count == 0 ? target.ulike() : Nd4j.createFromArray(data);
    } else {
      double[] data = new double[count];
      for (int from = 0; from < count; from += CHUNK / size) {
        int n = Math.min(CHUNK / size, count - from);
        readFully(file, channel, position + (long) from * size, n * size).asDoubleBuffer()
            .get(data, from, n);
      }
      for (int i = 0; i < count; i++) {
        if (!Double.isFinite(data[i])) {
          throw nonFinite(file, e, i, data[i]);
        }
      }
      values = count == 0 ? target.ulike() : Nd4j.createFromArray(data);
    }
    return values.castTo(target.dataType()).reshape('c', target.shape());
  }

  private static WeightsException nonFinite(Path file, Entry e, int index, double value) {
    return new WeightsException(file + ": tensor '" + Quote.text(e.name())
        + "' holds a non-finite value ("
        + value + ") at index " + index);
  }

  /** Reads exactly {@code length} bytes at {@code position}, little-endian. */
  private static ByteBuffer readFully(Path file, FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new WeightsException(file + ": truncated: the file ended while reading byte "
            + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }

  /** {@code json} as compact JSON, shortened; an absent field reads as null. */
  private static String describe(JsonNode json) {
    return json.isMissingNode() ? "null" : Quote.text(json.toString());
  }

  /** Hex digits of a digest. */
  public static String hex(byte[] digest) {
    StringBuilder s = new StringBuilder();
    for (byte b : digest) {
      s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return s.toString();
  }
}
