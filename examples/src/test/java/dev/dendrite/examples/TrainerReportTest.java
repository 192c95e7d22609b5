package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Network;
import dev.dendrite.io.Weights;
import dev.dendrite.train.TrainerCli;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    Dataset testData = Mnist.test(300);
    Path train = Mnist.writeIdx(dir, "small", Mnist.train(2000));
    Path test = Mnist.writeIdx(dir, "small-test", testData);
    Path report = dir.resolve("report");
    Path weights = dir.resolve("mlp.safetensors");

    Trainers.Run run = Trainers.run(MnistMlpNetwork.SPEC, MnistMlpNetwork::new,
        "--train", train.toString(), "--test", test.toString(), "--epochs", "1",
        "--report=" + report, "--save", weights.toString());

    assertEquals(0, run.status(), run.err());
    long[][] matrix = printedMatrix(run.out(), 10);
    long correct = 0;
    for (int c = 0; c < 10; c++) {
      correct += matrix[c][c];
    }
    assertEquals(300, Arrays.stream(matrix).flatMapToLong(Arrays::stream).sum());
    assertEquals(run.testMetric(), correct / 300.0, 5e-5, run.out());
    assertTrue(correct < 300, "a one-epoch MLP misclassifies some digits");
    assertValidPng(report.resolve("history.png"));

    // the saved weights' mistakes, in test order, are the grid's images
    Network network = new MnistMlpNetwork();
    Weights.load(network, weights);
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < testData.size(); i++) {
      if (network.predictClass(Mnist.pixels(testData, i)) != Mnist.label(testData, i)) {
        wrong.add(i);
      }
    }
    assertEquals(300 - correct, wrong.size());
    List<int[]> shown = cellImages(assertValidPng(report.resolve("misclassified.png")));
    assertEquals(Math.min(64, wrong.size()), shown.size(), "one image per mistake");
    for (int k = 0; k < shown.size(); k++) {
      float[] pixels = Mnist.pixels(testData, wrong.get(k));
      int[] expected = new int[784];
      for (int j = 0; j < 784; j++) {
        expected[j] = Math.round(pixels[j] * 255);
      }
      assertArrayEquals(expected, shown.get(k), "image " + k + ": test digit " + wrong.get(k));
    }
  }

  /**
   * The 28x28 grey levels of each image in a misclassified-images grid, row by row: an image is
   * drawn three times enlarged inside a light grey frame of 86x86 pixels.
   */
  private static List<int[]> cellImages(BufferedImage grid) {
    int frame = Color.LIGHT_GRAY.getRGB();
    List<int[]> cells = new ArrayList<>();
    for (int y = 0; y + 86 <= grid.getHeight(); y++) {
      for (int x = 0; x + 86 <= grid.getWidth(); x++) {
        if (!isFrameCorner(grid, x, y, frame)) {
          continue;
        }
        int[] levels = new int[784];
        for (int r = 0; r < 28; r++) {
          for (int c = 0; c < 28; c++) {
            int rgb = grid.getRGB(x + 2 + 3 * c, y + 2 + 3 * r);
            assertEquals(rgb & 0xff, rgb >> 16 & 0xff, "grey");
            levels[r * 28 + c] = rgb & 0xff;
          }
        }
        cells.add(levels);
      }
    }
    return cells;
  }

  private static boolean isFrameCorner(BufferedImage grid, int x, int y, int frame) {
    for (int i = 0; i < 86; i++) {
      if (grid.getRGB(x + i, y) != frame || grid.getRGB(x, y + i) != frame) {
        return false;
      }
    }
    return true;
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
