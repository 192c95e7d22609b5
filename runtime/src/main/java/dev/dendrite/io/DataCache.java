package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.ModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * The binary cache of a CSV training file, {@code <file>.dendrite-cache} beside it: its samples
 * as float32 rows, read through memory maps, so that data larger than the heap train and a
 * second run skips parsing.
 *
 * <p>Layout, little-endian: the magic {@code DNDRCACH}, a version int, 4 bytes of padding, the
 * offset and length of the JSON header (written last); from byte {@value #DATA} the features,
 * {@code rows x features} floats; then one float per row, the class index or the target value;
 * then the header: shape, label column, class names, the source's fingerprint and the
 * standardization statistics of all rows.
 *
 * <p>The fingerprint is the source's size, modification time and a CRC-32C of its first and
 * last MiB: a full hash would read the whole source on every run, which is what the cache
 * spares; an edit changes the time and, almost always, the size, and the sampled bytes catch
 * a copy that kept the time.
 */
public final class DataCache {
  /** The suffix of a cache's name after its source's name. */
  public static final String SUFFIX = ".dendrite-cache";
  static final int DATA = 4096;
  private static final byte[] MAGIC = "DNDRCACH".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int SAMPLE = 1 << 20;
  /** Floats per mapped chunk: 1 GiB, under the 2 GiB one map can hold. */
  private static final int CHUNK_SHIFT = 28;
  private static final int BUFFER = 1 << 20;

  private DataCache() {}

  /**
   * A cache opened for training.
   *
   * @param data the samples, memory-mapped
   * @param file the cache file
   * @param standardization the statistics of all rows
   */
  public record Opened(Dataset data, Path file, Standardization standardization) {}

  /**
   * The samples of CSV file {@code source} from its cache, made (or remade, when the source
   * changed or the cache was made for another label column or model) first. Notes about the
   * cache go to {@code notes}; parsing progress to {@code progress} in bytes of the source.
   *
   * @throws DataException as {@link DataFiles#load} does, or when no cache can be written
   */
  public static Opened open(Path source, ModelSpec spec, String labelColumn,
      Consumer<String> notes, LongConsumer progress) {
    DataFiles.requireFile(source);
    try {
      String fingerprint = fingerprint(source);
      Path beside = source.resolveSibling(source.getFileName() + SUFFIX);
      Path elsewhere = Path.of(System.getProperty("java.io.tmpdir"), "dendrite-cache",
          Integer.toHexString(source.toAbsolutePath().normalize().hashCode())
              + "-" + source.getFileName() + SUFFIX);
      for (Path cache : List.of(beside, elsewhere)) {
        if (Files.isRegularFile(cache)) {
          String stale = stale(cache, spec, labelColumn, fingerprint);
          if (stale == null) {
            return map(cache, spec);
          }
          notes.accept(cache + " " + stale + "; making it again");
        }
      }
      Path folder = beside.toAbsolutePath().getParent();
      Path cache = beside;
      if (!Files.isWritable(folder)) {
        notes.accept("cannot write in " + folder + "; making the cache of "
            + source.getFileName() + " in " + elsewhere.getParent() + " instead");
        Files.createDirectories(elsewhere.getParent());
        cache = elsewhere;
      }
      build(source, cache, spec, labelColumn, fingerprint, progress);
      return map(cache, spec);
    } catch (IOException e) {
      throw new DataException(source + ": cannot make or read its cache: "
          + AtomicFiles.reason(e), e);
    }
  }

  /** The source's size, modification time and CRC-32C of its first and last MiB. */
  static String fingerprint(Path source) throws IOException {
    long size = Files.size(source);
    long modified = Files.getLastModifiedTime(source).toMillis();
    CRC32C crc = new CRC32C();
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      crc.update(read(in, 0, (int) Math.min(size, SAMPLE)));
      if (size > SAMPLE) {
        long from = Math.max(SAMPLE, size - SAMPLE);
        crc.update(read(in, from, (int) (size - from)));
      }
    }
    return "size " + size + ", modified " + modified + ", crc32c of the first and last MiB "
        + String.format("%08x", crc.getValue());
  }

  private static ByteBuffer read(FileChannel in, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining() && in.read(buffer, position + buffer.position()) >= 0) {
      // read until full or the end
    }
    return buffer.flip();
  }

  /** Why {@code cache} cannot serve, or null when it can. */
  private static String stale(Path cache, ModelSpec spec, String labelColumn, String fingerprint)
      throws IOException {
    JsonNode header = header(cache);
    if (header == null) {
      return "is incomplete or of another version";
    }
    if (!header.path("source").asText().equals(fingerprint)) {
      return "was made from another version of its CSV file (" + header.path("source").asText()
          + "; now " + fingerprint + ")";
    }
    String column = labelColumn == null ? "" : labelColumn;
    if (header.path("features").asInt() != spec.inputSize()
        || header.path("classification").asBoolean() != spec.loss().isClassification()
        || header.path("classes").asInt() != DataFiles.classCount(spec)
        || !header.path("label_column").asText().equals(column)) {
      return "was made for another label column or model";
    }
    return null;
  }

  /** The header of {@code cache}, or null when it is not a complete cache of this version. */
  private static JsonNode header(Path cache) throws IOException {
    try (FileChannel in = FileChannel.open(cache, StandardOpenOption.READ)) {
      ByteBuffer start = read(in, 0, 32).order(ByteOrder.LITTLE_ENDIAN);
      if (start.remaining() < 32) {
        return null;
      }
      byte[] magic = new byte[MAGIC.length];
      start.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC) || start.getInt() != VERSION) {
        return null;
      }
      start.getInt();
      long offset = start.getLong();
      long length = start.getLong();
      if (offset < DATA || length <= 0 || length > StrictJson.MAX_LENGTH
          || offset + length != in.size()) {
        return null;
      }
      ByteBuffer json = read(in, offset, (int) length);
      return StrictJson.parse(StandardCharsets.UTF_8.decode(json).toString());
    } catch (StrictJson.SyntaxException e) {
      return null;
    }
  }

  private static Opened map(Path cache, ModelSpec spec) throws IOException {
    JsonNode header = header(cache);
    long rows = header.path("rows").asLong();
    int features = header.path("features").asInt();
    List<String> classNames = new ArrayList<>();
    header.path("class_names").forEach(name -> classNames.add(name.asText()));
    float[] mean = floats(header.path("mean"));
    float[] std = floats(header.path("std"));
    long featureBytes = rows * features * Float.BYTES;
    Dataset.Floats x;
    Dataset.Floats labels;
    try (FileChannel in = FileChannel.open(cache, StandardOpenOption.READ)) {
      x = Mapped.of(in, DATA, rows * features);
      labels = Mapped.of(in, DATA + featureBytes, rows);
    }
    Dataset.Floats targets = spec.loss().isClassification() && spec.outputs() > 1
        ? Dataset.Floats.oneHot(labels, spec.outputs()) : labels;
    Dataset data = new Dataset(x, features, targets, spec.outputs(), classNames);
    return new Opened(data, cache, new Standardization(mean, std));
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).floatValue();
    }
    return values;
  }

  /** Floats read through maps of at most 1 GiB each. */
  private record Mapped(FloatBuffer[] chunks, long length) implements Dataset.Floats {
    static Mapped of(FileChannel in, long position, long floats) throws IOException {
      int count = (int) ((floats + (1L << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT);
      FloatBuffer[] chunks = new FloatBuffer[count];
      for (int c = 0; c < count; c++) {
        long first = (long) c << CHUNK_SHIFT;
        long size = Math.min(1L << CHUNK_SHIFT, floats - first) * Float.BYTES;
        chunks[c] = in.map(FileChannel.MapMode.READ_ONLY, position + first * Float.BYTES, size)
            .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      }
      return new Mapped(chunks, floats);
    }

    @Override
    public float get(long index) {
      return chunks[(int) (index >>> CHUNK_SHIFT)].get((int) (index & ((1 << CHUNK_SHIFT) - 1)));
    }
  }

  /** Parses {@code source} into a new cache written under a temporary name, then renamed. */
  private static void build(Path source, Path cache, ModelSpec spec, String labelColumn,
      String fingerprint, LongConsumer progress) throws IOException {
    Path temporary = cache.resolveSibling(AtomicFiles.TEMP_PREFIX + cache.getFileName() + "."
        + ProcessHandle.current().pid() + AtomicFiles.TEMP_SUFFIX);
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      Writer writer = new Writer(out, spec.inputSize(), spec.loss().isClassification());
      CsvLoader.Result result = CsvLoader.load(source, spec, labelColumn, List.of(), writer,
          progress);
      writer.finish(result);
      Dataset data;
      try (FileChannel in = FileChannel.open(temporary, StandardOpenOption.READ)) {
        data = new Dataset(Mapped.of(in, DATA, result.rows() * spec.inputSize()),
            spec.inputSize(), Mapped.of(in, writer.labelsAt, result.rows()), 1, List.of());
      }
      Standardization statistics = Standardization.of(data);
      ObjectNode header = StrictJson.object();
      header.put("rows", result.rows());
      header.put("features", spec.inputSize());
      header.put("classification", spec.loss().isClassification());
      header.put("classes", DataFiles.classCount(spec));
      header.put("label_column", labelColumn == null ? "" : labelColumn);
      ArrayNode names = header.putArray("class_names");
      result.classNames().forEach(names::add);
      header.put("source", fingerprint);
      header.set("mean", StrictJson.numbers(statistics.mean()));
      header.set("std", StrictJson.numbers(statistics.std()));
      byte[] json = StrictJson.write(header).getBytes(StandardCharsets.UTF_8);
      long offset = writer.labelsAt + result.rows() * Float.BYTES;
      write(out, ByteBuffer.wrap(json), offset);
      ByteBuffer start = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
      start.put(MAGIC).putInt(VERSION).putInt(0).putLong(offset).putLong(json.length).flip();
      write(out, start, 0);
      out.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    Files.move(temporary, cache, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static void write(FileChannel out, ByteBuffer bytes, long position) throws IOException {
    while (bytes.hasRemaining()) {
      position += out.write(bytes, position);
    }
  }

  /**
   * Writes rows as they are parsed: features from {@link #DATA}, the labels' indices after them,
   * turned into class indices once the file is read and the classes are known.
   */
  private static final class Writer implements CsvLoader.Sink {
    private final FileChannel out;
    private final int featureCount;
    private final boolean classification;
    private final ByteBuffer features = ByteBuffer.allocateDirect(BUFFER)
        .order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer labels = ByteBuffer.allocateDirect(BUFFER)
        .order(ByteOrder.LITTLE_ENDIAN);
    private long featuresAt = DATA;
    private long labelsAt;
    private long labelsWritten;

    Writer(FileChannel out, int featureCount, boolean classification) {
      this.out = out;
      this.featureCount = featureCount;
      this.classification = classification;
    }

    @Override
    public void start(long rows) {
      labelsAt = DATA + rows * featureCount * Float.BYTES;
      labelsWritten = labelsAt;
    }

    @Override
    public void row(float[] row, float value, int label) throws IOException {
      for (int j = 0; j < featureCount; j++) {
        if (!features.hasRemaining()) {
          featuresAt = flush(features, featuresAt);
        }
        features.putFloat(row[j]);
      }
      if (!labels.hasRemaining()) {
        labelsWritten = flush(labels, labelsWritten);
      }
      if (classification) {
        labels.putInt(label);
      } else {
        labels.putFloat(value);
      }
    }

    private long flush(ByteBuffer buffer, long position) throws IOException {
      buffer.flip();
      long end = position + buffer.remaining();
      write(out, buffer, position);
      buffer.clear();
      return end;
    }

    /** Writes what is buffered; with classes, replaces every label index by its class index. */
    void finish(CsvLoader.Result result) throws IOException {
      featuresAt = flush(features, featuresAt);
      labelsWritten = flush(labels, labelsWritten);
      long rows = result.rows();
      if (!classification) {
        return;
      }
      int[] classOf = result.classOf();
      for (long first = 0; first < rows; first += 1L << CHUNK_SHIFT) {
        long count = Math.min(1L << CHUNK_SHIFT, rows - first);
        MappedByteBuffer map = out.map(FileChannel.MapMode.READ_WRITE,
            labelsAt + first * Float.BYTES, count * Float.BYTES);
        IntBuffer ints = map.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        for (int i = 0; i < count; i++) {
          ints.put(i, Float.floatToRawIntBits(classOf[ints.get(i)]));
        }
        map.force();
      }
    }
  }
}
