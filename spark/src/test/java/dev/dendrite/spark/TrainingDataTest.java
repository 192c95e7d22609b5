package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.DataException;
import dev.dendrite.io.DataFiles;
import dev.dendrite.io.Standardization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label mapping and statistics computed by Spark are the single-machine trainer's. */
class TrainingDataTest {
  @TempDir Path dir;

  @Test
  void standardizationAndClassesMatchTheSingleMachineTrainers() throws IOException {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, SyncEquivalenceTest.csv(200, 6, new Random(3)));
    Dataset<Row> frame = LocalSpark.session().read().option("header", "true")
        .option("inferSchema", "true").csv(csv.toString()).repartition(3);

    TrainingData data = TrainingData.of(frame, SparkModels_TabularNetwork.SPEC, null, "label",
        null, true, null);

    dev.dendrite.Dataset local = DataFiles.load(csv, SparkModels_TabularNetwork.SPEC, "label",
        List.of());
    Standardization expected = Standardization.of(local);
    assertEquals(local.classNames(), data.classNames());
    assertArrayEquals(expected.mean(), data.standardization().mean(), 1e-6f);
    assertArrayEquals(expected.std(), data.standardization().std(), 1e-6f);
    assertEquals(200, data.size());
  }

  @Test
  void numericLabelsAreNumberedAsTheTrainerNumbersThem() {
    assertEquals(List.of("0", "1", "2"), TrainingData.classNames(rows(2, 0, 1), 3, "y"));
    assertEquals(List.of("2", "10"), TrainingData.classNames(rows(10, 2), 2, "y"));
    assertEquals(List.of("0", "1", "2"), TrainingData.classNames(rows(2, 1), 3, "y"));
    assertEquals(List.of("1", "5"), TrainingData.classNames(rows(5, 1), 2, "y"));
    assertEquals(List.of("cat", "dog"), TrainingData.classNames(rows("dog", "cat"), 2, "y"));
    DataException e = assertThrows(DataException.class,
        () -> TrainingData.classNames(rows(0, 1, 2, 3), 3, "y"));
    assertTrue(e.getMessage().contains("column 'y' holds 4 distinct labels"), e.getMessage());
  }

  @Test
  void anEmptyFeatureNamesItsRowAndColumn() {
    Dataset<Row> frame = AveragingTest.frame(1, new Random(1));
    TrainingData.Columns columns = TrainingData.Columns.of(frame,
        SparkModels_TabularNetwork.SPEC, null, "label");
    Row row = RowFactory.create(1.0, null, 3.0, 4.0, 5.0, 6.0, "b");
    DataException e = assertThrows(DataException.class,
        () -> columns.features(row, 17, new float[6], 0));
    assertEquals("row 17: column 'f1' is empty (null); drop or fill missing values before "
        + "training (DataFrame.na())", e.getMessage());
  }

  @Test
  void aWrongFeatureCountSaysWhatTheModelTakes() {
    Dataset<Row> frame = AveragingTest.frame(5, new Random(1)).drop("f5");
    DataException e = assertThrows(DataException.class, () -> TrainingData.of(frame,
        SparkModels_TabularNetwork.SPEC, null, "label", null, false, null));
    assertEquals("the DataFrame has 5 feature columns but " + SparkModels_TabularNetwork.SPEC.name()
        + " takes 6 features (input 6), with 'label' as the label", e.getMessage());
  }

  private static List<Row> rows(Object... labels) {
    return java.util.Arrays.stream(labels).map(RowFactory::create).toList();
  }
}
