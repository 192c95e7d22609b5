package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Evaluation;
import dev.dendrite.report.EpochLog;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Parameter averaging: each partition takes several local steps between exchanges; the model
 * still learns, with one exchange per round instead of one per step.
 */
class AveragingTest {

  @Test
  void localStepsWithPeriodicAveragingLearnWithFewerExchanges() {
    Dataset<Row> frame = frame(600, new Random(4));
    TrainingData data = TrainingData.of(frame, SparkModels_TabularNetwork.SPEC, null, "label",
        null, false, null);
    // 3 partitions of 200, local batches of 32 / 3 = 10: 20 local steps an epoch, 4 rounds of 5
    SparkTrainer averaging = new SparkTrainer(LocalSpark.context(),
        NetworkFactory.of(SyncEquivalenceTest.TABULAR, DataType.FLOAT),
        new SparkTrainer.Options(6, 32, 0.01, 7, SparkTrainer.Mode.AVERAGING, 5, null, null,
            List.of()), SyncEquivalenceTest.quiet());
    averaging.fit(data);

    assertEquals(24, averaging.cost().exchanges());
    assertEquals(6 * 20, averaging.network().optimizerSteps());
    List<EpochLog> history = averaging.history();
    assertTrue(history.get(5).value("loss") < 0.7 * history.get(0).value("loss"),
        history.toString());
    Evaluation trained = averaging.evaluate(data);
    assertTrue(trained.metric() > 0.65, trained.toString());
  }

  /** {@code rows} samples of three classes that the features separate, in three partitions. */
  static Dataset<Row> frame(int rows, Random random) {
    List<Row> list = new java.util.ArrayList<>();
    for (String line : SyncEquivalenceTest.csv(rows, 6, random).lines().skip(1).toList()) {
      String[] cells = line.split(",");
      Object[] values = new Object[7];
      for (int j = 0; j < 6; j++) {
        values[j] = Double.parseDouble(cells[j]);
      }
      values[6] = cells[6];
      list.add(org.apache.spark.sql.RowFactory.create(values));
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (int j = 0; j < 6; j++) {
      schema = schema.add("f" + j, org.apache.spark.sql.types.DataTypes.DoubleType);
    }
    schema = schema.add("label", org.apache.spark.sql.types.DataTypes.StringType);
    return LocalSpark.session().createDataFrame(LocalSpark.context().parallelize(list, 3),
        schema);
  }
}
