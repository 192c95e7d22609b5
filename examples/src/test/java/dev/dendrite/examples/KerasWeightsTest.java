package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.Hdf5Writer;
import dev.dendrite.io.Weights;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's {@code .weights.h5} layout both ways: groups named after the layer's class with a
 * counter per class, whatever the layers are called; a {@code vars} group with its name for
 * every layer; errors that name the file, the path, and what was expected and found.
 */
class KerasWeightsTest {
  @TempDir Path dir;

  /**
   * The MNIST convnet trained in PyTorch and written as Keras 3 writes a {@code .keras} file
   * (layers named {@code conv2d_8} ..., fields here {@code conv1} ...) loads into MnistConvnet
   * and scores on the whole test set exactly what PyTorch reported; its Keras 2 twin is refused
   * with the way to import it.
   */
  @Test
  void aKerasFileOfTheMnistConvnetScoresWhatItsTrainerReported() throws Exception {
    Path fixtures = Path.of("src/test/resources/keras");
    String json = Files.readString(fixtures.resolve("mnist_convnet.json"));
    Matcher correct = Pattern.compile("\"test_correct\": (\\d+)").matcher(json);
    assertTrue(correct.find(), json);
    Trainers.Run run = Trainers.run(MnistConvnetNetwork.SPEC, MnistConvnetNetwork::new,
        "--load", fixtures.resolve("mnist_convnet.keras").toString(), "--epochs", "0",
        "--test", "data/mnist/t10k-images-idx3-ubyte.gz");
    assertEquals(0, run.status(), run.err());
    assertEquals(Integer.parseInt(correct.group(1)) / 10_000.0, run.testMetric(), 1e-9);

    WeightsException keras2 = assertThrows(WeightsException.class, () -> Weights.load(
        new MnistConvnetNetwork(1), fixtures.resolve("mnist_convnet_keras2.h5")));
    assertTrue(keras2.getMessage().contains("a Keras 2 model file (model_weights/...), not "
        + "Keras 3's weights layout: import it as source with dev.dendrite.keras.KerasImport"),
        keras2.getMessage());
  }

