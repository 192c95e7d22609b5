package dev.dendrite.examples;

import static dev.dendrite.examples.CleanErrors.assertCleanError;
import static dev.dendrite.runtime.TrainerCli.BAD_INPUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.runtime.TrainerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The callback, history and weights flags of a generated trainer, end to end. */
class TrainerFlagsEndToEndTest {
  private static final String TRAIN = "data/tabular/iris-train.csv";
  private static final String TEST = "data/tabular/iris-test.csv";

  @TempDir Path dir;

  static Trainers.Run iris(String... args) {
    return Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, args);
  }

  @Test
  void historyCsvLogsEveryEpochWithItsLearningRateAndReduceLrReducesIt() throws IOException {
    Path history = dir.resolve("history.csv");
    // every epoch but the first fails to improve the loss by 1: patience 0 reduces each time
    Trainers.Run run = iris("--train", TRAIN, "--epochs", "4", "--validation-split", "0.25",
        "--reduce-lr-monitor", "loss", "--reduce-lr-patience", "0", "--reduce-lr-min-delta", "1",
        "--history-csv", history.toString());

    CheckpointTest.assertOk(run);
    List<String> rows = Files.readAllLines(history);
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate", rows.get(0));
    assertEquals(5, rows.size());
    assertTrue(rows.get(1).startsWith("0,") && rows.get(1).endsWith(",0.01"), rows.get(1));
    assertTrue(rows.get(2).endsWith(",0.01"), rows.get(2));
    assertTrue(rows.get(3).endsWith(",0.001"), rows.get(3));
    assertTrue(rows.get(4).endsWith(",1.0E-4"), rows.get(4));
    assertTrue(run.out().contains("Epoch 2: ReduceLROnPlateau reducing learning rate to 0.001."),
        run.out());
  }

  @Test
  void earlyStoppingStopsTraining() throws IOException {
    Path history = dir.resolve("history.csv");
    Trainers.Run run = iris("--train", TRAIN, "--epochs", "50", "--early-stopping-monitor",
        "accuracy", "--early-stopping-min-delta", "1", "--early-stopping-patience", "2",
        "--history-csv", history.toString());

    CheckpointTest.assertOk(run);
    assertTrue(run.out().contains("Epoch 3: early stopping"), run.out());
    assertEquals(4, Files.readAllLines(history).size(), "the header and three epochs");
  }

  @Test
  void savedWeightsEvaluateWithoutTheTrainingData() {
    Path weights = dir.resolve("iris.safetensors");
    Trainers.Run trained = iris("--train", TRAIN, "--test", TEST, "--standardize", "--epochs",
        "20", "--save", weights.toString());
    CheckpointTest.assertOk(trained);

    Trainers.Run evaluated = iris("--load", weights.toString(), "--epochs", "0", "--test", TEST,
        "--standardize");

    CheckpointTest.assertOk(evaluated);
    assertTrue(evaluated.out().startsWith("Evaluating Iris (131 parameters) loaded from "
        + weights + " on 30 samples\n"), evaluated.out());
    assertEquals(testLine(trained), testLine(evaluated), "the class names and the "
        + "standardization come from the file");
  }

  @Test
  void evaluatingStandardizedWeightsWithoutStandardizingIsRefused() {
    Path weights = dir.resolve("iris.safetensors");
    CheckpointTest.assertOk(iris("--train", TRAIN, "--standardize", "--epochs", "1", "--save",
        weights.toString()));

    assertCleanError(iris("--load", weights.toString(), "--epochs", "0", "--test", TEST),
        BAD_INPUT, weights, "the weights were trained on standardized features; add "
            + "--standardize");
  }

  @Test
  void loadedWeightsAreTrainedFurther() {
    Path weights = dir.resolve("iris.safetensors");
    CheckpointTest.assertOk(iris("--train", TRAIN, "--standardize", "--epochs", "30", "--save",
        weights.toString()));

    Trainers.Run fresh = iris("--train", TRAIN, "--test", TEST, "--standardize", "--epochs",
        "0");
    Trainers.Run loaded = iris("--train", TRAIN, "--test", TEST, "--standardize", "--epochs",
        "0", "--load", weights.toString());

    assertTrue(loaded.testMetric() > fresh.testMetric() + 0.2,
        "trained weights beat random ones: " + loaded.out() + fresh.out());
  }

  @Test
  void weightsWithOtherClassNamesAreRefused() throws IOException {
    Path weights = dir.resolve("iris.safetensors");
    CheckpointTest.assertOk(iris("--train", TRAIN, "--epochs", "1", "--save",
        weights.toString()));
    Path renamed = dir.resolve("renamed.csv");
    Files.writeString(renamed, Files.readString(Path.of(TRAIN)).replace("setosa", "rosa"));

    assertCleanError(iris("--train", renamed.toString(), "--load", weights.toString()),
        BAD_INPUT, weights, "the weights were trained with the classes [setosa, versicolor, "
            + "virginica] but " + renamed + " has [rosa, versicolor, virginica]");
  }

  @Test
  void outputsThatCannotBeWrittenAreRefusedBeforeTraining() throws IOException {
    Path save = dir.resolve("missing/dir/w.safetensors");
    Trainers.Run run = iris("--train", TRAIN, "--save", save.toString());
    assertEquals(BAD_INPUT, run.status());
    assertTrue(run.err().startsWith("error: --save " + save + ": the directory "), run.err());
    assertTrue(!run.out().contains("Epoch"), run.out());

    Path file = Files.writeString(dir.resolve("file"), "x");
    Trainers.Run checkpoint = iris("--train", TRAIN, "--checkpoint", file.resolve("ck")
        .toString(), "--epochs", "1");
    assertEquals(TrainerCli.CANNOT_WRITE, checkpoint.status());
    assertTrue(checkpoint.err().startsWith("error: cannot create the checkpoint directory "
        + file.resolve("ck")), checkpoint.err());
  }

  private static String testLine(Trainers.Run run) {
    return run.out().lines().filter(l -> l.startsWith("test loss")).findFirst().orElseThrow();
  }
}
