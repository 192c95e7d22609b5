package dev.dendrite.examples;

import static dev.dendrite.examples.CleanErrors.assertCleanError;
import static dev.dendrite.examples.CleanErrors.assertUnchanged;
import static dev.dendrite.examples.CleanErrors.snapshot;
import static dev.dendrite.train.TrainerCli.BAD_INPUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.io.Weights;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input ends the trainer with one paragraph naming the file, the line or
 * record, and the problem; exit status 2; and the outputs it was told to write untouched.
 */
class BadInputTest {
  private static final String IRIS_HEADER = "sepal_length,sepal_width,petal_length,petal_width,"
      + "species\n";

  @TempDir Path dir;
  private Path save;
  private Path history;

  @BeforeEach
  void existingOutputs() throws IOException {
    save = dir.resolve("keep.safetensors");
    history = dir.resolve("keep.csv");
    Files.writeString(save, "weights of an earlier run");
    Files.writeString(history, "history of an earlier run");
  }

  /** Trains Iris on {@code args}, asking it to overwrite the outputs of an earlier run. */
  private Trainers.Run iris(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--save", save.toString(), "--history-csv", history.toString(),
        "--epochs", "1"));
    return Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, all.toArray(String[]::new));
  }

  private void assertOutputsUntouched(Map<Path, byte[]> before) {
    assertUnchanged(before, dir);
  }

  private Path csv(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private void badIris(Path file, String... fragments) {
    Map<Path, byte[]> before = snapshot(dir);
    assertCleanError(iris("--train", file.toString()), BAD_INPUT, file, fragments);
    assertOutputsUntouched(before);
  }

  // ---- CSV ----

  @Test
  void csvWrongColumnCount() throws IOException {
    Path file = csv("cols.csv", IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n5.0,3.6,1.4,setosa\n");
    badIris(file, file + ":3: expected 5 columns like the header, found 4");
  }

  @Test
  void csvNonNumericCell() throws IOException {
    Path file = csv("text.csv", IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n5.0,three,1.4,0.2,setosa\n");
    badIris(file, file + ":3: column 'sepal_width' is not a number: 'three'");
  }

  @Test
  void csvEmptyFile() throws IOException {
    Path file = csv("empty.csv", "");
    badIris(file, "the file is empty");
  }

  @Test
  void csvMissingLabelColumn() throws IOException {
    Path file = csv("iris.csv", IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n");
    Map<Path, byte[]> before = snapshot(dir);
    assertCleanError(iris("--train", file.toString(), "--label", "kind"), BAD_INPUT, file,
        ":1: no label column 'kind'; the columns are sepal_length, sepal_width");
    assertOutputsUntouched(before);
  }

  @Test
  void csvUnseenTestLabel() throws IOException {
    Path test = csv("test.csv", IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n6.1,2.9,4.7,1.4,rose\n");
    Map<Path, byte[]> before = snapshot(dir);
    assertCleanError(iris("--train", "data/tabular/iris-train.csv", "--test", test.toString()),
        BAD_INPUT, test, ":3: label 'rose' in column 'species' was never seen in the training "
            + "data, whose classes are [setosa, versicolor, virginica]");
    assertOutputsUntouched(before);
  }

  @Test
  void csvFeatureCountDiffersFromTheModelInput() throws IOException {
    Path file = csv("three.csv", "a,b,c,species\n1,2,3,setosa\n");
    badIris(file, "has 3 feature columns (all but the label 'species') but the model Iris takes "
        + "input 4 (4 values)");
  }

  @Test
  void csvNonFiniteValue() throws IOException {
    Path file = csv("nan.csv", IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n5.0,3.6,NaN,0.2,setosa\n");
    badIris(file, file + ":3: column 'petal_length' holds a non-finite value: 'NaN'");
  }

  @Test
  void csvHugeValueIsNonFinite() throws IOException {
    Path file = csv("big.csv", IRIS_HEADER + "5.1,3.5,1e39,0.2,setosa\n");
    badIris(file, file + ":2: column 'petal_length' holds a non-finite value: '1e39'");
  }

  @Test
  void folderGivenAsData() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("data"));
    badIris(folder, folder + ": is a folder, not a data file");
  }

  @Test
  void csvTrainingLabelBeyondTheClassesNamesItsLine() throws IOException {
    Path file = csv("four.csv", IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n5.0,3.6,1.4,0.2,versicolor\n"
        + "5.0,3.6,1.4,0.2,virginica\n5.0,3.6,1.4,0.2,setosa\n5.0,3.6,1.4,0.2,rose\n");
    badIris(file, file + ":6: label 'rose' is one class too many", "4 distinct labels");
  }

  @Test
  void missingDataFile() {
    Path file = dir.resolve("nothing.csv");
    badIris(file, "no such file");
  }

  // ---- IDX ----

  private static byte[] images(int magic, int count, int rows, int cols, int pixels)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    out.write(new byte[pixels]);
    return bytes.toByteArray();
  }

  private static byte[] labels(int magic, int count, int labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.write(new byte[labels]);
    return bytes.toByteArray();
  }

  /** MNIST-like files of two 28x28 images in {@code dir}, the images file returned. */
  private Path mnist(byte[] images, byte[] labels) throws IOException {
    Path imagesFile = dir.resolve("train-images-idx3-ubyte");
    Files.write(imagesFile, images);
    if (labels != null) {
      Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);
    }
    return imagesFile;
  }

  private void badMnist(Path file, Path named, String... fragments) {
    Map<Path, byte[]> before = snapshot(dir);
    Trainers.Run run = Trainers.run(MnistMlpNetwork.SPEC, MnistMlpNetwork::new,
        "--train", file.toString(), "--save", save.toString(), "--epochs", "1");
    assertCleanError(run, BAD_INPUT, named, fragments);
    assertOutputsUntouched(before);
  }

  @Test
  void idxWrongMagic() throws IOException {
    Path images = mnist(images(2049, 2, 28, 28, 2 * 784), labels(2049, 2, 2));
    badMnist(images, images, "not an IDX images file: magic number 0x00000801, expected "
        + "0x00000803 (2051)");
  }

  @Test
  void idxTruncatedBody() throws IOException {
    Path images = mnist(images(2051, 2, 28, 28, 784 + 100), labels(2049, 2, 2));
    badMnist(images, images, "truncated: the header announces 2 images but the data ends in "
        + "image 2");
  }

  @Test
  void idxTruncatedLabels() throws IOException {
    Path images = mnist(images(2051, 2, 28, 28, 2 * 784), labels(2049, 2, 1));
    badMnist(images, dir.resolve("train-labels-idx1-ubyte"), "truncated: the header announces 2"
        + " labels but the data ends after 1");
  }

  @Test
  void idxImageAndLabelCountsDiffer() throws IOException {
    Path images = mnist(images(2051, 2, 28, 28, 2 * 784), labels(2049, 3, 3));
    badMnist(images, dir.resolve("train-labels-idx1-ubyte"), "holds 3 labels but "
        + "train-images-idx3-ubyte holds 2 images");
  }

  @Test
  void idxLabelsFileMissing() throws IOException {
    Path images = mnist(images(2051, 2, 28, 28, 2 * 784), null);
    badMnist(images, images, "the labels file train-labels-idx1-ubyte is missing");
  }

  @Test
  void idxImagesOfAnotherSize() throws IOException {
    Path images = mnist(images(2051, 2, 20, 20, 2 * 400), labels(2049, 2, 2));
    badMnist(images, images, "images are 20x20 (400 values) but the model MnistMlp takes input "
        + "784 (784 values)");
  }

  // ---- weights ----

  private Trainers.Run load(Path weights) {
    return iris("--train", "data/tabular/iris-train.csv", "--load", weights.toString());
  }

  private void badWeights(Path weights, String... fragments) {
    Map<Path, byte[]> before = snapshot(dir);
    assertCleanError(load(weights), BAD_INPUT, weights, fragments);
    assertOutputsUntouched(before);
  }

  private Path irisWeights() {
    Path file = dir.resolve("iris.safetensors");
    Weights.save(new IrisNetwork(7), file);
    return file;
  }

  @Test
  void weightsTruncated() throws IOException {
    Path file = irisWeights();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    badWeights(file, "tensor 'species.bias'", "the file is truncated");
  }

  @Test
  void weightsHeaderOverflowingTheFile() throws IOException {
    Path file = irisWeights();
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
    Files.write(file, bytes);
    badWeights(file, "the header length " + bytes.length + " is larger than the rest of the "
        + "file");
  }

  @Test
  void weightsOfAnotherModel() {
    Path file = dir.resolve("cancer.safetensors");
    Weights.save(new BreastCancerNetwork(), file);
    badWeights(file, "does not fit the model Iris");
  }

  @Test
  void weightsWithWrongShapes() throws IOException {
    Path file = irisWeights();
    String text = Files.readString(file, StandardCharsets.ISO_8859_1)
        .replace("\"shape\":[4,16]", "\"shape\":[8, 8]");
    Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    badWeights(file, "tensor 'hidden.kernel' has shape [8, 8] but the model Iris expects "
        + "[4, 16]");
  }

  @Test
  void weightsWithWrongDtype() throws IOException {
    Path file = irisWeights();
    String text = Files.readString(file, StandardCharsets.ISO_8859_1)
        .replace("{\"dtype\":\"F32\",\"shape\":[4,16],\"data_offsets\":[0,256]}",
            "{\"dtype\":\"I32\",\"shape\":[4,16],\"data_offsets\":[0,256]}");
    Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    badWeights(file, "tensor 'hidden.kernel' has dtype I32");
  }

  @Test
  void weightsGarbage() throws IOException {
    Path file = dir.resolve("garbage.safetensors");
    byte[] junk = new byte[4096];
    new Random(5).nextBytes(junk);
    Files.write(file, junk);
    badWeights(file, "not a safetensors file, or truncated");
  }

  @Test
  void theTrainerProcessExitsWithStatusTwoAndNoStackTrace() throws Exception {
    Path weights = irisWeights();
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(bytes, 20));
    Map<Path, byte[]> before = snapshot(dir);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        IrisTrainer.class.getName(), "--load", weights.toString(), "--epochs", "0", "--test",
        "data/tabular/iris-test.csv", "--save", save.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(BAD_INPUT, p.waitFor(), out + err);
    assertTrue(err.contains("error: " + weights
        + ": not a safetensors file, or truncated"), err);
    assertFalse(err.contains("Exception")
        || err.contains("\tat "), err);
    assertOutputsUntouched(before);
  }

  @Test
  void weightsMissing() {
    badWeights(dir.resolve("none.safetensors"), "no such file");
  }
}
