package dev.dendrite.spark;

import dev.dendrite.Dataset;
import dev.dendrite.ModelSpec;
import dev.dendrite.io.DataFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Writes a data file the model's Trainer reads (MNIST's IDX files, CSV) as Parquet with a
 * {@code features} array column and a {@code label} column, the class names as text: how the
 * MNIST files become data Spark reads. Runs in local mode and writes four files, in the input's
 * order, so that four tasks read them.
 *
 * <pre>ToParquet MODEL_CLASS INPUT OUTPUT_DIR [LABEL_COLUMN]</pre>
 */
public final class ToParquet {
  static final int FILES = 4;

  private ToParquet() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: ToParquet MODEL_CLASS INPUT OUTPUT_DIR [LABEL_COLUMN]");
      System.exit(2);
    }
    ModelSpec spec = NetworkFactory.of(args[0], DataType.FLOAT).create(0).spec();
    Dataset data = DataFiles.load(Path.of(args[1]), spec, args.length > 3 ? args[3] : null,
        List.of());
    if (data.classNames().isEmpty()) {
      System.err.println("ToParquet writes classification data; " + spec.name()
          + " is a regression model: read its CSV file with Spark directly");
      System.exit(2);
    }
    List<Row> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      float[] x = new float[data.featureSize()];
      for (int j = 0; j < x.length; j++) {
        x[j] = data.feature(i, j);
      }
      int c = 0;
      if (data.targetSize() == 1) {
        c = data.target(i, 0) >= 0.5f ? 1 : 0;
      } else {
        for (int j = 1; j < data.targetSize(); j++) {
          c = data.target(i, j) > data.target(i, c) ? j : c;
        }
      }
      rows.add(RowFactory.create(x, data.classNames().get(c)));
    }
    StructType schema = new StructType().add("features", TrainingData.featureArrayType(), false)
        .add("label", DataTypes.StringType, false);
    SparkSession spark = SparkSession.builder().master("local[1]").appName("ToParquet")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      spark.createDataFrame(context.parallelize(rows, FILES), schema).write()
          .mode(SaveMode.Overwrite).parquet(args[2]);
    } finally {
      spark.stop();
    }
    System.out.println("wrote " + data.size() + " samples to " + args[2]);
  }
}
