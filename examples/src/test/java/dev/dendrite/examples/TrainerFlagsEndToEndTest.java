package dev.dendrite.examples;

import static dev.dendrite.examples.CleanErrors.assertCleanError;
import static dev.dendrite.train.TrainerCli.BAD_INPUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Network;
import dev.dendrite.io.DataFiles;
import dev.dendrite.io.Weights;
import dev.dendrite.report.Evaluator;
import dev.dendrite.train.TrainerCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    assertTrue(run.out().contains("Epoch 3: early stopping: accuracy did not improve by more "
        + "than 1 for 2 epochs (patience 2); the best was "), run.out());
    assertTrue(run.out().contains(" at epoch 1; the last epoch's weights are kept\n"), run.out());
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

  /**
   * Every output location is checked before the first epoch: one line naming the flag and the
   * path, the usage exit status, no training.
   */
  @Test
  void outputsThatCannotBeWrittenAreRefusedBeforeTraining() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    String[][] outputs = {{"--save", "w.safetensors"}, {"--save", "w.weights.h5"},
        {"--history-csv", "history.csv"}, {"--report", "report"}, {"--checkpoint", "ck"}};
    for (String[] output : outputs) {
      Path under = file.resolve("sub").resolve(output[1]);
      Trainers.Run run = iris("--train", TRAIN, "--epochs", "1", output[0], under.toString());
      String what = output[0] + ": " + run.err();
      assertEquals(BAD_INPUT, run.status(), what);
      assertTrue(run.err().startsWith("error: " + output[0] + " " + under + ": " + file
          + " is a file, not a directory\n"), what);
      assertFalse(run.out().contains("Epoch"), what);
    }

    Trainers.Run save = iris("--train", TRAIN, "--save", dir.toString());
    assertEquals(BAD_INPUT, save.status());
    assertTrue(save.err().startsWith("error: --save " + dir + " is a directory; give a file "
        + "name\n"), save.err());
    assertFalse(save.out().contains("Epoch"), save.out());

    Trainers.Run checkpoint = iris("--train", TRAIN, "--epochs", "1", "--checkpoint",
        file.toString());
    assertEquals(BAD_INPUT, checkpoint.status());
    assertTrue(checkpoint.err().startsWith("error: --checkpoint " + file + " is a file, not a "
        + "directory\n"), checkpoint.err());
  }

  /** All four outputs create their missing folders, alike. */
  @Test
  void outputsCreateTheirMissingFolders() throws IOException {
    Path save = dir.resolve("a/b/w.safetensors");
    Path history = dir.resolve("c/d/history.csv");
    Path report = dir.resolve("e/f/report");
    Path checkpoint = dir.resolve("g/h/ck");
    CheckpointTest.assertOk(iris("--train", TRAIN, "--epochs", "1", "--save", save.toString(),
        "--history-csv", history.toString(), "--report", report.toString(), "--checkpoint",
        checkpoint.toString()));

    Weights.load(new IrisNetwork(1), save);
    assertEquals(2, Files.readAllLines(history).size(), "the header and one epoch");
    assertTrue(Files.isDirectory(report), "report");
    assertTrue(Files.isRegularFile(checkpoint.resolve("checkpoint.json")), "checkpoint");
  }

  @Test
  void seedChangesTheRunAndTheSameSeedRepeatsIt() throws IOException {
    Path[] weights = new Path[4];
    String[][] seeds = {{}, {"--seed", "42"}, {"--seed", "43"}, {"--seed", "43"}};
    for (int i = 0; i < seeds.length; i++) {
      weights[i] = dir.resolve("w" + i + ".safetensors");
      List<String> args = new ArrayList<>(List.of("--train", TRAIN, "--epochs", "2", "--save",
          weights[i].toString()));
      args.addAll(List.of(seeds[i]));
      CheckpointTest.assertOk(iris(args.toArray(String[]::new)));
    }

    assertEquals(42, IrisNetwork.SPEC.seed(), "the model's seed is the default");
    assertArrayEquals(Files.readAllBytes(weights[0]), Files.readAllBytes(weights[1]));
    assertArrayEquals(Files.readAllBytes(weights[2]), Files.readAllBytes(weights[3]));
    assertFalse(Arrays.equals(Files.readAllBytes(weights[1]), Files.readAllBytes(weights[2])),
        "--seed 43 trains other weights than 42");
  }

  /**
   * With {@code --checkpoint-best-only} the checkpoint is the last epoch whose monitored
   * quantity beat every earlier one: training loss and validation accuracy pick other epochs
   * (10 and 6). CheckpointTest covers the default, val_loss.
   */
  @Test
  void checkpointMonitorChoosesTheQuantityThatDecidesWhatIsKept() throws IOException {
    Map<String, Integer> kept = new HashMap<>();
    for (String monitor : List.of("loss", "val_accuracy")) {
      Path checkpoint = dir.resolve("ck-" + monitor);
      Path history = dir.resolve(monitor + ".csv");
      CheckpointTest.assertOk(iris("--train", TRAIN, "--validation-split", "0.25", "--epochs",
          "10", "--checkpoint", checkpoint.toString(), "--checkpoint-best-only",
          "--checkpoint-monitor", monitor, "--history-csv", history.toString()));

      int epoch = CheckpointTest.checkpointEpoch(checkpoint);
      assertEquals(lastImprovement(history, monitor, monitor.endsWith("accuracy")), epoch,
          monitor + ": " + Files.readString(history));
      kept.put(monitor, epoch);
    }

    assertNotEquals(kept.get("loss"), kept.get("val_accuracy"), kept.toString());
  }

  /** The epoch (from 1) of the last value in {@code column} that beat all before it. */
  private static int lastImprovement(Path history, String column, boolean maximize)
      throws IOException {
    List<String> rows = Files.readAllLines(history);
    int index = List.of(rows.get(0).split(",")).indexOf(column);
    double best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    int last = 0;
    for (int r = 1; r < rows.size(); r++) {
      double value = Double.parseDouble(rows.get(r).split(",")[index]);
      if (maximize ? value > best : value < best) {
        best = value;
        last = r;
      }
    }
    return last;
  }

  /** The last quarter of the file's rows, not a random quarter, is what val_ measures. */
  @Test
  void validationSplitHoldsBackTheLastFraction() {
    Path weights = dir.resolve("w.safetensors");
    Trainers.Run run = iris("--train", TRAIN, "--validation-split", "0.25", "--epochs", "2",
        "--save", weights.toString());
    CheckpointTest.assertOk(run);
    assertTrue(run.out().contains("on 90 samples, validating on 30"), run.out());

    Dataset all = DataFiles.load(Path.of(TRAIN), IrisNetwork.SPEC, null, List.of());
    Network trained = new IrisNetwork();
    Weights.load(trained, weights);
    String lastEpoch = run.out().lines().filter(l -> l.contains("val_loss: ")).reduce(
        (a, b) -> b).orElseThrow();
    String last = validation(Evaluator.evaluate(trained, all.slice(90, 120)));
    String first = validation(Evaluator.evaluate(trained, all.slice(0, 30)));

    assertTrue(lastEpoch.endsWith(last), lastEpoch + " measures rows 91-120: " + last);
    assertNotEquals(last, first, "the first rows would measure otherwise");
  }

  @Test
  void aValidationSplitThatLeavesLessThanABatchIsWarnedAbout() {
    Trainers.Run run = iris("--train", TRAIN, "--validation-split", "0.999", "--epochs", "1",
        "--batch-size", "16");
    CheckpointTest.assertOk(run);
    assertTrue(run.out().contains("on 1 sample, validating on 119: 1 epoch, batch 16"),
        run.out());
    assertTrue(run.err().contains("warning: --validation-split 0.999 of 120 samples leaves 1 "
        + "training sample, fewer than one batch (16): every epoch is one step\n"), run.err());
    assertFalse(iris("--train", TRAIN, "--validation-split", "0.25", "--epochs", "1")
        .err().contains("warning"), "a split that leaves a batch says nothing");
  }

  private static String validation(Evaluation e) {
    return String.format(Locale.ROOT, "val_loss: %.4f - val_accuracy: %.4f", e.loss(),
        e.metric());
  }

  /**
   * Outputs checked before training but made unwritable once it runs (their directory replaced
   * by a file at the first step): exit status 4 with one line naming the file and where the
   * weights trained so far are kept, after training.
   */
  @Test
  void outputsThatBecomeUnwritableDuringTrainingExitWithFour() throws IOException {
    Path out = dir.resolve("out");
    String[][] outputs = {{"--save", "w.safetensors"}, {"--save", "w.weights.h5"},
        {"--history-csv", "history.csv"}, {"--report", "report"}};
    for (String[] output : outputs) {
      String flag = output[0];
      Path file = out.resolve(output[1]);
      Files.createDirectories(out);
      Runnable replaceDirectoryByFile = () -> {
        try {
          Files.delete(out);
          Files.writeString(out, "not a directory");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };

      Trainers.Run run = Trainers.run(IrisNetwork.SPEC,
          StepHook.beforeStep(IrisNetwork::new, 1, replaceDirectoryByFile),
          "--train", TRAIN, "--test", TEST, "--epochs", "2", flag, file.toString());

      String what = flag + " " + file + ": " + run.err() + run.out();
      assertEquals(TrainerCli.CANNOT_WRITE, run.status(), what);
      String reason = flag.equals("--report") ? "cannot create the report directory " + file + ": "
          : "cannot write " + file + ": ";
      assertTrue(run.err().startsWith("error: " + reason), what);
      assertEquals(1, run.err().lines().count(), what);
      assertFalse(run.err().contains("Exception"), what);
      assertTrue(run.out().contains("Epoch 1/2"), what);
      assertFalse(run.out().contains("test loss"), what);
      // the weights are not lost: after the history of epoch 1, or trained to the end
      String kept = flag.equals("--history-csv") ? "the weights after epoch 1 are kept in "
          : flag.equals("--report") ? "the weights after epoch 2 are kept in "
          : "the trained weights are kept in ";
      assertTrue(run.err().contains("; " + kept), what);
      Path weights = Path.of(run.err().substring(run.err().indexOf(kept) + kept.length()).strip());
      assertTrue(weights.getFileName().toString().startsWith(IrisNetwork.SPEC.name() + "-"), what);
      assertTrue(weights.toString().endsWith(".safetensors"), what);
      Network network = new IrisNetwork(1);
      Weights.load(network, weights);
      Files.delete(weights);
      Files.delete(out);
    }
  }

  private static String testLine(Trainers.Run run) {
    return run.out().lines().filter(l -> l.startsWith("test loss")).findFirst().orElseThrow();
  }
}
