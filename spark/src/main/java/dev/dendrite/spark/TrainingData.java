package dev.dendrite.spark;

import dev.dendrite.DataException;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.io.Standardization;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A DataFrame's samples, partition by partition, as cached float arrays ({@link Block}s) in the
 * DataFrame's row order, with the label mapping and standardization statistics computed by Spark.
 * Features are one array column or every numeric column but the label.
 *
 * @param blocks one block per partition, cached
 * @param size the number of samples
 * @param partitionSizes the samples of each partition
 * @param classNames the class names by index (empty for regression), mapped as the
 *     single-machine trainer maps a CSV file's labels
 * @param standardization the statistics the features were scaled with, or null
 * @param fingerprint a checksum of every sample and its position, to recognise the same data
 */
public record TrainingData(JavaRDD<Block> blocks, int size, List<Integer> partitionSizes,
    int featureSize, int targetSize, List<String> classNames, Standardization standardization,
    String fingerprint) {

  public TrainingData {
    partitionSizes = List.copyOf(partitionSizes);
    classNames = List.copyOf(classNames);
  }

  /**
   * Reads {@code frame} for {@code spec}'s model.
   *
   * @param featuresColumn an array column holding each sample's features, or null for every
   *     column but the label
   * @param classNames the training data's classes (to map a test set's labels the same way), or
   *     null to compute them from the labels
   * @param standardization the statistics to scale with (the training data's, for a test set);
   *     null with {@code standardize} to compute them here, null without it not to scale
   * @throws DataException naming the column and the problem
   */
  public static TrainingData of(Dataset<Row> frame, ModelSpec spec, String featuresColumn,
      String labelColumn, List<String> classNames, boolean standardize,
      Standardization standardization) {
    Columns columns = Columns.of(frame, spec, featuresColumn, labelColumn);
    boolean classify = spec.loss().isClassification();
    List<String> classes = classNames != null || !classify ? classNames
        : classNames(frame.select(labelColumn).distinct().collectAsList(), classCount(spec),
            labelColumn);
    List<String> mapping = classes == null ? List.of() : classes;
    int targetSize = spec.outputs();
    Loss loss = spec.loss();
    JavaRDD<Block> raw = frame.javaRDD().zipWithIndex()
        .mapPartitions(rows -> toBlock(rows, columns, mapping, loss, targetSize))
        .persist(StorageLevel.MEMORY_ONLY());
    List<Integer> sizes = raw.map(Block::rows).collect();
    int size = sizes.stream().mapToInt(Integer::intValue).sum();
    if (size == 0) {
      throw new DataException("the DataFrame holds no rows");
    }
    Standardization s = standardization;
    if (s == null && standardize) {
      s = Statistics.standardization(raw, spec.inputSize(), size);
    }
    JavaRDD<Block> blocks = raw;
    if (s != null) {
      // the record is not serializable: its arrays travel
      float[] mean = s.mean();
      float[] std = s.std();
      blocks = raw.map(b -> b.standardized(mean, std)).persist(StorageLevel.MEMORY_ONLY());
      blocks.count();
      raw.unpersist(false);
    }
    String fingerprint = String.format("spark-crc32c:%016x", blocks
        .map(TrainingData::checksum).fold(0L, Long::sum));
    return new TrainingData(blocks, size, sizes, spec.inputSize(), targetSize, mapping, s,
        fingerprint);
  }

  /** Classes the model distinguishes: its units, or two for a single sigmoid unit. */
  static int classCount(ModelSpec spec) {
    return spec.loss() == Loss.BINARY_CROSSENTROPY && spec.outputs() == 1 ? 2 : spec.outputs();
  }

  /**
   * Class names in index order, as the single-machine trainer maps a CSV file's labels:
   * integers 0..K-1 stay themselves; anything else is sorted (numerically when every label is
   * a number) and numbered in that order.
   */
  static List<String> classNames(List<Row> labels, int classes, String column) {
    TreeSet<String> distinct = new TreeSet<>();
    for (Row r : labels) {
      if (r.isNullAt(0)) {
        throw new DataException("column '" + column + "' holds an empty label; every row needs "
            + "its class");
      }
      distinct.add(label(r.get(0)));
    }
    boolean numeric = distinct.stream().allMatch(TrainingData::isNumber);
    List<String> sorted = new ArrayList<>(distinct);
    if (numeric) {
      sorted.sort(Comparator.comparingDouble(Double::parseDouble));
    }
    if (sorted.size() > classes) {
      throw new DataException("column '" + column + "' holds " + sorted.size()
          + " distinct labels " + (sorted.size() <= 12 ? sorted : sorted.subList(0, 12) + "...")
          + " but the model's output has " + classes + " classes");
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

  /** A label's text: integers without a fraction, as a CSV file writes them. */
  static String label(Object value) {
    return String.valueOf(value).trim();
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static java.util.Iterator<Block> toBlock(java.util.Iterator<Tuple2<Row, Long>> rows,
      Columns columns, List<String> classes, Loss loss, int targetSize) {
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    int f = columns.featureSize();
    FloatList x = new FloatList();
    FloatList y = new FloatList();
    long first = -1;
    int n = 0;
    float[] target = new float[targetSize];
    float[] sample = new float[f];
    while (rows.hasNext()) {
      Tuple2<Row, Long> next = rows.next();
      if (first < 0) {
        first = next._2();
      }
      Row row = next._1();
      columns.features(row, next._2(), sample, 0);
      x.addAll(sample);
      java.util.Arrays.fill(target, 0);
      columns.target(row, next._2(), index, loss, target);
      y.addAll(target);
      n++;
    }
    return List.of(new Block(Math.max(first, 0), n, f, targetSize, x.toArray(),
        y.toArray())).iterator();
  }

  /** A checksum of a block's samples that depends on each sample's global position. */
  private static long checksum(Block b) {
    long sum = 0;
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocate(4 * (b.featureSize() + b.targetSize()));
    for (int r = 0; r < b.rows(); r++) {
      buffer.clear();
      for (int j = 0; j < b.featureSize(); j++) {
        buffer.putFloat(b.features()[r * b.featureSize() + j]);
      }
      for (int j = 0; j < b.targetSize(); j++) {
        buffer.putFloat(b.targets()[r * b.targetSize() + j]);
      }
      crc.reset();
      crc.update(buffer.flip());
      sum += crc.getValue() * (2 * (b.first() + r) + 1);
    }
    return sum;
  }

  /** A growable float array: one per partition, not one per row. */
  static final class FloatList {
    private float[] values = new float[1024];
    private int size;

    void add(float v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = v;
    }

    void addAll(float[] v) {
      for (float x : v) {
        add(x);
      }
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  /** Where a row's features and label are. */
  record Columns(int[] features, boolean array, int featureSize, int label, String labelName,
      String[] names) implements Serializable {

    static Columns of(Dataset<Row> frame, ModelSpec spec, String featuresColumn,
        String labelColumn) {
      StructField[] fields = frame.schema().fields();
      String[] names = new String[fields.length];
      for (int i = 0; i < fields.length; i++) {
        names[i] = fields[i].name();
      }
      int label = labelColumn == null ? -1 : indexOf(names, labelColumn, "--label");
      int size = spec.inputSize();
      if (label >= 0 && !spec.loss().isClassification() && spec.outputs() != 1) {
        throw new DataException(spec.name() + " has " + spec.outputs() + " outputs; a label "
            + "column gives one number per sample, so train it on Spark with one output");
      }
      if (featuresColumn != null) {
        int at = indexOf(names, featuresColumn, "--features");
        DataType type = fields[at].dataType();
        if (!(type instanceof ArrayType a) || !(a.elementType() instanceof NumericType)) {
          throw new DataException("column '" + featuresColumn + "' is " + type.simpleString()
              + "; --features names an array of numbers (array<float>) holding each sample's "
              + size + " features");
        }
        return new Columns(new int[] {at}, true, size, label, labelColumn, names);
      }
      List<Integer> numeric = new ArrayList<>();
      for (int i = 0; i < fields.length; i++) {
        if (i == label) {
          continue;
        }
        if (!(fields[i].dataType() instanceof NumericType)) {
          throw new DataException("column '" + names[i] + "' is "
              + fields[i].dataType().simpleString() + ", not a number; every column but the "
              + "label must hold a feature, or name one array column with --features");
        }
        numeric.add(i);
      }
      if (numeric.size() != size) {
        throw new DataException("the DataFrame has " + numeric.size() + " feature columns but "
            + spec.name() + " takes " + size + " features (input " + spec.inputShapeText()
            + ")" + (label < 0 && labelColumn == null ? "" : ", with '" + labelColumn
                + "' as the label"));
      }
      return new Columns(numeric.stream().mapToInt(Integer::intValue).toArray(), false, size,
          label, labelColumn, names);
    }

    private static int indexOf(String[] names, String column, String flag) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(column)) {
          return i;
        }
      }
      throw new DataException(flag + " " + column + ": no such column; the DataFrame has "
          + java.util.Arrays.toString(names));
    }

    /** Writes row {@code index}'s features into {@code x} from {@code at}. */
    void features(Row row, long index, float[] x, int at) {
      if (array) {
        if (row.isNullAt(features[0])) {
          throw missing(names[features[0]], index);
        }
        List<Object> values = row.getList(features[0]);
        if (values.size() != featureSize) {
          throw new DataException("row " + index + ": column '" + names[features[0]]
              + "' holds " + values.size() + " values, the model takes " + featureSize);
        }
        for (int j = 0; j < featureSize; j++) {
          Object v = values.get(j);
          if (v == null) {
            throw missing(names[features[0]], index);
          }
          x[at + j] = ((Number) v).floatValue();
        }
        return;
      }
      for (int j = 0; j < featureSize; j++) {
        int c = features[j];
        if (row.isNullAt(c)) {
          throw missing(names[c], index);
        }
        x[at + j] = ((Number) row.get(c)).floatValue();
      }
    }

    /** Writes row {@code index}'s target, in the loss's form, into {@code target}. */
    void target(Row row, long index, Map<String, Integer> classes, Loss loss, float[] target) {
      if (label < 0) {
        return;
      }
      if (row.isNullAt(label)) {
        throw missing(labelName, index);
      }
      Object value = row.get(label);
      if (!loss.isClassification()) {
        if (!(value instanceof Number number)) {
          throw new DataException("row " + index + ": column '" + labelName + "' holds '"
              + value + "'; a regression label must be a number");
        }
        target[0] = number.floatValue();
        return;
      }
      Integer c = classes.get(TrainingData.label(value));
      if (c == null) {
        throw new DataException("row " + index + ": label '" + TrainingData.label(value) + "' of column '"
            + labelName + "' is none of the training data's classes " + classes.keySet());
      }
      if (target.length == 1) {
        target[0] = c;
      } else {
        target[c] = 1;
      }
    }

    private static DataException missing(String column, long index) {
      return new DataException("row " + index + ": column '" + column + "' is empty (null); "
          + "drop or fill missing values before training (DataFrame.na())");
    }
  }

  /** Spark's type of a feature array column. */
  static DataType featureArrayType() {
    return DataTypes.createArrayType(DataTypes.FloatType, false);
  }
}
