package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.runtime.TrainerCli;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report DIR}: the history, its plot, the confusion matrix and misclassified images. */
class TrainerReportTest {
  private static final String DATA = "data/tabular/";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
      '\n'};

  @TempDir Path dir;

  @Test
  void irisReportHoldsTheHistoryItsPlotAndTheConfusionMatrix() throws IOException {
    Path report = dir.resolve("report");
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", DATA + "iris-train.csv", "--test", DATA + "iris-test.csv", "--standardize",
        "--epochs", "5", "--report", report.toString());

    assertEquals(0, run.status(), run.err());
    List<String> history = Files.readAllLines(report.resolve("history.csv"));
    assertEquals("epoch,loss,accuracy,learning_rate", history.get(0));
    assertEquals(5, history.size() - 1, "one row per epoch");
    assertValidPng(report.resolve("history.png"));

    long[][] matrix = printedMatrix(run.out(), 3);
    long total = Arrays.stream(matrix).flatMapToLong(Arrays::stream).sum();
    long correct = matrix[0][0] + matrix[1][1] + matrix[2][2];
    assertEquals(30, total, "the test data's size");
    assertEquals(run.testMetric(), (double) correct / total, 5e-5, run.out());
    assertTrue(run.out().contains("                  setosa  versicolor   virginica\n"),
        run.out());
    assertEquals(run.out().substring(run.out().indexOf("Confusion matrix")),
        Files.readString(report.resolve("classification_report.txt")));
    List<String> csv = Files.readAllLines(report.resolve("confusion_matrix.csv"));
    assertEquals("true\\predicted,setosa,versicolor,virginica", csv.get(0));
    assertEquals("setosa," + matrix[0][0] + "," + matrix[0][1] + "," + matrix[0][2],
        csv.get(1));
    assertEquals(4, Files.readAllLines(report.resolve("class_scores.csv")).size());
    assertFalse(Files.exists(report.resolve("misclassified.png")), "Iris takes no images");
  }

  @Test
  void trainerPrintsTheSummaryBeforeTraining() {
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", DATA + "iris-train.csv", "--epochs", "1");

    assertEquals(0, run.status(), run.err());
    int summary = run.out().indexOf(IrisNetwork.SUMMARY);
    assertTrue(summary >= 0, run.out());
    assertTrue(summary < run.out().indexOf("Training Iris"), run.out());
    assertFalse(run.out().contains("Confusion matrix"), "only with --report");
  }

  @Test
  void mnistReportShowsTheMisclassifiedDigits() throws IOException {
    Path train = Mnist.writeIdx(dir, "small", Mnist.train(2000));
    Path test = Mnist.writeIdx(dir, "small-test", Mnist.test(300));
    Path report = dir.resolve("report");

    Trainers.Run run = Trainers.run(MnistMlpNetwork.SPEC, MnistMlpNetwork::new,
        "--train", train.toString(), "--test", test.toString(), "--epochs", "1",
        "--report=" + report);

    assertEquals(0, run.status(), run.err());
    long[][] matrix = printedMatrix(run.out(), 10);
    long correct = 0;
    for (int c = 0; c < 10; c++) {
      correct += matrix[c][c];
    }
    assertEquals(300, Arrays.stream(matrix).flatMapToLong(Arrays::stream).sum());
    assertEquals(run.testMetric(), correct / 300.0, 5e-5, run.out());
    assertTrue(correct < 300, "a one-epoch MLP misclassifies some digits");
    BufferedImage grid = assertValidPng(report.resolve("misclassified.png"));
    assertTrue(grid.getWidth() >= 8 * 28 && grid.getHeight() >= 28,
        grid.getWidth() + "x" + grid.getHeight());
    assertValidPng(report.resolve("history.png"));
  }

  @Test
  void binaryClassifierGetsATwoByTwoMatrix() {
    Trainers.Run run = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--train", DATA + "breast_cancer-train.csv", "--test", DATA + "breast_cancer-test.csv",
        "--standardize", "--epochs", "2", "--report", dir.resolve("report").toString());

    assertEquals(0, run.status(), run.err());
    long[][] matrix = printedMatrix(run.out(), 2);
    long total = matrix[0][0] + matrix[0][1] + matrix[1][0] + matrix[1][1];
    assertEquals(114, total, run.out());
    assertEquals(run.testMetric(), (double) (matrix[0][0] + matrix[1][1]) / total, 5e-5);
  }

  @Test
  void withoutTestDataTheMatrixIsOnTheValidationData() {
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", DATA + "iris-train.csv", "--validation-split", "0.25", "--epochs", "2",
        "--report", dir.resolve("report").toString());

    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("Confusion matrix on 30 validation samples"), run.out());
    assertEquals(30, Arrays.stream(printedMatrix(run.out(), 3)).flatMapToLong(Arrays::stream)
        .sum());
  }

  @Test
  void regressionReportHasTheHistoryOnly() throws IOException {
    Path report = dir.resolve("report");
    Trainers.Run run = Trainers.run(DiabetesNetwork.SPEC, DiabetesNetwork::new,
        "--train", DATA + "diabetes-train.csv", "--test", DATA + "diabetes-test.csv",
        "--standardize", "--epochs", "2", "--report", report.toString());

    assertEquals(0, run.status(), run.err());
    assertEquals("epoch,loss,mae,learning_rate",
        Files.readAllLines(report.resolve("history.csv")).get(0));
    assertValidPng(report.resolve("history.png"));
    try (var files = Files.list(report)) {
      assertEquals(List.of("history.csv", "history.png"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertFalse(run.out().contains("Confusion matrix"), run.out());
  }

  @Test
  void reportThatIsAFileIsAUsageError() throws IOException {
    Path file = Files.writeString(dir.resolve("report"), "not a directory");

    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", DATA + "iris-train.csv", "--report", file.toString());

    assertEquals(TrainerCli.BAD_INPUT, run.status());
    assertTrue(run.err().startsWith("error: --report " + file + " is a file, not a directory"),
        run.err());
    assertEquals("not a directory", Files.readString(file));
  }

  private static BufferedImage assertValidPng(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertTrue(bytes.length > PNG_SIGNATURE.length, file + " is empty");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), file.toString());
    BufferedImage image = ImageIO.read(file.toFile());
    assertTrue(image.getWidth() > 0 && image.getHeight() > 0, file.toString());
    return image;
  }

  /** The counts of the printed confusion matrix: the last {@code k} numbers of its rows. */
  static long[][] printedMatrix(String out, int k) {
    List<String> lines = out.lines().toList();
    int start = 0;
    while (!lines.get(start).startsWith("Confusion matrix on ")) {
      start++;
    }
    long[][] matrix = new long[k][k];
    for (int t = 0; t < k; t++) {
      String[] cells = lines.get(start + 2 + t).trim().split(" +");
      for (int p = 0; p < k; p++) {
        matrix[t][p] = Long.parseLong(cells[cells.length - k + p]);
      }
    }
    return matrix;
  }
}
