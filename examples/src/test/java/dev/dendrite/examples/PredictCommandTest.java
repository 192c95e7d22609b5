package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Network;
import dev.dendrite.io.Weights;
import dev.dendrite.report.Evaluator;
import dev.dendrite.train.TrainerCli;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code <Name>Trainer predict --load FILE INPUT...} on images and CSV rows. */
class PredictCommandTest {
  private static final String DATA = "data/tabular/";
  private static final Pattern ANSWER = Pattern.compile("(?m)^(.+): the answer is (\\S+)$");

  @TempDir static Path shared;
  private static Path mnistWeights;
  private static Dataset digits;

  @TempDir Path dir;

  /** A few hundred steps of the MNIST MLP, saved as the trainer's --save would. */
  @BeforeAll
  static void trainMnist() {
    Dataset train = Mnist.train(3000);
    digits = Mnist.test(10);
    Network network = new MnistMlpNetwork(1);
    INDArray x = Nd4j.create(DataType.FLOAT, 32, 784);
    INDArray y = Nd4j.create(DataType.FLOAT, 32, 10);
    for (int from = 0; from + 32 <= train.size(); from += 32) {
      train.copyBatch(null, from, 32, x, y);
      network.fit(x, y);
    }
    mnistWeights = shared.resolve("mnist.safetensors");
    Weights.save(network, mnistWeights);
  }

  private static Trainers.Run mnist(String... args) {
    return Trainers.run(MnistMlpNetwork.SPEC, MnistMlpNetwork::new, args);
  }

  private static float[] digit(int i) {
    float[] pixels = new float[784];
    for (int j = 0; j < 784; j++) {
      pixels[j] = digits.feature(i, j);
    }
    return pixels;
  }

  private static int label(int i) {
    for (int c = 0; c < 10; c++) {
      if (digits.target(i, c) == 1) {
        return c;
      }
    }
    throw new AssertionError();
  }

