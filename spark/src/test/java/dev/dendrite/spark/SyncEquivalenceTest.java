package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.io.Weights;
import dev.dendrite.train.TrainerCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Synchronous training on several partitions gives the single-machine trainer's weights: the
 * same CSV file, seed and global batch, both in double precision, compared to 1e-5 after every
 * step of three epochs (15 optimizer steps, the last batch of each epoch partial).
 */
class SyncEquivalenceTest {
  static final String TABULAR = "dev.dendrite.spark.SparkModels_TabularNetwork";

  @TempDir Path dir;

  @Test
  void threePartitionsTrainAsOneProcess() throws IOException {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, csv(150, 6, new Random(5)));

    Network single = trainSingle(csv, SparkModels_TabularNetwork::new);

    Dataset<Row> frame;
    String maxBytes = "spark.sql.files.maxPartitionBytes";
    LocalSpark.session().conf().set(maxBytes, "1500");
    try {
      frame = LocalSpark.session().read().option("header", "true")
          .option("inferSchema", "true").csv(csv.toString());
      TrainingData data = TrainingData.of(frame, SparkModels_TabularNetwork.SPEC, null, "label",
          null, false, null);
      assertTrue(data.partitionSizes().size() >= 3, "partitions: " + data.partitionSizes());
      SparkTrainer trainer = new SparkTrainer(LocalSpark.context(),
          NetworkFactory.of(TABULAR, DataType.DOUBLE),
          SparkTrainer.Options.defaults(SparkModels_TabularNetwork.SPEC), quiet());
      trainer.fit(data);

      assertEquals(List.of("a", "b", "c"), data.classNames());
      assertEquals(15, trainer.network().optimizerSteps());
      assertClose(single.variables(), trainer.network().variables(), 1e-5);
    } finally {
      LocalSpark.session().conf().unset(maxBytes);
    }
  }

  /**
   * A convolutional model, its rows given to Spark as an array column in four partitions of a
   * parallelized list: the same weights as the trainer on the CSV file of the same values.
   */
  @Test
  void convolutionsTrainAsOneProcessFromAnArrayColumn() throws IOException {
    Path csv = dir.resolve("images.csv");
    String text = csv(100, 36, new Random(8));
    Files.writeString(csv, text);

    Network single = trainSingle(csv, SparkModels_ImageNetwork::new);

    List<Row> rows = new java.util.ArrayList<>();
    List<String> lines = text.lines().skip(1).toList();
    for (String line : lines) {
      String[] cells = line.split(",");
      float[] features = new float[36];
      for (int j = 0; j < 36; j++) {
        features[j] = Float.parseFloat(cells[j]);
      }
      rows.add(org.apache.spark.sql.RowFactory.create(cells[36], features));
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("label", org.apache.spark.sql.types.DataTypes.StringType)
        .add("pixels", TrainingData.featureArrayType());
    Dataset<Row> frame = LocalSpark.session().createDataFrame(
        LocalSpark.context().parallelize(rows, 4), schema);
    TrainingData data = TrainingData.of(frame, SparkModels_ImageNetwork.SPEC, "pixels", "label",
        null, false, null);
    SparkTrainer trainer = new SparkTrainer(LocalSpark.context(),
        NetworkFactory.of("dev.dendrite.spark.SparkModels_ImageNetwork", DataType.DOUBLE),
        SparkTrainer.Options.defaults(SparkModels_ImageNetwork.SPEC), quiet());
    trainer.fit(data);

    assertEquals(4, data.partitionSizes().size());
    assertEquals(14, trainer.network().optimizerSteps());
    assertClose(single.variables(), trainer.network().variables(), 1e-5);
  }

  /** Trains with the model's generated trainer (TrainerCli) in double and returns its weights. */
  static Network trainSingle(Path csv, java.util.function.BiFunction<Long, DataType, Network> make,
      String... flags) throws IOException {
    Path saved = csv.resolveSibling("single.safetensors");
    Network probe = make.apply(0L, DataType.DOUBLE);
    String[] args = new String[flags.length + 4];
    args[0] = "--train";
    args[1] = csv.toString();
    args[2] = "--save";
    args[3] = saved.toString();
    System.arraycopy(flags, 0, args, 4, flags.length);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new TrainerCli(probe.spec(), seed -> make.apply(seed, DataType.DOUBLE), quiet(),
        new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args);
    assertEquals(0, status, () -> err.toString(StandardCharsets.UTF_8));
    Network network = make.apply(0L, DataType.DOUBLE);
    Weights.load(network, saved);
    return network;
  }

  /** A CSV of {@code rows} samples with three classes that the features separate, roughly. */
  static String csv(int rows, int features, Random random) {
    StringBuilder s = new StringBuilder();
    for (int j = 0; j < features; j++) {
      s.append('f').append(j).append(',');
    }
    s.append("label\n");
    for (int i = 0; i < rows; i++) {
      double sum = 0;
      for (int j = 0; j < features; j++) {
        double v = Math.round(random.nextGaussian() * 1000) / 1000.0;
        sum += v * (j % 3 - 1);
        s.append(v).append(',');
      }
      s.append(sum < -0.5 ? "a" : sum < 0.5 ? "b" : "c").append('\n');
    }
    return s.toString();
  }

  static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  static void assertClose(Map<String, INDArray> expected, Map<String, INDArray> actual,
      double tolerance) {
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      double[] want = e.getValue().dup('c').castTo(DataType.DOUBLE).data().asDouble();
      double[] got = actual.get(e.getKey()).dup('c').castTo(DataType.DOUBLE).data().asDouble();
      assertEquals(want.length, got.length, e.getKey());
      double worst = 0;
      for (int i = 0; i < want.length; i++) {
        worst = Math.max(worst, Math.abs(want[i] - got[i]));
      }
      double w = worst;
      assertTrue(w <= tolerance, () -> e.getKey() + " differs by " + w);
    }
  }
}
