package dev.dendrite.spark;

import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Standardization;
import dev.dendrite.io.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predicts on a DataFrame with a trained network: the same rows with prediction columns added.
 * Each partition borrows one network and runs it on batches of {@value #BATCH} rows through
 * arrays allocated once per partition.
 *
 * <p>Classifiers add {@code prediction}, the class name (the training labels' text), and
 * {@code probability}: the class probabilities (array) or, for a single sigmoid unit, the
 * probability of the second class. Regression adds {@code prediction}, the value.
 */
public final class SparkPredictor {
  static final int BATCH = 256;

  private final NetworkFactory factory;
  private final Map<String, INDArray> weights;
  private final ModelSpec spec;
  private final boolean single;
  private final List<String> classNames;
  private final Standardization standardization;
  private final String key = UUID.randomUUID().toString();

  private SparkPredictor(Network trained, NetworkFactory factory, List<String> classNames,
      Standardization standardization) {
    this.factory = factory;
    this.weights = trained.variables();
    this.spec = trained.spec();
    this.single = trained.parameters().values().iterator().next().dataType() == DataType.FLOAT;
    this.classNames = List.copyOf(classNames);
    this.standardization = standardization;
    if (spec.loss().isClassification() && classNames.size() != TrainingData.classCount(spec)) {
      throw new IllegalArgumentException(spec.name() + " has " + TrainingData.classCount(spec)
          + " classes but " + classNames.size() + " class names were given: " + classNames);
    }
  }

  /**
   * A predictor of {@code trained}'s weights (a copy, taken when {@link #predict} runs) with the
   * training data's class names and statistics.
   */
  public static SparkPredictor of(Network trained, NetworkFactory factory,
      List<String> classNames, Standardization standardization) {
    return new SparkPredictor(trained, factory, classNames, standardization);
  }

  /** A predictor of the weights file {@code file}, with the class names and statistics it holds. */
  public static SparkPredictor load(NetworkFactory factory, Path file) {
    Network network = factory.create(0);
    Weights.load(network, file);
    Map<String, String> metadata = Weights.metadata(file);
    List<String> classes = Metadata.classNames(file, metadata);
    if (classes.isEmpty() && network.spec().loss().isClassification()) {
      classes = new ArrayList<>();
      for (int c = 0; c < TrainingData.classCount(network.spec()); c++) {
        classes.add(String.valueOf(c));
      }
    }
    return new SparkPredictor(network, factory, classes,
        Metadata.standardization(file, metadata, network.spec().inputSize()));
  }

  /**
   * {@code frame} with the prediction columns added.
   *
   * @param featuresColumn the array column of each row's features, or null for every numeric
   *     column (as in training, without the label)
   * @param labelColumn a column to leave out of the features, or null
   */
  public Dataset<Row> predict(Dataset<Row> frame, String featuresColumn, String labelColumn) {
    TrainingData.Columns columns = TrainingData.Columns.of(frame, spec, featuresColumn,
        labelColumn);
    StructType schema = frame.schema();
    boolean classify = spec.loss().isClassification();
    boolean sigmoid = classify && spec.outputs() == 1;
    for (String column : List.of("prediction", "probability")) {
      if (List.of(schema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("the DataFrame has a column '" + column
            + "' already; rename it before predicting (withColumnRenamed)");
      }
    }
    if (classify) {
      schema = schema.add("prediction", DataTypes.StringType, false)
          .add("probability", sigmoid ? DataTypes.FloatType
              : DataTypes.createArrayType(DataTypes.FloatType, false), false);
    } else {
      schema = schema.add("prediction", spec.outputs() == 1 ? DataTypes.FloatType
          : DataTypes.createArrayType(DataTypes.FloatType, false), false);
    }
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(frame.sparkSession()
        .sparkContext());
    Broadcast<Tensors> shared = spark.broadcast(Tensors.of(weights, single));
    NetworkFactory factory = this.factory;
    String key = this.key;
    List<String> classes = classNames;
    // the record is not serializable: its arrays travel
    float[] mean = standardization == null ? null : standardization.mean();
    float[] std = standardization == null ? null : standardization.std();
    JavaRDD<Row> rows = frame.javaRDD().mapPartitions(it -> new Rows(it, columns,
        shared.value(), factory, key, classes, mean, std));
    return frame.sparkSession().createDataFrame(rows, schema);
  }

  /** A partition's rows with their predictions, computed a batch at a time. */
  private static final class Rows implements Iterator<Row> {
    private final Iterator<Row> in;
    private final TrainingData.Columns columns;
    private final Tensors weights;
    private final NetworkFactory factory;
    private final String key;
    private final List<String> classes;
    private final float[] mean;
    private final float[] std;
    private final Row[] batch = new Row[BATCH];
    private final Row[] done = new Row[BATCH];
    private float[] features;
    private INDArray x;
    private Network network;
    private int count;
    private int next;
    private long seen;

    Rows(Iterator<Row> in, TrainingData.Columns columns, Tensors weights,
        NetworkFactory factory, String key, List<String> classes, float[] mean, float[] std) {
      this.in = in;
      this.columns = columns;
      this.weights = weights;
      this.factory = factory;
      this.key = key;
      this.classes = classes;
      this.mean = mean;
      this.std = std;
    }

    @Override
    public boolean hasNext() {
      if (next < count) {
        return true;
      }
      if (!in.hasNext()) {
        if (network != null) {
          NetworkPool.giveBack(key, network);
          network = null;
        }
        return false;
      }
      fill();
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = done[next];
      done[next++] = null;
      return row;
    }

    private void fill() {
      if (network == null) {
        network = NetworkPool.borrow(key, factory);
        weights.copyInto(network.variables(), 1);
        features = new float[BATCH * columns.featureSize()];
        x = Nd4j.create(DataType.FLOAT, BATCH, columns.featureSize());
      }
      int f = columns.featureSize();
      int n = 0;
      while (n < BATCH && in.hasNext()) {
        batch[n] = in.next();
        columns.features(batch[n], seen + n, features, n * f);
        n++;
      }
      if (mean != null) {
        for (int i = 0; i < n * f; i++) {
          features[i] = (features[i] - mean[i % f]) / std[i % f];
        }
      }
      DataBuffer data = x.data();
      for (int i = 0; i < n * f; i++) {
        data.put(i, features[i]);
      }
      INDArray input = n == BATCH ? x : x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
          org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
      INDArray p = network.output(input);
      DataBuffer out = p.data();
      int outputs = (int) p.size(1);
      Loss loss = network.spec().loss();
      for (int r = 0; r < n; r++) {
        Row row = batch[r];
        batch[r] = null;
        Object[] values = new Object[row.length() + (loss.isClassification() ? 2 : 1)];
        for (int c = 0; c < row.length(); c++) {
          values[c] = row.get(c);
        }
        long base = (long) r * outputs;
        if (!loss.isClassification()) {
          values[row.length()] = outputs == 1 ? (Object) out.getFloat(base) : floats(out, base,
              outputs);
        } else if (outputs == 1) {
          float q = out.getFloat(base);
          values[row.length()] = classes.get(q >= 0.5f ? 1 : 0);
          values[row.length() + 1] = q;
        } else {
          int best = 0;
          for (int c = 1; c < outputs; c++) {
            if (out.getFloat(base + c) > out.getFloat(base + best)) {
              best = c;
            }
          }
          values[row.length()] = classes.get(best);
          values[row.length() + 1] = floats(out, base, outputs);
        }
        done[r] = RowFactory.create(values);
      }
      seen += n;
      count = n;
      next = 0;
    }

    private static float[] floats(DataBuffer out, long base, int n) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = out.getFloat(base + i);
      }
      return v;
    }
  }
}