  /** The digit as an image {@code scale} times larger, light on dark or (inverted) dark on light. */
  private Path png(String name, float[] pixels, int scale, boolean darkOnLight)
      throws IOException {
    BufferedImage image = new BufferedImage(28 * scale, 28 * scale,
        BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28 * scale; y++) {
      for (int x = 0; x < 28 * scale; x++) {
        int level = Math.round(pixels[(y / scale) * 28 + x / scale] * 255);
        image.getRaster().setSample(x, y, 0, darkOnLight ? 255 - level : level);
      }
    }
    Path file = dir.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void pngOfATestDigitGetsTheNetworksAnswerAndProbabilities() throws IOException {
    float[] pixels = digit(0);
    Path file = png("digit.png", pixels, 1, false);
    Network network = new MnistMlpNetwork();
    Weights.load(network, mnistWeights);
    float[] p = network.predict(pixels);
    int answer = network.predictClass(pixels);
    assertEquals(label(0), answer, "the first test digit, a 7, is learnt in one pass");

    Trainers.Run run = mnist("predict", "--load", mnistWeights.toString(), file.toString());

    assertEquals(0, run.status(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(file + ": the answer is " + answer, lines.get(0));
    assertEquals(String.format(Locale.ROOT, "  %d: %.4f", answer, p[answer]), lines.get(1));
    assertEquals(4, lines.size(), "the answer and the three most probable digits");
  }

  /**
   * An image model end to end through its command line: Keras' convnet trained from IDX files,
   * then {@code predict} on PNGs answers as the saved weights do.
   */
  @Test
  void convnetTrainedFromIdxFilesPredictsImages() throws IOException {
    Path train = Mnist.writeIdx(dir, "train", Mnist.train(1000));
    Dataset testData = Mnist.test(200);
    Path test = Mnist.writeIdx(dir, "t10k", testData);
    Path weights = dir.resolve("convnet.safetensors");

    Trainers.Run trained = Trainers.run(MnistConvnetNetwork.SPEC, MnistConvnetNetwork::new,
        "--train", train.toString(), "--test", test.toString(), "--epochs", "1",
        "--batch-size", "32", "--save", weights.toString());

    assertEquals(0, trained.status(), trained.err());
    assertTrue(trained.out().contains("on 1,000 samples: 1 epoch, batch 32"), trained.out());
    Network network = new MnistConvnetNetwork();
    Weights.load(network, weights);
    assertTrue(trained.out().contains("\ntest " + Evaluator.evaluate(network, testData) + "\n"),
        "the IDX test file holds the digits: " + trained.out());
    // --seed 42 (the model's) and 1-3 give 0.750, 0.760, 0.715, 0.695; chance is 0.1
    assertTrue(trained.testMetric() >= 0.5, trained.out());

    List<String> args = new ArrayList<>(List.of("predict", "--load", weights.toString()));
    for (int i = 0; i < 4; i++) {
      args.add(png("digit" + i + ".png", Mnist.pixels(testData, i), 2, i % 2 == 1).toString());
    }
    Trainers.Run run = Trainers.run(MnistConvnetNetwork.SPEC, MnistConvnetNetwork::new,
        args.toArray(String[]::new));

    assertEquals(0, run.status(), run.err());
    Matcher answer = ANSWER.matcher(run.out());
    for (int i = 0; i < 4; i++) {
      assertTrue(answer.find(), run.out());
      float[] pixels = Mnist.pixels(testData, i);
      assertEquals(dir.resolve("digit" + i + ".png").toString(), answer.group(1));
      assertEquals(String.valueOf(network.predictClass(pixels)), answer.group(2), run.out());
    }
  }

  @Test
  void largerDarkOnLightImageIsResizedAndInverted() throws IOException {
    Path plain = png("plain.png", digit(1), 1, false);
    Path scan = png("scan.png", digit(1), 3, true);

    Trainers.Run run = mnist("predict", "--load", mnistWeights.toString(), plain.toString(),
        scan.toString());
    Trainers.Run kept = mnist("predict", "--no-invert", "--load", mnistWeights.toString(),
        scan.toString());

    assertEquals(0, run.status(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(8, lines.size(), run.out());
    assertEquals(lines.get(0).replace(plain.toString(), scan.toString()), lines.get(4));
    assertEquals(lines.subList(1, 4), lines.subList(5, 8), "the same probabilities");
    assertEquals(0, kept.status(), kept.err());
    assertFalse(kept.out().equals(run.out().substring(run.out().indexOf(scan.toString()))),
        "--no-invert feeds the dark-on-light digit as it is");
  }

  @Test
  void csvRowsAreAnsweredWithTheSavedClassNamesAndStandardization() throws IOException {
    Path weights = dir.resolve("iris.safetensors");
    Trainers.Run trained = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", DATA + "iris-train.csv", "--test", DATA + "iris-test.csv", "--standardize",
        "--epochs", "20", "--save", weights.toString());
    assertEquals(0, trained.status(), trained.err());
    List<String> rows = Files.readAllLines(Path.of(DATA + "iris-test.csv"));
    Path features = dir.resolve("features.csv");
    Files.writeString(features, String.join("\n", rows.subList(0, 3).stream()
        .map(r -> r.substring(0, r.lastIndexOf(','))).toList()) + "\n");

    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "predict", "--load", weights.toString(), DATA + "iris-test.csv", features.toString());

    assertEquals(0, run.status(), run.err());
    Matcher m = ANSWER.matcher(run.out());
    List<String> answers = new java.util.ArrayList<>();
    while (m.find()) {
      answers.add(m.group(2));
    }
    assertEquals(32, answers.size(), "30 labelled rows and 2 without labels: " + run.out());
    long correct = 0;
    for (int i = 0; i < 30; i++) {
      String species = rows.get(i + 1).substring(rows.get(i + 1).lastIndexOf(',') + 1);
      correct += species.equals(answers.get(i)) ? 1 : 0;
    }
    assertEquals(trained.testMetric(), correct / 30.0, 5e-5,
        "the answers give the accuracy the trainer measured");
    assertEquals(answers.subList(0, 2), answers.subList(30, 32));
    assertTrue(run.out().startsWith(DATA + "iris-test.csv:2: the answer is "), run.out());
    assertTrue(run.out().contains(features + ":3: the answer is "), run.out());
  }

  @Test
  void binaryAndRegressionAnswers() throws IOException {
    Path cancer = dir.resolve("cancer.safetensors");
    Path diabetes = dir.resolve("diabetes.safetensors");
    assertEquals(0, Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new, "--train",
        DATA + "breast_cancer-train.csv", "--standardize", "--epochs", "2", "--save",
        cancer.toString()).status());
    assertEquals(0, Trainers.run(DiabetesNetwork.SPEC, DiabetesNetwork::new, "--train",
        DATA + "diabetes-train.csv", "--standardize", "--epochs", "2", "--save",
        diabetes.toString()).status());

    Trainers.Run binary = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "predict", "--load", cancer.toString(), DATA + "breast_cancer-test.csv");
    Trainers.Run regression = Trainers.run(DiabetesNetwork.SPEC, DiabetesNetwork::new,
        "predict", "--load", diabetes.toString(), DATA + "diabetes-test.csv");

    assertEquals(0, binary.status(), binary.err());
    String first = binary.out().lines().findFirst().orElseThrow();
    assertTrue(first.matches(Pattern.quote(DATA) + "breast_cancer-test.csv:2: the answer is "
        + "\\S+ \\(probability (0\\.[5-9]\\d{3}|1\\.0000)\\)"), first);
    assertEquals(Files.readAllLines(Path.of(DATA + "breast_cancer-test.csv")).size() - 1,
        binary.out().lines().count());
    assertEquals(0, regression.status(), regression.err());
    assertTrue(regression.out().lines().allMatch(l -> l.matches(".+:\\d+: the answer is "
        + "-?\\d+\\.\\d{4}")), regression.out());
  }

  @Test
  void missingLoadIsOneClearLine() {
    Trainers.Run run = mnist("predict", "digit.png");

    assertEquals(TrainerCli.BAD_INPUT, run.status());
    assertEquals("error: predict needs --load FILE: the weights to predict with, as --save "
        + "wrote them\n", run.err());
    assertEquals("", run.out());
  }

  @Test
  void unreadableImageNamesTheFile() throws IOException {
    Path good = png("good.png", digit(0), 1, false);
    Path broken = Files.writeString(dir.resolve("broken.png"), "not a PNG");

    Trainers.Run run = mnist("predict", "--load", mnistWeights.toString(), good.toString(),
        broken.toString());

    CleanErrors.assertCleanError(run, TrainerCli.BAD_INPUT, broken,
        "cannot read the image: not a PNG, JPEG, GIF or BMP file");
    assertEquals("", run.out(), "nothing is predicted before every input is read");
  }

  @Test
  void csvOfTheWrongWidthNamesTheFileAndTheWidths() throws IOException {
    Path csv = Files.writeString(dir.resolve("rows.csv"), "a,b,c\n1,2,3\n");

    Trainers.Run run = mnist("predict", "--load", mnistWeights.toString(), csv.toString());

    CleanErrors.assertCleanError(run, TrainerCli.BAD_INPUT, csv,
        "has 3 columns but the model MnistMlp takes input 784 (784 values)");
  }

  @Test
  void otherInputErrorsNameTheFile() throws IOException {
    Path missing = dir.resolve("missing.png");
    Path image = png("digit.png", digit(0), 1, false);
    Path irisWeights = dir.resolve("iris.safetensors");
    Weights.save(new IrisNetwork(), irisWeights);
    Path csv = Files.writeString(dir.resolve("rows.csv"), "a,b,c,d\n1,2,x,4\n");

    CleanErrors.assertCleanError(mnist("predict", "--load", mnistWeights.toString(),
        missing.toString()), TrainerCli.BAD_INPUT, missing, "no such file");
    CleanErrors.assertCleanError(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "predict",
        "--load", irisWeights.toString(), image.toString()), TrainerCli.BAD_INPUT, image,
        "is an image, but the model Iris takes input 4, not an image");
    CleanErrors.assertCleanError(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "predict",
        "--load", irisWeights.toString(), csv.toString()), TrainerCli.BAD_INPUT, csv,
        ":2: column 'c' is not a number: 'x'");
    CleanErrors.assertCleanError(mnist("predict", "--load", irisWeights.toString(),
        image.toString()), TrainerCli.BAD_INPUT, irisWeights, "does not fit the model MnistMlp");
  }

  @Test
  void helpDescribesImagesForImageModelsOnly() {
    Trainers.Run mnist = mnist("predict", "--help");
    Trainers.Run iris = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "predict", "--help");

    assertEquals(0, mnist.status());
    assertTrue(mnist.out().contains("resized to 28x28 grey"), mnist.out());
    assertTrue(mnist.out().contains("--no-invert"), mnist.out());
    assertFalse(iris.out().contains("image"), iris.out());
  }
}
