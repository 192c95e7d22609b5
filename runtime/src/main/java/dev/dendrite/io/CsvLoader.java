package dev.dendrite.io;

import dev.dendrite.DataException;
import dev.dendrite.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Reads a training or test CSV file's samples straight from its bytes into a {@link Sink}: one
 * pass counts the rows, so that the sink can allocate exactly, the second parses every cell
 * into the sink's floats, keeping no object per row or cell. A line with a quote or a
 * non-ASCII byte takes {@link Csv#split}'s path, and a number this parser does not spell out
 * takes {@link Float#parseFloat}'s, so that the values are those of the line-by-line reader.
 *
 * <p>Problems are reported as that reader did, in its order: a structural problem (a row with
 * another number of columns, an unclosed quote) at once; then no rows; then a problem of the
 * header (the label column, the feature count); then the first bad feature cell; then the label
 * column's problems.
 */
final class CsvLoader {
  /** Receives the samples, one row at a time. */
  interface Sink {
    /** Called once before the rows, with their number. */
    void start(long rows) throws IOException;

    /**
     * One row: its features, and its label: {@code value} for regression, else {@code label},
     * an index into {@link Result#labels()} (in order of first appearance).
     */
    void row(float[] features, float value, int label) throws IOException;
  }

  /**
   * What the rows' labels mean once the file is read.
   *
   * @param classNames the class names by index; empty for regression
   * @param classOf for each label index a sink received, its class index
   */
  record Result(long rows, List<String> classNames, int[] classOf) {}

  private final Path file;
  private final ModelSpec spec;
  private final int idLimit;
  private String[] header;
  private int columns;
  private int label;
  private int featureCount;
  private boolean classification;
  private DataException headerError;
  private DataException featureError;
  private DataException labelError;
  /** The header's cells, for the messages. */
  private String[] names;
  private float[] row;
  /** The label of the row being read: its index, or its value for regression. */
  private int labelIndex;
  private float labelValue;
  private long rows;
  private long expected;
  private Sink sink;
  private final Map<String, Integer> labelIds = new HashMap<>();
  /** Label indices of the labels 0..1023 written as plain integers; -1: not seen yet. */
  private final int[] smallLabels = new int[1024];
  private final List<String> labels = new ArrayList<>();
  private final List<Integer> firstLines = new ArrayList<>();
  private final FastFloat number = new FastFloat();

  private CsvLoader(Path file, ModelSpec spec) {
    this.file = file;
    this.spec = spec;
    this.idLimit = spec.inputIdLimit();
    Arrays.fill(smallLabels, -1);
  }

  /**
   * Reads {@code file} into {@code sink}, telling {@code progress} the bytes parsed so far.
   *
   * @param labelColumn the label column's name, or null for the last column
   * @param knownClasses the training data's class names, to map a test file's labels; empty for
   *     the training data itself
   * @throws DataException naming the file, line and problem, as {@link DataFiles#load} does
   */
  static Result load(Path file, ModelSpec spec, String labelColumn, List<String> knownClasses,
      Sink sink, LongConsumer progress) throws IOException {
    CsvLoader loader = new CsvLoader(file, spec);
    long count = loader.count();
    loader.sink = sink;
    loader.expected = count;
    loader.start(labelColumn);
    sink.start(count);
    try (InputStream in = Files.newInputStream(file)) {
      CsvLines.read(in, loader::line, progress);
    }
    return loader.finish(knownClasses);
  }

  /** The data rows: the non-blank lines after the first non-blank one. */
  private long count() throws IOException {
    long[] lines = {0};
    try (InputStream in = Files.newInputStream(file)) {
      CsvLines.read(in, (b, from, to, number) -> {
        if (!CsvLines.isBlank(b, from, to)) {
          if (header == null) {
            header = Csv.split(stripBom(CsvLines.text(b, from, to)), file, number);
          } else {
            lines[0]++;
          }
        }
      }, read -> { });
    }
    if (header == null) {
      throw new DataException(file + ": the file is empty; expected a header row and data");
    }
    return lines[0];
  }

  private void start(String labelColumn) {
    columns = header.length;
    classification = spec.loss().isClassification();
    try {
      label = labelIndex(labelColumn);
      featureCount = columns - 1;
      if (featureCount != spec.inputSize()) {
        throw new DataException(file + ": has " + featureCount + " feature columns (all but the "
            + "label '" + Quote.text(header[label]) + "') but the model " + spec.name()
            + " takes input " + spec.inputShapeText() + " (" + spec.inputSize() + " values)");
      }
    } catch (DataException e) {
      headerError = e;
      featureCount = Math.max(0, columns - 1);
    }
    row = new float[featureCount];
    header = null;
  }

  private int labelIndex(String labelColumn) {
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

  private void line(byte[] b, int from, int to, int line) throws IOException {
    if (names == null) {
      // the header line: keep the names for the messages, and skip it
      if (!CsvLines.isBlank(b, from, to)) {
        names = Csv.split(stripBom(CsvLines.text(b, from, to)), file, line);
      }
      return;
    }
    int cell = 0;
    int i = from;
    while (true) {
      int start = i;
      float value = number.cell(b, i, to);
      i = number.end();
      if (Float.isNaN(value)) {
        while (i < to && b[i] != ',') {
          if (b[i] < 0 || b[i] == '"') {
            slowLine(CsvLines.text(b, from, to), line);
            return;
          }
          i++;
        }
      }
      if (cell == 0 && i == to && CsvLines.isBlank(b, from, to)) {
        return;
      }
      if (cell < columns) {
        cell(cell, b, start, i, value, line);
      }
      cell++;
      if (i == to) {
        break;
      }
      i++;
    }
    if (cell != columns) {
      throw new DataException(file + ":" + line + ": expected " + columns
          + " columns like the header, found " + cell);
    }
    emit(line);
  }

  /** A line with quotes or non-ASCII text, read as the line-by-line reader did. */
  private void slowLine(String text, int number) throws IOException {
    if (text.isBlank()) {
      return;
    }
    String[] cells = Csv.split(text, file, number);
    if (cells.length != columns) {
      throw new DataException(file + ":" + number + ": expected " + columns
          + " columns like the header, found " + cells.length);
    }
    for (int c = 0; c < cells.length; c++) {
      if (skipsValues()) {
        break;
      }
      if (c != label) {
        feature(c, number, Float.NaN, cells[c]);
      } else if (classification) {
        labelIndex = labelOf(cells[c].trim(), number);
      } else {
        labelValue = regression(number, Float.NaN, cells[c]);
      }
    }
    emit(number);
  }

  private boolean skipsValues() {
    return headerError != null || featureError != null;
  }

  private void cell(int c, byte[] b, int from, int to, float value, int number) {
    if (skipsValues()) {
      return;
    }
    if (c == label) {
      if (classification) {
        labelIndex = labelOf(b, from, to, number);
      } else {
        labelValue = Float.isNaN(value)
            ? regression(number, value, CsvLines.text(b, from, to)) : value;
      }
      return;
    }
    if (Float.isNaN(value)) {
      feature(c, number, value, CsvLines.text(b, from, to));
    } else {
      store(c, number, value);
    }
  }

  private void feature(int c, int number, float parsed, String text) {
    try {
      store(c, number, Float.isNaN(parsed) ? DataFiles.number(text, file, number, names[c])
          : parsed);
    } catch (DataException e) {
      featureError = e;
    }
  }

  private void store(int c, int number, float value) {
    int j = c < label ? c : c - 1;
    row[j] = value;
    if (idLimit > 0) {
      try {
        TokenIds.check(value, idLimit, file, number, names[c]);
      } catch (DataException e) {
        featureError = e;
      }
    }
  }

  private float regression(int number, float parsed, String text) {
    if (!Float.isNaN(parsed)) {
      return parsed;
    }
    try {
      return DataFiles.number(text, file, number, names[label]);
    } catch (DataException e) {
      if (labelError == null) {
        labelError = e;
      }
      return 0;
    }
  }

  private void emit(int number) throws IOException {
    if (++rows > expected) {
      throw new DataException(file + ":" + number + ": the file changed while it was read; "
          + "read it again when it is complete");
    }
    if (!skipsValues()) {
      sink.row(row, labelValue, labelIndex);
    }
  }

  /** The index of a label written as bytes, trimmed as {@link String#trim} does. */
  private int labelOf(byte[] b, int from, int to, int number) {
    while (from < to && (b[from] & 0xFF) <= ' ') {
      from++;
    }
    while (to > from && (b[to - 1] & 0xFF) <= ' ') {
      to--;
    }
    int length = to - from;
    if (length >= 1 && length <= 4 && (b[from] != '0' || length == 1)) {
      int value = 0;
      for (int i = from; i < to && value >= 0; i++) {
        value = b[i] >= '0' && b[i] <= '9' ? value * 10 + (b[i] - '0') : -1;
      }
      if (value >= 0 && value < smallLabels.length) {
        int known = smallLabels[value];
        if (known < 0) {
          known = labelOf(String.valueOf(value), number);
          smallLabels[value] = known;
        }
        return known;
      }
    }
    return labelOf(CsvLines.text(b, from, to), number);
  }

  private int labelOf(String text, int number) {
    Integer known = labelIds.get(text);
    if (known != null) {
      return known;
    }
    int index = labels.size();
    labelIds.put(text, index);
    labels.add(text);
    firstLines.add(number);
    return index;
  }

  private Result finish(List<String> knownClasses) {
    if (rows == 0) {
      throw new DataException(file + ": has a header but no data rows");
    }
    if (rows != expected) {
      throw new DataException(file + ": the file changed while it was read; read it again when "
          + "it is complete");
    }
    if (headerError != null) {
      throw headerError;
    }
    if (featureError != null) {
      throw featureError;
    }
    if (!classification) {
      if (spec.outputs() != 1) {
        throw new DataException(file + ": a CSV file holds one label column, but the model "
            + spec.name() + " has " + spec.outputs() + " outputs");
      }
      if (labelError != null) {
        throw labelError;
      }
      return new Result(rows, List.of(), new int[0]);
    }
    List<String> classes = knownClasses.isEmpty()
        ? classNames(DataFiles.classCount(spec), names[label]) : knownClasses;
    int[] classOf = new int[labels.size()];
    int unknown = -1;
    for (int i = 0; i < classOf.length; i++) {
      classOf[i] = classes.indexOf(labels.get(i));
      if (classOf[i] < 0 && (unknown < 0 || firstLines.get(i) < firstLines.get(unknown))) {
        unknown = i;
      }
    }
    if (unknown >= 0) {
      throw new DataException(file + ":" + firstLines.get(unknown) + ": label '"
          + Quote.text(labels.get(unknown)) + "' in column '" + Quote.text(names[label])
          + "' was never seen in the training data, whose classes are " + Quote.list(classes));
    }
    return new Result(rows, classes, classOf);
  }

  /**
   * Class names in index order: integers 0..K-1 stay themselves; anything else is sorted
   * (numerically when every label is a number) and numbered in that order.
   */
  private List<String> classNames(int classes, String column) {
    TreeSet<String> distinct = new TreeSet<>(labels);
    boolean numeric = distinct.stream().allMatch(CsvLoader::isNumber);
    List<String> sorted = new ArrayList<>(distinct);
    if (numeric) {
      sorted.sort(Comparator.comparingDouble(Double::parseDouble));
    }
    if (sorted.size() > classes) {
      throw new DataException(file + ":" + firstExtraLabelLine(classes)
          + ": column '" + Quote.text(column.trim()) + "' holds " + sorted.size()
          + " distinct labels " + abbreviate(sorted) + " but the model's output has "
          + classes + " classes");
    }
    boolean indices = numeric && sorted.stream().allMatch(s -> s.matches("\\d{1,9}")
        && Integer.parseInt(s) < classes);
    if (indices) {
      List<String> names = new ArrayList<>();
      for (int c = 0; c < classes; c++) {
        names.add(String.valueOf(c));
      }
      return names;
    }
    return sorted;
  }

  /**
   * The line of the label that makes one class too many: with integer labels the first one
   * outside 0..classes-1, else the first row whose label is the (classes+1)th distinct one.
   */
  private String firstExtraLabelLine(int classes) {
    int first = -1;
    for (int i = 0; i < labels.size(); i++) {
      String value = labels.get(i);
      if (value.matches("\\d{1,9}") && Integer.parseInt(value) >= classes
          && (first < 0 || firstLines.get(i) < firstLines.get(first))) {
        first = i;
      }
    }
    if (first >= 0) {
      return firstLines.get(first) + ": label '" + labels.get(first)
          + "' is not a class index 0.." + (classes - 1) + ";";
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      if (seen.add(labels.get(i)) && seen.size() > classes) {
        return firstLines.get(i) + ": label '" + labels.get(i) + "' is one class too many;";
      }
    }
    return "1";
  }

  private static String abbreviate(List<String> values) {
    List<String> shown = values.stream().limit(12).map(Quote::text).toList();
    return values.size() <= 12 ? shown.toString() : shown.toString().replace("]", ", ...]");
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
