package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.Weights;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras 3 {@code .weights.h5} export and import, through a maintained HDF5 library. */
class KerasWeightsTest {
  @TempDir Path dir;

  @Test
  void convnetRoundTripsThroughKerasLayout() {
    Path file = dir.resolve("convnet.weights.h5");
    Network trained = new MnistConvnetNetwork(1);
    Network other = new MnistConvnetNetwork(2);
    Nd4j.getRandom().setSeed(29);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 784);
    assertNotEquals(trained.predict(x), other.predict(x));

    Weights.save(trained, file);
    Weights.load(other, file);

    trained.parameters().forEach((name, value) -> assertArrayEquals(
        value.dup('c').reshape(value.length()).toFloatVector(),
        other.parameters().get(name).dup('c').reshape(value.length()).toFloatVector(), name));
    assertArrayEquals(trained.predict(x).reshape(3 * 10).toFloatVector(),
        other.predict(x).reshape(3 * 10).toFloatVector());
  }

  @Test
  void fileHasKerasGroupsShapesAndOrder() throws Exception {
    Path file = dir.resolve("series.weights.h5");
    Network network = new SeriesClassifierNetwork(1);
    Weights.save(network, file);

    try (HdfFile hdf = new HdfFile(file)) {
      Dataset kernel = hdf.getDatasetByPath("layers/conv2/vars/0");
      Dataset bias = hdf.getDatasetByPath("layers/conv2/vars/1");
      assertArrayEquals(new int[] {10, 32, 32}, kernel.getDimensions());
      assertArrayEquals(new int[] {32}, bias.getDimensions());
      assertEquals(float.class, kernel.getJavaType());
      assertArrayEquals(new int[] {704, 100},
          hdf.getDatasetByPath("layers/hidden/vars/0").getDimensions());
      float[] flat = (float[]) kernel.getDataFlat();
      INDArray ours = network.parameters().get("conv2.kernel");
      assertEquals(ours.getFloat(3, 7, 11), flat[(3 * 32 + 7) * 32 + 11]);
    }
  }

  @Test
  void anotherModelsFileIsRefusedNamingTheMissingLayerAndNothingChanges() {
    Path file = dir.resolve("iris.weights.h5");
    Weights.save(new IrisNetwork(1), file);
    Network cancer = new BreastCancerNetwork(1);
    Map<String, INDArray> before = copy(cancer.parameters());

    WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(cancer, file));

    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("layers/"), e.getMessage());
    assertEquals(before, cancer.parameters());
  }

  @Test
  void wrongShapeIsRefusedWithExpectedAndFound() {
    Path file = dir.resolve("mlp.weights.h5");
    // Diabetes has hidden1 [10, 32]; MnistMlp has hidden1 [784, 300]
    Weights.save(new DiabetesNetwork(1), file);

    WeightsException e = assertThrows(WeightsException.class,
        () -> Weights.load(new MnistMlpNetwork(1), file));

    assertTrue(e.getMessage().contains("[10, 32]") && e.getMessage().contains("[784, 300]"),
        e.getMessage());
  }

  @Test
  void garbageIsAClearError() throws Exception {
    Path file = dir.resolve("garbage.weights.h5");
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

    WeightsException e = assertThrows(WeightsException.class,
        () -> Weights.load(new IrisNetwork(1), file));

    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void trainerSavesAndLoadsKerasWeights() {
    Path file = dir.resolve("iris.weights.h5");
    Trainers.Run trained = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", "data/tabular/iris-train.csv", "--test", "data/tabular/iris-test.csv",
        "--epochs", "20", "--save", file.toString());
    Trainers.Run evaluated = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", "data/tabular/iris-train.csv", "--test", "data/tabular/iris-test.csv",
        "--epochs", "0", "--load", file.toString());

    assertEquals(0, trained.status(), trained.err());
    assertEquals(0, evaluated.status(), evaluated.err());
    assertEquals(trained.testMetric(), evaluated.testMetric());
  }

  /**
   * A Keras file cannot carry the class names and standardization statistics: they travel beside
   * it, so predict and evaluate answer as the run that saved it did.
   */
  @Test
  void aStandardizedRunSavedAsKerasPredictsAndEvaluatesAsItDid() throws Exception {
    Path file = dir.resolve("iris.weights.h5");
    Path sidecar = dir.resolve("iris.weights.h5.dendrite.json");
    String test = "data/tabular/iris-test.csv";
    Trainers.Run trained = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", "data/tabular/iris-train.csv", "--test", test, "--standardize",
        "--epochs", "20", "--save", file.toString());
    assertEquals(0, trained.status(), trained.err());
    assertTrue(Files.exists(sidecar));

    Trainers.Run predicted = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "predict",
        "--load", file.toString(), test);
    assertEquals(0, predicted.status(), predicted.err());
    assertEquals("", predicted.err());
    assertEquals(trained.testMetric(), accuracy(predicted.out(), test), 5e-5);
    Trainers.Run evaluated = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--load",
        file.toString(), "--epochs", "0", "--test", test, "--standardize");
    assertEquals(0, evaluated.status(), evaluated.err());
    assertEquals(trained.testMetric(), evaluated.testMetric());
    Trainers.Run unstandardized = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--load",
        file.toString(), "--epochs", "0", "--test", test);
    CleanErrors.assertCleanError(unstandardized, 2, file, "the weights were trained on "
        + "standardized features; add --standardize");

    // another version of the weights beside the old metadata
    byte[] metadata = Files.readAllBytes(sidecar);
    Weights.save(new IrisNetwork(5), file);
    Files.write(sidecar, metadata);
    CleanErrors.assertCleanError(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "predict",
        "--load", file.toString(), test), 2, sidecar, "describes another version of " + file);

    // no metadata at all: said, with what to do
    Files.delete(sidecar);
    Trainers.Run unknown = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "predict",
        "--load", file.toString(), test);
    assertEquals(0, unknown.status(), unknown.err());
    assertEquals("warning: " + file + " is a Keras file without iris.weights.h5.dendrite.json "
        + "beside it, so the class names and standardization statistics it was trained with are "
        + "unknown: answering with the features as they are and the classes by index, which is "
        + "wrong for weights trained with --standardize; keep the iris.weights.h5.dendrite.json "
        + "that --save wrote beside the file, or save the weights as .safetensors\n",
        unknown.err());
    CleanErrors.assertCleanError(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--load",
        file.toString(), "--epochs", "0", "--test", test, "--standardize"), 2, file,
        "is a Keras file without iris.weights.h5.dendrite.json beside it", "or give --train "
        + "FILE to compute the statistics again");
  }

  private static double accuracy(String answers, String data) throws Exception {
    List<String> rows = Files.readAllLines(Path.of(data));
    Matcher m = Pattern.compile("(?m)^.+:(\\d+): the answer is (\\S+)$").matcher(answers);
    int correct = 0;
    int count = 0;
    while (m.find()) {
      String row = rows.get(Integer.parseInt(m.group(1)) - 1);
      correct += row.substring(row.lastIndexOf(',') + 1).equals(m.group(2)) ? 1 : 0;
      count++;
    }
    assertEquals(rows.size() - 1, count, answers);
    return correct / (double) count;
  }

  private static Map<String, INDArray> copy(Map<String, INDArray> parameters) {
    Map<String, INDArray> copy = new java.util.LinkedHashMap<>();
    parameters.forEach((k, v) -> copy.put(k, v.dup()));
    return copy;
  }
}
