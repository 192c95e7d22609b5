package dev.dendrite.io;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads training and test data: CSV files with a header row, and MNIST IDX image files (gzip or
 * raw) whose labels file lies beside them. Every problem is a {@link DataException} naming the
 * file, the line or record, and what is wrong.
 */
public final class DataFiles {
  private static final int IDX_IMAGES = 2051;
  private static final int IDX_LABELS = 2049;
  /** The bytes of an IDX images file's header: magic, count, rows, columns. */
  private static final int HEADER_BYTES = 16;
  /** The most elements one Java array can hold on common JVMs. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private DataFiles() {}

  /**
   * Reads a CSV file with a header row or an MNIST IDX images file (gzip or raw, labels beside
   * it) into the form {@code spec}'s model trains on.
   *
   * @param labelColumn the CSV label column's name, or null for the last column
   * @param classNames the class names from the training data, to map a test file's labels the
   *     same way; empty for the training data itself
   * @throws DataException naming the file, line and problem when the file cannot be used
   */
  public static Dataset load(Path file, ModelSpec spec, String labelColumn,
      List<String> classNames) {
    return load(file, spec, labelColumn, classNames, read -> { });
  }

  /**
   * Reads a data file as {@link #load(Path, ModelSpec, String, List)} does, telling
   * {@code progress} how many of the file's bytes have been read as it goes.
   */
  public static Dataset load(Path file, ModelSpec spec, String labelColumn,
      List<String> classNames, LongConsumer progress) {
    requireFile(file);
    try {
      return isIdx(file)
          ? readIdx(file, spec, classNames)
          : readCsv(file, spec, labelColumn, classNames, progress);
    } catch (NoSuchFileException e) {
      throw new DataException(e.getFile() + ": no such file");
    } catch (IOException e) {
      throw new DataException(file + ": " + cannotRead(e), e);
    }
  }

