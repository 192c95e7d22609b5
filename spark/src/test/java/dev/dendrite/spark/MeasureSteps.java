package dev.dendrite.spark;

import dev.dendrite.Dataset;
import dev.dendrite.Network;
import dev.dendrite.io.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures a synchronous Spark step against a single-process step of the same model and global
 * batch (README: Training on Spark, Measured). Not a test: run by hand, on a quiet machine.
 *
 * <pre>
 * MeasureSteps MODEL_CLASS MASTER SAMPLES BATCH EPOCHS
 * MeasureSteps dev.dendrite.examples.MnistMlpNetwork local[2] 12800 128 2
 * </pre>
 *
 * The first epoch warms up (JIT, buffers, Spark's first jobs); the last is measured.
 */
public final class MeasureSteps {
  private MeasureSteps() {}

  public static void main(String[] args) throws IOException {
    String model = args[0];
    String master = args[1];
    int samples = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int epochs = Integer.parseInt(args[4]);
    NetworkFactory factory = NetworkFactory.of(model, DataType.FLOAT);
    Network single = factory.create(1);
    Dataset all = DataFiles.load(Path.of("examples/data/mnist/train-images-idx3-ubyte.gz"),
        single.spec(), null, List.of()).slice(0, samples);

    int steps = samples / batch;
    INDArray x = Nd4j.create(DataType.FLOAT, batch, all.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, all.targetSize());
    double singleMs = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      long started = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        all.copyBatch(null, s * batch, batch, x, y);
        single.fit(x, y);
      }
      singleMs = (System.nanoTime() - started) / 1e6 / steps;
    }

    SparkSession spark = SparkSession.builder().master(master).appName("MeasureSteps")
        .config("spark.ui.enabled", "false").getOrCreate();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      float[] f = new float[all.featureSize()];
      for (int j = 0; j < f.length; j++) {
        f[j] = all.feature(i, j);
      }
      int c = 0;
      for (int j = 1; j < all.targetSize(); j++) {
        c = all.target(i, j) > all.target(i, c) ? j : c;
      }
      rows.add(RowFactory.create(f, all.classNames().get(c)));
    }
    StructType schema = new StructType().add("features", TrainingData.featureArrayType())
        .add("label", DataTypes.StringType);
    // through a Parquet file of two parts, as a cluster reads data: a parallelized list would
    // travel inside every task (its partitions hold the rows), which is not what is measured
    String parquet = Files.createTempDirectory("measure-steps").resolve("data").toString();
    spark.createDataFrame(context.parallelize(rows, 2), schema).write().parquet(parquet);
    TrainingData data = TrainingData.of(spark.read().parquet(parquet), single.spec(),
        "features", "label", null, false, null);
    data.blocks().count();
    long jobs = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      data.blocks().count();
    }
    double jobMs = (System.nanoTime() - jobs) / 1e6 / 20;
    double sparkMs = 0;
    double bytes = 0;
    SparkTrainer trainer = null;
    for (int epoch = 0; epoch < epochs; epoch++) {
      SparkTrainer.Options options = new SparkTrainer.Options(1, batch, 1e-3, 1,
          SparkTrainer.Mode.SYNCHRONOUS, 1, null, null, List.of());
      trainer = new SparkTrainer(context, factory, options, System.out);
      trainer.fit(data);
      sparkMs = trainer.cost().secondsPerExchange() * 1e3;
      bytes = trainer.cost().bytesPerExchange();
    }
    System.out.printf(Locale.ROOT, "%s, %d samples, batch %d, %s: single process %.2f ms/step, "
            + "Spark %.2f ms/step (%.1fx), %.3f MB moved per step (%d executors); an empty Spark "
            + "job (count) %.2f ms%n",
        single.spec().name(), samples, batch, master, singleMs, sparkMs, sparkMs / singleMs,
        bytes / 1e6, Math.max(1, context.sc().getExecutorMemoryStatus().size() - 1), jobMs);
    spark.stop();
  }
}