  @Test
  void layersAreGroupedByClassWithACounterPerClassWhateverTheirNames() throws Exception {
    Path file = dir.resolve("convnet.weights.h5");
    Network network = new MnistConvnetNetwork(1);
    Weights.save(network, file);

    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals(Set.of("layers", "optimizer", "vars"), hdf.getChildren().keySet());
      assertEquals(Map.of(), hdf.getAttributes(), "the root has no attributes");
      Group layers = (Group) hdf.getChild("layers");
      assertEquals(Set.of("conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten",
          "dropout", "dense"), layers.getChildren().keySet());
      Map<String, String> names = Map.of("conv2d", "conv1", "max_pooling2d", "pool1",
          "conv2d_1", "conv2", "max_pooling2d_1", "pool2", "flatten", "flatten",
          "dropout", "dropout", "dense", "output");
      names.forEach((group, field) -> {
        Group vars = (Group) hdf.getByPath("layers/" + group + "/vars");
        assertEquals(field, vars.getAttribute("name").getData(), group);
        assertEquals(group.startsWith("conv") || group.equals("dense") ? 2 : 0,
            vars.getChildren().size(), group + ": weightless layers have an empty vars group");
      });
      assertArrayEquals(new int[] {3, 3, 1, 32},
          hdf.getDatasetByPath("layers/conv2d/vars/0").getDimensions());
      assertArrayEquals(new int[] {3, 3, 32, 64},
          hdf.getDatasetByPath("layers/conv2d_1/vars/0").getDimensions());
      assertArrayEquals(new int[] {64}, hdf.getDatasetByPath("layers/conv2d_1/vars/1")
          .getDimensions());
      assertArrayEquals(new int[] {1600, 10},
          hdf.getDatasetByPath("layers/dense/vars/0").getDimensions());
      Dataset kernel = hdf.getDatasetByPath("layers/conv2d_1/vars/0");
      assertEquals(float.class, kernel.getJavaType());
      float[] flat = (float[]) kernel.getDataFlat();
      assertEquals(network.parameters().get("conv2.kernel").getFloat(1, 2, 5, 7),
          flat[((1 * 3 + 2) * 32 + 5) * 64 + 7]);
      Group model = (Group) hdf.getChild("vars");
      assertEquals(0, model.getChildren().size());
      assertEquals("MnistConvnet", model.getAttribute("name").getData());
      assertEquals("adam", hdf.getByPath("optimizer/vars").getAttribute("name").getData());
    }
  }

  @Test
  void seriesLayersOfOneClassCountUp() throws Exception {
    Path file = dir.resolve("series.weights.h5");
    Weights.save(new SeriesClassifierNetwork(1), file);

    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals(Set.of("conv1d", "conv1d_1", "max_pooling1d", "dropout", "flatten", "dense",
          "dense_1"), ((Group) hdf.getChild("layers")).getChildren().keySet());
      assertArrayEquals(new int[] {10, 32, 32},
          hdf.getDatasetByPath("layers/conv1d_1/vars/0").getDimensions());
      assertEquals("conv2", hdf.getByPath("layers/conv1d_1/vars").getAttribute("name").getData());
      assertArrayEquals(new int[] {704, 100},
          hdf.getDatasetByPath("layers/dense/vars/0").getDimensions());
    }
  }

  @Test
  void convnetRoundTripsExactly() {
    Path file = dir.resolve("convnet.weights.h5");
    Network trained = new MnistConvnetNetwork(1);
    Network other = new MnistConvnetNetwork(2);
    Nd4j.getRandom().setSeed(29);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 784);
    assertNotEquals(trained.predict(x), other.predict(x));

    Weights.save(trained, file);
    Weights.load(other, file);

    trained.parameters().forEach((name, value) -> assertEquals(value, other.parameters()
        .get(name), name));
    assertEquals(trained.predict(x), other.predict(x));
  }

  @Test
  void theOptimizerStateTravelsInAWeightsFileToo() {
    Path file = dir.resolve("adam.weights.h5");
    Network network = new OptimizerModels_AdamNetwork(1);
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 48);
    INDArray y = Nd4j.rand(DataType.FLOAT, 4, 3);
    network.fit(x, y);
    network.fit(x, y);
    Weights.save(network, file);

    Network loaded = new OptimizerModels_AdamNetwork(2);
    Weights.load(loaded, file);

    assertEquals(2, loaded.optimizerSteps());
    assertEquals(network.optimizerState(), loaded.optimizerState());
    Network rmsProp = new OptimizerModels_RmsPropNetwork(2);
    Weights.load(rmsProp, file);
    assertEquals(0, rmsProp.optimizerSteps(), "another optimizer's state is left out");
    assertEquals(network.parameters(), rmsProp.parameters());
  }

  @Test
  void aHandBuiltFileLoadsByClassAndCounterWhateverItsLayerNames() {
    Path file = dir.resolve("keras.weights.h5");
    Map<String, INDArray> values = convnetFixture(file, vars -> { });
    Network network = new MnistConvnetNetwork(5);

    Weights.load(network, file);

    values.forEach((name, value) -> assertEquals(value, network.parameters().get(name), name));
  }

  @Test
  void aFunctionalModelsInputLayerGroupIsIgnored() {
    Path file = dir.resolve("functional.weights.h5");
    Map<String, INDArray> values = convnetFixture(file,
        layers -> layers.putGroup("input_layer").putGroup("vars").putAttribute("name", "input"));
    Network network = new MnistConvnetNetwork(5);

    Weights.load(network, file);

    values.forEach((name, value) -> assertEquals(value, network.parameters().get(name), name));
  }

  @Test
  void aFileOfAnotherModelListsBothModelsLayersAndNothingChanges() {
    Path file = dir.resolve("iris.weights.h5");
    Weights.save(new IrisNetwork(1), file);
    Network cancer = new BreastCancerNetwork(1);
    Map<String, INDArray> before = copy(cancer.parameters());

    WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(cancer, file));

    assertEquals(file + ": its layers [dense, dense_1] do not correspond to the layers of "
        + "BreastCancer, which are dense (hidden), dropout (dropout), dense_1 (malignant)",
        e.getMessage());
    assertEquals(before, cancer.parameters());
  }

  @Test
  void aWrongShapeNamesThePathTheParameterAndBothShapes() {
    Path file = dir.resolve("wrong.weights.h5");
    convnetFixture(file, layers -> {
      WritableGroup vars = layers.putGroup("conv2d_1").putGroup("vars");
      vars.putAttribute("name", "conv2d_9");
      vars.putDataset("0", Hdf5Writer.floats(Nd4j.zeros(DataType.FLOAT, 5, 5, 32, 64)));
      vars.putDataset("1", Hdf5Writer.floats(Nd4j.zeros(DataType.FLOAT, 64)));
    });
    Network network = new MnistConvnetNetwork(5);
    Map<String, INDArray> before = copy(network.parameters());

    WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(network, file));

    assertEquals(file + ": layers/conv2d_1/vars/0 (conv2.kernel) has shape [5, 5, 32, 64] but "
        + "conv2.kernel has [3, 3, 32, 64]", e.getMessage());
    assertEquals(before, network.parameters());
  }

  @Test
  void aMissingGroupIsNamed() {
    Path file = dir.resolve("missing.weights.h5");
    convnetFixture(file, layers -> layers.putGroup("flatten"));

    WeightsException e = assertThrows(WeightsException.class,
        () -> Weights.load(new MnistConvnetNetwork(5), file));

    assertEquals(file + ": missing group layers/flatten/vars (layer 4, flatten, Flatten)",
        e.getMessage());
  }

  @Test
  void aModelWithLayersBeyondKerasCannotBeExportedAndEveryOneIsNamed() {
    Path file = dir.resolve("maxout.weights.h5");

    WeightsException e = assertThrows(WeightsException.class,
        () -> Weights.save(new GradientModels_MaxoutStackedNetwork(1), file));
    WeightsException gaussian = assertThrows(WeightsException.class,
        () -> Weights.save(new GradientModels_GaussianNetwork(1), dir.resolve("g.keras")));

    assertEquals("cannot write " + file + ": Keras has no counterpart of the layers maxout1 "
        + "(@Maxout has no Keras counterpart), maxout2 (@Maxout has no Keras counterpart), "
        + "maxout3 (@Maxout has no Keras counterpart) of MaxoutStacked", e.getMessage());
    assertTrue(gaussian.getMessage().endsWith("Keras has no counterpart of the layer hidden "
        + "(its activation GAUSSIAN is beyond Keras) of Gaussian"), gaussian.getMessage());
    assertTrue(Files.notExists(file));
  }

  @Test
  void garbageIsAClearError() throws Exception {
    Path file = dir.resolve("garbage.weights.h5");
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

    WeightsException e = assertThrows(WeightsException.class,
        () -> Weights.load(new IrisNetwork(1), file));

    assertTrue(e.getMessage().startsWith(file + ": not a readable HDF5 weights file"),
        e.getMessage());
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

  /**
   * The MNIST convnet's weights as Keras writes them, by hand: random values at
   * {@code layers/conv2d}, {@code conv2d_1}, {@code dense} and empty {@code vars} groups named
   * like a notebook's layers ({@code conv2d_8}, ...); {@code change} may replace groups of
   * {@code layers} before the others are added. Returns the values by Dendrite name.
   */
  static Map<String, INDArray> convnetFixture(Path file, Consumer<WritableGroup> change) {
    Map<String, INDArray> values = new LinkedHashMap<>();
    Nd4j.getRandom().setSeed(7);
    try (WritableHdfFile hdf = Hdf5Writer.create(file)) {
      WritableGroup layers = hdf.putGroup("layers");
      change.accept(layers);
      Map<String, List<Object>> groups = new LinkedHashMap<>();
      groups.put("conv2d", List.of("conv2d_8", "conv1", new long[] {3, 3, 1, 32}));
      groups.put("max_pooling2d", List.of("max_pooling2d_8"));
      groups.put("conv2d_1", List.of("conv2d_9", "conv2", new long[] {3, 3, 32, 64}));
      groups.put("max_pooling2d_1", List.of("max_pooling2d_9"));
      groups.put("flatten", List.of("flatten_4"));
      groups.put("dropout", List.of("dropout_4"));
      groups.put("dense", List.of("dense_4", "output", new long[] {1600, 10}));
      groups.forEach((group, spec) -> {
        if (layers.getChild(group) != null) {
          return;
        }
        WritableGroup vars = layers.putGroup(group).putGroup("vars");
        vars.putAttribute("name", spec.get(0));
        if (spec.size() > 1) {
          long[] shape = (long[]) spec.get(2);
          INDArray kernel = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
          INDArray bias = Nd4j.rand(DataType.FLOAT, shape[shape.length - 1]).subi(0.5);
          vars.putDataset("0", Hdf5Writer.floats(kernel));
          vars.putDataset("1", Hdf5Writer.floats(bias));
          values.put(spec.get(1) + ".kernel", kernel);
          values.put(spec.get(1) + ".bias", bias);
        }
      });
      hdf.putGroup("vars").putAttribute("name", "sequential_4");
    }
    return values;
  }

  static Map<String, INDArray> copy(Map<String, INDArray> parameters) {
    Map<String, INDArray> copy = new LinkedHashMap<>();
    parameters.forEach((k, v) -> copy.put(k, v.dup()));
    return copy;
  }
}