  /** Refuses a path that is not a regular file, saying whether it is missing or a folder. */
  static void requireFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new DataException(file + ": is a folder, not a data file; give the CSV or IDX "
          + "file inside it");
    }
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": " + (Files.exists(file) ? "not a regular file"
          : "no such file"));
    }
  }

  /** "cannot read: " and why, without repeating the file name that heads the message. */
  static String cannotRead(IOException e) {
    String reason;
    if (e instanceof java.nio.file.AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof java.nio.file.FileSystemException f) {
      reason = f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
    } else {
      reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return "cannot read: " + reason;
  }

  private static boolean isIdx(Path file) {
    String name = file.getFileName().toString();
    return name.contains("-idx") || name.endsWith(".idx") || name.endsWith(".idx.gz");
  }

  // ---- IDX ----

  /** The labels file beside an images file: {@code x-images-idx3-ubyte.gz -> x-labels-idx1-ubyte.gz}. */
  static Path labelsBeside(Path images) {
    String name = images.getFileName().toString();
    String labels = name.replace("images-idx3", "labels-idx1").replace("images.idx", "labels.idx");
    if (labels.equals(name)) {
      throw new DataException(images + ": cannot tell the labels file of this IDX images file; "
          + "name it like train-images-idx3-ubyte.gz with train-labels-idx1-ubyte.gz beside it");
    }
    return images.resolveSibling(labels);
  }

  private static Dataset readIdx(Path imagesFile, ModelSpec spec, List<String> classNames)
      throws IOException {
    if (!spec.loss().isClassification()) {
      throw new DataException(imagesFile + ": IDX files hold class labels, but the model is "
          + "trained with " + spec.loss().words() + " (regression); use a CSV file");
    }
    Path labelsFile = labelsBeside(imagesFile);
    if (!Files.isRegularFile(labelsFile)) {
      throw new DataException(imagesFile + ": the labels file " + labelsFile.getFileName()
          + " is missing; it must lie beside the images file");
    }
    float[] pixels;
    int count;
    int pixelsPerImage;
    try (DataInputStream in = new DataInputStream(open(imagesFile))) {
      int magic = header(in, imagesFile, "magic number");
      if (magic != IDX_IMAGES) {
        throw new DataException(String.format(
            "%s: not an IDX images file: magic number 0x%08x, expected 0x%08x (2051)",
            imagesFile, magic, IDX_IMAGES));
      }
      count = header(in, imagesFile, "image count");
      int rows = header(in, imagesFile, "row count");
      int cols = header(in, imagesFile, "column count");
      if (count <= 0 || rows <= 0 || cols <= 0) {
        throw new DataException(imagesFile + ": invalid header: " + count + " images of "
            + rows + "x" + cols + (count == 0 ? "; the file holds no images" : ""));
      }
      long values = (long) rows * cols;
      if (values != spec.inputSize()) {
        throw new DataException(imagesFile + ": images are " + rows + "x" + cols + " ("
            + values + " values) but the model " + spec.name() + " takes input "
            + spec.inputShapeText() + " (" + spec.inputSize() + " values)");
      }
      pixelsPerImage = (int) values;
      long total = (long) count * pixelsPerImage;
      if (total > MAX_ARRAY) {
        throw new DataException(imagesFile + ": the header announces " + count + " images of "
            + rows + "x" + cols + ", more than one array can hold; the file is corrupt or too "
            + "large");
      }
      // the file's own size bounds what a corrupt header can make this allocate
      boolean sized = contentBytes(imagesFile) >= HEADER_BYTES + total;
      pixels = sized ? new float[(int) total] : null;
      int read;
      if (sized) {
        read = pixels(in, pixels);
      } else {
        byte[] raw = body(in, (int) total);
        read = raw.length;
        pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
          pixels[i] = (raw[i] & 0xFF) / 255f;
        }
      }
      if (read < total) {
        throw new DataException(imagesFile + ": truncated: the header announces " + count
            + " images but the data ends in image " + (read / pixelsPerImage + 1));
      }
    }
    int classes = classCount(spec);
    float[] targets = new float[Math.multiplyExact(count, spec.outputs())];
    try (DataInputStream in = new DataInputStream(open(labelsFile))) {
      int magic = header(in, labelsFile, "magic number");
      if (magic != IDX_LABELS) {
        throw new DataException(String.format(
            "%s: not an IDX labels file: magic number 0x%08x, expected 0x%08x (2049)",
            labelsFile, magic, IDX_LABELS));
      }
      int labelCount = header(in, labelsFile, "label count");
      if (labelCount != count) {
        throw new DataException(labelsFile + ": holds " + labelCount + " labels but "
            + imagesFile.getFileName() + " holds " + count + " images");
      }
      byte[] labels = body(in, count);
      int read = labels.length;
      if (read < count) {
        throw new DataException(labelsFile + ": truncated: the header announces " + count
            + " labels but the data ends after " + read);
      }
      for (int i = 0; i < count; i++) {
        int label = labels[i] & 0xFF;
        if (label >= classes) {
          throw new DataException(labelsFile + ": record " + (i + 1) + " has label " + label
              + " but the model " + spec.name() + " has " + classes + " classes (0.."
              + (classes - 1) + ")");
        }
        setTarget(targets, i, label, spec);
      }
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add(String.valueOf(c));
    }
    return new Dataset(pixels, pixelsPerImage, targets, spec.outputs(), names);
  }

  /** Reads pixels into {@code pixels}, scaled to [0, 1]; returns how many the data held. */
  private static int pixels(InputStream in, float[] pixels) throws IOException {
    byte[] chunk = new byte[1 << 16];
    int filled = 0;
    while (filled < pixels.length) {
      int n = in.read(chunk, 0, Math.min(chunk.length, pixels.length - filled));
      if (n < 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        pixels[filled + i] = (chunk[i] & 0xFF) / 255f;
      }
      filled += n;
    }
    return filled;
  }

  /**
   * The bytes the file holds once decompressed, as far as its size tells: its size, or for gzip
   * the size its trailer states (modulo 2^32); the stream's end is still checked.
   */
  private static long contentBytes(Path file) throws IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
      long size = channel.size();
      java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(2);
      channel.read(head, 0);
      if (head.position() < 2 || (head.get(0) & 0xFF) != 0x1f || (head.get(1) & 0xFF) != 0x8b) {
        return size;
      }
      java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(4)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      channel.read(tail, Math.max(0, size - 4));
      // deflate expands at most 1032-fold: a corrupt trailer cannot claim more
      return tail.position() < 4 ? 0 : Math.min(tail.getInt(0) & 0xFFFFFFFFL, 1032 * size);
    }
  }

  /**
   * Reads up to {@code length} bytes, allocating only as they arrive, so that a corrupt header
   * cannot demand more memory than the file holds; fewer bytes come back when the data end.
   */
  private static byte[] body(InputStream in, int length) throws IOException {
    byte[] data = new byte[Math.min(length, 1 << 20)];
    int filled = 0;
    while (filled < length) {
      if (filled == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
      }
      int n = in.read(data, filled, data.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled == data.length ? data : Arrays.copyOf(data, filled);
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  private static int header(DataInputStream in, Path file, String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new DataException(file + ": truncated: the file ends inside its header (" + what + ")");
    }
  }

  // ---- CSV ----

  /** A CSV file's header and data rows, with each row's line number. */
  private record Table(String[] header, List<String[]> rows, List<Integer> lineNumbers) {}

  /**
   * Reads the feature rows of a CSV file to predict on: the model's feature columns, optionally
   * with the label column (the last, or {@code labelColumn}), which is ignored. The file is read
   * as for training, and a problem is the same {@link DataException}.
   *
   * @return one row per sample: its line number and its features
   */
  public static List<Row> features(Path file, ModelSpec spec, String labelColumn) {
    requireFile(file);
    Table table;
    try {
      table = readTable(file);
    } catch (NoSuchFileException e) {
      throw new DataException(e.getFile() + ": no such file");
    } catch (IOException e) {
      throw new DataException(file + ": " + cannotRead(e), e);
    }
    String[] header = table.header();
    int features = spec.inputSize();
    if (header.length != features && header.length != features + 1) {
      throw new DataException(file + ": has " + header.length + " columns but the model "
          + spec.name() + " takes input " + spec.inputShapeText() + " (" + features
          + " values): give " + features + " feature columns, optionally with the label column");
    }
    int label = header.length == features ? -1 : labelIndex(file, header, labelColumn);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < table.rows().size(); i++) {
      rows.add(new Row(table.lineNumbers().get(i),
          features(table.rows().get(i), label, header, file, table.lineNumbers().get(i),
              spec.inputIdLimit())));
    }
    return rows;
  }

  /** One CSV sample to predict on: its line number and its features. */
  public record Row(int line, float[] features) {}

  private static Dataset readCsv(Path file, ModelSpec spec, String labelColumn,
      List<String> knownClasses, LongConsumer progress) throws IOException {
    ArraySink sink = new ArraySink(spec.inputSize(), spec.loss().isClassification());
    CsvLoader.Result result = CsvLoader.load(file, spec, labelColumn, knownClasses, sink,
        progress);
    return sink.dataset(result, spec);
  }

  /** Rows into arrays of exactly the size the data need. */
  private static final class ArraySink implements CsvLoader.Sink {
    private final int featureCount;
    private final boolean classification;
    private float[] features;
    private float[] values;
    private int[] labels;
    private int rows;

    ArraySink(int featureCount, boolean classification) {
      this.featureCount = featureCount;
      this.classification = classification;
    }

    @Override
    public void start(long count) {
      long floats = count * featureCount;
      if (floats > MAX_ARRAY) {
        throw new DataException("the file holds " + count + " rows of " + featureCount
            + " features, more than one array can hold; train from the binary cache (--cache)");
      }
      features = new float[(int) floats];
      if (classification) {
        labels = new int[(int) count];
      } else {
        values = new float[(int) count];
      }
    }

    @Override
    public void row(float[] row, float value, int label) {
      System.arraycopy(row, 0, features, rows * featureCount, featureCount);
      if (classification) {
        labels[rows] = label;
      } else {
        values[rows] = value;
      }
      rows++;
    }

    Dataset dataset(CsvLoader.Result result, ModelSpec spec) {
      if (!classification) {
        return new Dataset(features, featureCount, values, 1, List.of());
      }
      float[] targets = new float[Math.multiplyExact(rows, spec.outputs())];
      for (int i = 0; i < rows; i++) {
        setTarget(targets, i, result.classOf()[labels[i]], spec);
      }
      labels = null;
      return new Dataset(features, featureCount, targets, spec.outputs(), result.classNames());
    }
  }

  private static Table readTable(Path file) throws IOException {
    List<String[]> rows = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    String[] header;
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      int lineNumber = 1;
      while (line != null && line.isBlank()) {
        line = reader.readLine();
        lineNumber++;
      }
      if (line == null) {
        throw new DataException(file + ": the file is empty; expected a header row and data");
      }
      header = Csv.split(stripBom(line), file, lineNumber);
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = Csv.split(line, file, lineNumber);
        if (cells.length != header.length) {
          throw new DataException(file + ":" + lineNumber + ": expected " + header.length
              + " columns like the header, found " + cells.length);
        }
        rows.add(cells);
        lineNumbers.add(lineNumber);
      }
    }
    if (rows.isEmpty()) {
      throw new DataException(file + ": has a header but no data rows");
    }
    return new Table(header, rows, lineNumbers);
  }

  /** The cells of one row but the label's, as numbers. */
  private static float[] features(String[] cells, int label, String[] header, Path file,
      int line, int idLimit) {
    float[] features = new float[label < 0 ? cells.length : cells.length - 1];
    int j = 0;
    for (int c = 0; c < cells.length; c++) {
      if (c != label) {
        features[j] = number(cells[c], file, line, header[c]);
        if (idLimit > 0) {
          TokenIds.check(features[j], idLimit, file, line, header[c]);
        }
        j++;
      }
    }
    return features;
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  private static int labelIndex(Path file, String[] header, String labelColumn) {
    if (labelColumn == null) {
      return header.length - 1;
    }
    for (int c = 0; c < header.length; c++) {
      if (header[c].trim().equals(labelColumn)) {
        return c;
      }
    }
    throw new DataException(file + ":1: no label column '" + labelColumn + "'; the columns are "
        + Quote.join(Arrays.asList(header)));
  }

  static float number(String cell, Path file, int line, String column) {
    String text = cell.trim();
    float value;
    try {
      value = Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new DataException(file + ":" + line + ": column '" + Quote.text(column.trim())
          + "' is not a number: '" + Quote.text(text) + "'");
    }
    if (!Float.isFinite(value)) {
      throw new DataException(file + ":" + line + ": column '" + Quote.text(column.trim())
          + "' holds a non-finite value: '" + Quote.text(text) + "'");
    }
    return value;
  }

  /** Classes the model distinguishes: its units, or two for a single sigmoid unit. */
  public static int classCount(ModelSpec spec) {
    return spec.loss() == Loss.BINARY_CROSSENTROPY && spec.outputs() == 1 ? 2 : spec.outputs();
  }

  private static void setTarget(float[] targets, int sample, int classIndex, ModelSpec spec) {
    if (spec.outputs() == 1) {
      targets[sample] = classIndex;
    } else {
      targets[sample * spec.outputs() + classIndex] = 1;
    }
  }
}
