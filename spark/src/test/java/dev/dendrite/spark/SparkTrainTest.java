package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.io.Metadata;
import dev.dendrite.io.Weights;
import dev.dendrite.train.TrainerCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry: the trainer's flags, its exit statuses and its outputs. */
class SparkTrainTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SparkTrain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void trainsSavesEvaluatesAndPredicts() throws IOException {
    LocalSpark.session();
    Path train = dir.resolve("train.csv");
    Path test = dir.resolve("test.csv");
    Files.writeString(train, SyncEquivalenceTest.csv(120, 6, new Random(1)));
    Files.writeString(test, SyncEquivalenceTest.csv(40, 6, new Random(2)));
    Path saved = dir.resolve("model.safetensors");
    Path predictions = dir.resolve("predictions.parquet");

    int status = run("--model", SyncEquivalenceTest.TABULAR, "--train", train.toString(),
        "--test", test.toString(), "--epochs", "2", "--standardize", "--save", saved.toString(),
        "--predictions", predictions.toString());

    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, () -> err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("classes: a, b, c"), text);
    assertTrue(text.contains("Epoch 2/2"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("test loss: \\d\\.\\d{4} - accuracy: .*")),
        text);
    assertEquals(List.of("a", "b", "c"), Metadata.classNames(saved, Weights.metadata(saved)));
    List<Row> rows = LocalSpark.session().read().parquet(predictions.toString())
        .select("label", "prediction").collectAsList();
    assertEquals(40, rows.size());
    assertTrue(rows.stream().allMatch(r -> List.of("a", "b", "c").contains(r.getString(1))));
  }

  @Test
  void anUnknownModeIsAUsageError() {
    assertEquals(TrainerCli.BAD_INPUT, run("--model", SyncEquivalenceTest.TABULAR, "--train",
        "x.parquet", "--mode", "fast"));
    assertEquals("error: --mode fast: expected sync or average\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aModelClassNotOnTheClassPathIsNamed() {
    assertEquals(TrainerCli.BAD_INPUT, run("--model", "com.example.NoSuchNetwork", "--train",
        "x.parquet"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: --model no class "
        + "com.example.NoSuchNetwork on the class path"), err.toString(StandardCharsets.UTF_8));
  }
}
