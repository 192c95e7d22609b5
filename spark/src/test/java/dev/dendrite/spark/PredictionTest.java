package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Standardization;
import dev.dendrite.io.Weights;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Predictions on a DataFrame are those of {@link Network#predict} on the same rows. */
class PredictionTest {
  @TempDir Path dir;

  @Test
  void probabilitiesAndClassesAreThoseOfNetworkPredict() {
    // 700 rows in 3 partitions: full batches of 256 and partial ones
    Dataset<Row> frame = AveragingTest.frame(700, new Random(9));
    Network network = new SparkModels_TabularNetwork(13);
    Standardization scale = new Standardization(new float[] {0.1f, -0.2f, 0, 0.3f, 0, 0},
        new float[] {1.5f, 0.5f, 1, 2, 1, 1});
    List<String> classes = List.of("a", "b", "c");

    List<Row> rows = SparkPredictor.of(network, NetworkFactory.of(SyncEquivalenceTest.TABULAR,
        DataType.FLOAT), classes, scale).predict(frame, null, "label").collectAsList();

    List<Row> input = frame.collectAsList();
    assertEquals(input.size(), rows.size());
    INDArray x = Nd4j.create(DataType.FLOAT, input.size(), 6);
    for (int i = 0; i < input.size(); i++) {
      for (int j = 0; j < 6; j++) {
        x.putScalar(i, j, ((float) input.get(i).getDouble(j) - scale.mean()[j])
            / scale.std()[j]);
      }
    }
    INDArray expected = network.predict(x);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertEquals(input.get(i).getString(6), row.getString(6), "the input columns are kept");
      List<Object> p = row.getList(row.fieldIndex("probability"));
      int best = 0;
      for (int c = 0; c < 3; c++) {
        assertEquals(expected.getFloat(i, c), (Float) p.get(c), 1e-6, "row " + i);
        best = expected.getFloat(i, c) > expected.getFloat(i, best) ? c : best;
      }
      assertEquals(classes.get(best), row.getString(row.fieldIndex("prediction")), "row " + i);
    }
  }

  @Test
  void aSavedWeightsFileBringsItsClassesAndStatistics() {
    Network network = new SparkModels_BinaryNetwork(3);
    Standardization scale = new Standardization(new float[] {0, 1, 0, 0},
        new float[] {1, 2, 1, 1});
    Path file = dir.resolve("binary.safetensors");
    Weights.save(network, file, Metadata.of(network.spec().name(), List.of("no", "yes"),
        scale));
    List<Row> list = List.of(org.apache.spark.sql.RowFactory.create(new float[] {1, 2, 3, 4}),
        org.apache.spark.sql.RowFactory.create(new float[] {-1, 0, 0.5f, 2}));
    Dataset<Row> frame = LocalSpark.session().createDataFrame(list,
        new org.apache.spark.sql.types.StructType().add("x", TrainingData.featureArrayType()));

    List<Row> rows = SparkPredictor.load(NetworkFactory.of(
        "dev.dendrite.spark.SparkModels_BinaryNetwork", DataType.FLOAT), file)
        .predict(frame, "x", null).collectAsList();

    for (int i = 0; i < 2; i++) {
      float[] sample = ((float[]) list.get(i).get(0)).clone();
      for (int j = 0; j < 4; j++) {
        sample[j] = (sample[j] - scale.mean()[j]) / scale.std()[j];
      }
      float q = network.predict(sample)[0];
      assertEquals(q, rows.get(i).getFloat(2), 1e-6);
      assertEquals(q >= 0.5f ? "yes" : "no", rows.get(i).getString(1));
    }
  }

  @Test
  void aColumnNamedPredictionIsNotOverwritten() {
    Dataset<Row> frame = AveragingTest.frame(10, new Random(1))
        .withColumnRenamed("label", "prediction");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        SparkPredictor.of(new SparkModels_TabularNetwork(1), NetworkFactory.of(
            SyncEquivalenceTest.TABULAR, DataType.FLOAT), List.of("a", "b", "c"), null)
            .predict(frame, null, "prediction"));
    assertTrue(e.getMessage().contains("has a column 'prediction' already"), e.getMessage());
  }
}
