package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.Hdf5Writer;
import dev.dendrite.io.Weights;
import dev.dendrite.report.Evaluator;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code .keras} archives both ways: the members and config as Keras 3 writes them, a hand-built
 * archive whose layer names are not its weights' paths, the optimizer's state in Keras' order,
 * the checks of the config against the model, and a trained convnet exported and re-imported.
 */
class KerasArchiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATA = "data/tabular/";

  @TempDir Path dir;

  @Test
  void anArchiveHoldsKerasMembersStoredWithTheConfigKerasWrites() throws Exception {
    Path file = dir.resolve("convnet.keras");
    Weights.save(new MnistConvnetNetwork(1), file);

    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e : Collections.list(zip.entries())) {
        names.add(e.getName());
        assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
      }
      assertEquals(List.of("metadata.json", "config.json", "model.weights.h5", "dendrite.json"),
          names);
      JsonNode metadata = read(zip, "metadata.json");
      assertTrue(metadata.get("keras_version").asText().startsWith("3."), metadata.toString());
      assertTrue(metadata.get("date_saved").asText().matches(
          "\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d"), metadata.toString());
      JsonNode config = read(zip, "config.json");
      assertEquals("keras", config.get("module").asText());
      assertEquals("Sequential", config.get("class_name").asText());
      JsonNode layers = config.get("config").get("layers");
      assertEquals(8, layers.size());
      assertEquals(JSON.readTree("{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\","
          + " \"config\": {\"batch_shape\": [null, 28, 28, 1], \"dtype\": \"float32\", "
          + "\"sparse\": false, \"name\": \"input_layer\"}, \"registered_name\": null}"),
          layers.get(0));
      JsonNode conv = layers.get(1);
      assertEquals("keras.layers", conv.get("module").asText());
      assertEquals("Conv2D", conv.get("class_name").asText());
      assertTrue(conv.get("registered_name").isNull());
      assertEquals(JSON.readTree("{\"input_shape\": [null, 28, 28, 1]}"),
          conv.get("build_config"));
      JsonNode c = conv.get("config");
      assertEquals("conv1", c.get("name").asText());
      assertEquals(32, c.get("filters").asInt());
      assertEquals(JSON.readTree("[3, 3]"), c.get("kernel_size"));
      assertEquals(JSON.readTree("[1, 1]"), c.get("strides"));
      assertEquals("relu", c.get("activation").asText());
      assertEquals("channels_last", c.get("data_format").asText());
      assertEquals("GlorotUniform", c.get("kernel_initializer").get("class_name").asText());
      assertEquals("DTypePolicy", c.get("dtype").get("class_name").asText());
      assertEquals(JSON.readTree("[2, 2]"), layers.get(2).get("config").get("strides"));
      assertEquals(0.5, layers.get(6).get("config").get("rate").asDouble());
      assertEquals(JSON.readTree("[null, 28, 28, 1]"),
          config.get("config").get("build_input_shape"));
      JsonNode compile = config.get("compile_config");
      assertEquals("categorical_crossentropy", compile.get("loss").asText());
      assertEquals(JSON.readTree("[\"accuracy\"]"), compile.get("metrics"));
      JsonNode optimizer = compile.get("optimizer");
      assertEquals("Adam", optimizer.get("class_name").asText());
      assertEquals("keras.optimizers", optimizer.get("module").asText());
      JsonNode o = optimizer.get("config");
      assertEquals("adam", o.get("name").asText());
      assertEquals(0.001, o.get("learning_rate").asDouble(), 1e-10);
      assertEquals(0.9, o.get("beta_1").asDouble());
      assertEquals(0.999, o.get("beta_2").asDouble());
      assertEquals(1e-7, o.get("epsilon").asDouble());
      assertFalse(o.get("amsgrad").asBoolean());
      assertEquals("MnistConvnet", read(zip, "dendrite.json").get("dendrite.model").asText());
    }
  }

  @Test
  void aHandBuiltArchiveWhoseLayerNamesAreNotItsPathsLoadsWithItsOptimizerState()
      throws Exception {
    Path file = dir.resolve("notebook.keras");
    Map<String, INDArray> values = notebookArchive(file, FORMAT_CONFIG);
    Network network = new MnistConvnetNetwork(5);

    Weights.load(network, file);

    values.forEach((name, value) -> {
      INDArray target = name.contains(".moment")
          ? network.optimizerState().get(name) : network.parameters().get(name);
      assertEquals(value, target, name);
    });
    assertEquals(469, network.optimizerSteps());
    assertEquals(0.00025f, (float) network.learningRate());
  }

  @Test
  void aLayerOfAnotherSizeKindOrActivationIsNamedInTheFileAndInTheModel() {
    Path size = dir.resolve("size.keras");
    notebookArchive(size, FORMAT_CONFIG.replace("\"filters\": 64", "\"filters\": 16"));
    Path activation = dir.resolve("activation.keras");
    notebookArchive(activation, FORMAT_CONFIG.replace("\"activation\": \"softmax\"",
        "\"activation\": \"sigmoid\""));
    Path kind = dir.resolve("kind.keras");
    notebookArchive(kind, FORMAT_CONFIG.replaceFirst(
        "\"MaxPooling2D\",(\\s*)\"config\": \\{\"name\": \"max_pooling2d_9\"",
        "\"AveragePooling2D\",$1\"config\": {\"name\": \"max_pooling2d_9\""));
    Network network = new MnistConvnetNetwork(5);
    Map<String, INDArray> before = KerasWeightsTest.copy(network.parameters());

    assertEquals(size + ": config.json: its layer conv2d_9 (Conv2D) has filters 16 where conv2 "
        + "(Conv2D) of MnistConvnet has 64", message(() -> Weights.load(network, size)));
    assertEquals(activation + ": config.json: its layer dense_4 (Dense) has activation "
        + "\"sigmoid\" where output (Dense) of MnistConvnet has \"softmax\"",
        message(() -> Weights.load(network, activation)));
    assertEquals(kind + ": config.json: its layer max_pooling2d_9 (AveragePooling2D) is where "
        + "MnistConvnet has pool2, a MaxPooling2D", message(() -> Weights.load(network, kind)));
    assertEquals(before, network.parameters());
  }

  @Test
  void anArchiveOfAnotherModelListsBothModelsLayers() {
    Path file = dir.resolve("relu.keras");
    Weights.save(new GradientModels_ReluNetwork(1), file);
    Path iris = dir.resolve("iris.keras");
    Weights.save(new IrisNetwork(1), iris);

    assertEquals(file + ": config.json: its 2 layers hidden (Dense), output (Dense) do not "
        + "correspond to the 4 layers of WithDropout, hidden1 (Dense), dropout (Dropout), "
        + "hidden2 (Dense), output (Dense)",
        message(() -> Weights.load(new GradientModels_WithDropoutNetwork(1), file)));
    assertEquals(iris + ": config.json: its input layer takes samples of shape [4] but "
        + "BreastCancer takes [30]", message(() -> Weights.load(new BreastCancerNetwork(1),
        iris)));
  }

  @Test
  void missingMembersAndNonZipsAreClearErrors() throws Exception {
    Path noWeights = dir.resolve("no-weights.keras");
    KerasFixtures.zip(noWeights, Map.of("config.json", FORMAT_CONFIG));
    Path garbage = dir.resolve("garbage.keras");
    Files.writeString(garbage, "not a zip");

    assertEquals(noWeights + ": missing member model.weights.h5 (a Keras 3 archive has "
        + "metadata.json, config.json and model.weights.h5)",
        message(() -> Weights.load(new MnistConvnetNetwork(1), noWeights)));
    assertTrue(message(() -> Weights.load(new MnistConvnetNetwork(1), garbage))
        .startsWith(garbage + ": not a Keras archive"));
  }

  /** Each optimizer's variables, after three steps, in Keras' order: then training goes on. */
  @Test
  void theOptimizerStateIsSavedInKerasOrderAndTrainingContinuesExactly() throws Exception {
    check(OptimizerModels_AdamNetwork::new, "adam", List.of("moment1", "moment2"), true);
    check(OptimizerModels_AdamWNetwork::new, "adamw", List.of("moment1", "moment2"), true);
    check(OptimizerModels_RmsPropNetwork::new, "rmsprop", List.of("moment2", "moment1"), false);
    check(OptimizerModels_SgdNesterovNetwork::new, "SGD", List.of("moment1"), false);
  }

  private void check(LongFunction<Network> factory, String name, List<String> moments,
      boolean interleaved) throws Exception {
    Network network = factory.apply(3);
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 48);
    INDArray y = Nd4j.rand(DataType.FLOAT, 6, 3);
    for (int i = 0; i < 3; i++) {
      network.fit(x, y);
    }
    Path file = dir.resolve(name + ".keras");
    Weights.save(network, file);

    List<String> expected = new ArrayList<>();
    List<String> parameters = new ArrayList<>(network.parameters().keySet());
    if (interleaved) {
      parameters.forEach(p -> moments.forEach(m -> expected.add(p + "." + m)));
    } else {
      moments.forEach(m -> parameters.forEach(p -> expected.add(p + "." + m)));
    }
    Path weights = dir.resolve(name + ".weights.h5");
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Files.write(weights, zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes());
    }
    try (HdfFile hdf = new HdfFile(weights)) {
      assertEquals(name, hdf.getByPath("optimizer/vars").getAttribute("name").getData());
      assertEquals(3L, hdf.getDatasetByPath("optimizer/vars/0").getData(), name);
      assertEquals(Long.class, hdf.getDatasetByPath("optimizer/vars/0").getJavaType());
      assertEquals((float) network.learningRate(),
          hdf.getDatasetByPath("optimizer/vars/1").getData(), name);
      assertEquals(2 + expected.size(),
          ((io.jhdf.api.Group) hdf.getByPath("optimizer/vars")).getChildren().size(), name);
      for (int k = 0; k < expected.size(); k++) {
        INDArray state = network.optimizerState().get(expected.get(k));
        float[] saved = (float[]) hdf.getDatasetByPath("optimizer/vars/" + (k + 2))
            .getDataFlat();
        assertEquals(state.dup('c').reshape(state.length()), Nd4j.createFromArray(saved),
            name + " vars/" + (k + 2) + " is " + expected.get(k));
        assertTrue(state.amaxNumber().doubleValue() > 0, expected.get(k) + " was used");
      }
    }
    Network loaded = factory.apply(99);
    Weights.load(loaded, file);
    assertEquals(3, loaded.optimizerSteps());
    network.fit(x, y);
    loaded.fit(x, y);
    network.parameters().forEach((p, value) -> assertEquals(value, loaded.parameters().get(p),
        name + " " + p + " after one more step"));
  }

  @Test
  void aCosineDecayingRateIsSavedAsKerasScheduleWithoutALearningRateVariable()
      throws Exception {
    Network network = new MnistMlpNetwork(1);
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 784);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10).putScalar(0, 3, 1).putScalar(1, 1, 1)
        .putScalar(2, 3, 1).putScalar(3, 0, 1);
    network.fit(x, y);
    network.fit(x, y);
    Path file = dir.resolve("mlp.keras");
    Weights.save(network, file);

    try (ZipFile zip = new ZipFile(file.toFile())) {
      JsonNode rate = read(zip, "config.json").get("compile_config").get("optimizer")
          .get("config").get("learning_rate");
      assertEquals("CosineDecay", rate.get("class_name").asText());
      assertEquals("keras.optimizers.schedules", rate.get("module").asText());
      assertEquals(0.001, rate.get("config").get("initial_learning_rate").asDouble());
      assertEquals(2, rate.get("config").get("decay_steps").asInt());
      assertEquals(0.0, rate.get("config").get("alpha").asDouble());
    }
    Network loaded = new MnistMlpNetwork(2);
    Weights.load(loaded, file);
    assertEquals(2, loaded.optimizerSteps());
    assertEquals(network.optimizerState(), loaded.optimizerState());
  }

  @Test
  void aTrainedConvnetExportedAndReimportedHasTheSameTestAccuracyToTheLastDigit() {
    Dataset train = Mnist.train(600);
    Network network = new MnistConvnetNetwork(4);
    int batch = 32;
    INDArray x = Nd4j.create(DataType.FLOAT, batch, train.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, train.targetSize());
    for (int from = 0; from + batch <= train.size(); from += batch) {
      train.copyBatch(null, from, batch, x, y);
      network.fit(x, y);
    }
    Evaluation trained = Evaluator.evaluate(network, Mnist.test(500));
    Path file = dir.resolve("convnet.keras");
    Weights.save(network, file);

    Network reimported = new MnistConvnetNetwork(77);
    Weights.load(reimported, file);
    Evaluation evaluated = Evaluator.evaluate(reimported, Mnist.test(500));

    assertTrue(trained.metric() > 0.5, trained.toString());
    assertEquals(trained.metric(), evaluated.metric());
    assertEquals(trained.loss(), evaluated.loss());
  }

  @Test
  void theTrainerSavesAnArchiveThatPredictAndEvaluationReadWithTheClassNames() {
    Path file = dir.resolve("iris.keras");
    Trainers.Run trained = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", DATA + "iris-train.csv", "--test", DATA + "iris-test.csv", "--standardize",
        "--epochs", "20", "--save", file.toString());
    Trainers.Run evaluated = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--test", DATA + "iris-test.csv", "--standardize", "--epochs", "0",
        "--load", file.toString());
    Trainers.Run predicted = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "predict", "--load", file.toString(), DATA + "iris-test.csv");

    assertEquals(0, trained.status(), trained.err());
    assertEquals(0, evaluated.status(), evaluated.err());
    assertEquals(trained.testMetric(), evaluated.testMetric());
    assertEquals(0, predicted.status(), predicted.err());
    assertTrue(predicted.out().contains("the answer is setosa"), predicted.out());
  }

  @Test
  void theTrainerRefusesBeforeTrainingToSaveAModelKerasCannotHold() {
    Path file = dir.resolve("maxout.keras");
    Trainers.Run run = Trainers.run(GradientModels_MaxoutFirstNetwork.SPEC,
        GradientModels_MaxoutFirstNetwork::new, "--train", DATA + "iris-train.csv",
        "--save", file.toString());

    assertEquals(2, run.status());
    assertEquals("error: cannot write " + file + ": Keras has no counterpart of the layer hidden "
        + "(@Maxout has no Keras counterpart) of MaxoutFirst", run.err().strip());
    assertFalse(run.out().contains("Epoch"), run.out());
  }

  /** FORMAT.md's config of the MNIST convnet, as a notebook that built several models named it. */
  private static final String FORMAT_CONFIG = """
      {"module": "keras", "class_name": "Sequential",
       "config": {"name": "sequential_4", "trainable": true,
         "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}},
         "layers": [
           {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": [null, 28, 28, 1], "dtype": "float32", "sparse": false,
                       "ragged": false, "name": "input_layer_4", "optional": false}},
           {"module": "keras.layers", "class_name": "Conv2D",
            "config": {"name": "conv2d_8", "trainable": true, "filters": 32,
                       "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
                       "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
                       "activation": "relu", "use_bias": true,
                       "kernel_initializer": {"module": "keras.initializers",
                                              "class_name": "GlorotUniform",
                                              "config": {"seed": null}},
                       "bias_initializer": {"module": "keras.initializers",
                                            "class_name": "Zeros", "config": {}},
                       "kernel_regularizer": null, "bias_regularizer": null,
                       "activity_regularizer": null, "kernel_constraint": null,
                       "bias_constraint": null},
            "registered_name": null, "build_config": {"input_shape": [null, 28, 28, 1]}},
           {"module": "keras.layers", "class_name": "MaxPooling2D",
            "config": {"name": "max_pooling2d_8", "pool_size": [2, 2], "padding": "valid",
                       "strides": [2, 2], "data_format": "channels_last"}},
           {"module": "keras.layers", "class_name": "Conv2D",
            "config": {"name": "conv2d_9", "trainable": true, "filters": 64,
                       "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
                       "activation": "relu", "use_bias": true},
            "registered_name": null, "build_config": {"input_shape": [null, 13, 13, 32]}},
           {"module": "keras.layers", "class_name": "MaxPooling2D",
            "config": {"name": "max_pooling2d_9", "pool_size": [2, 2], "padding": "valid",
                       "strides": [2, 2], "data_format": "channels_last"}},
           {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten_4"}},
           {"module": "keras.layers", "class_name": "Dropout",
            "config": {"name": "dropout_4", "rate": 0.5}},
           {"module": "keras.layers", "class_name": "Dense",
            "config": {"name": "dense_4", "units": 10, "activation": "softmax",
                       "use_bias": true}}],
         "build_input_shape": [null, 28, 28, 1]},
       "build_config": {"input_shape": [null, 28, 28, 1]},
       "compile_config": {
         "optimizer": {"module": "keras.optimizers", "class_name": "Adam",
                       "config": {"name": "adam", "learning_rate": 0.00025, "beta_1": 0.9,
                                  "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}},
         "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}}
      """;

  /**
   * A {@code .keras} archive by hand, to the letter of FORMAT.md: {@code config}, the weights of
   * {@link KerasWeightsTest#convnetFixture} and Adam's variables after 469 steps at 0.00025.
   * Returns the values by Dendrite name (parameters and moments).
   */
  private Map<String, INDArray> notebookArchive(Path file, String config) {
    Path weights = dir.resolve(file.getFileName() + ".h5");
    Map<String, INDArray> values = new LinkedHashMap<>(
        KerasWeightsTest.convnetFixture(weights, layers -> { }));
    Map<String, INDArray> parameters = new LinkedHashMap<>(values);
    byte[] bytes;
    try {
      Path withOptimizer = dir.resolve(file.getFileName() + ".full.h5");
      try (WritableHdfFile hdf = Hdf5Writer.create(withOptimizer);
          HdfFile source = new HdfFile(weights)) {
        WritableGroup layers = hdf.putGroup("layers");
        for (String group : ((io.jhdf.api.Group) source.getChild("layers")).getChildren()
            .keySet()) {
          io.jhdf.api.Group vars = (io.jhdf.api.Group) source.getByPath("layers/" + group
              + "/vars");
          WritableGroup copy = layers.putGroup(group).putGroup("vars");
          copy.putAttribute("name", vars.getAttribute("name").getData());
          vars.getChildren().forEach((k, node) ->
              copy.putDataset(k, ((io.jhdf.api.Dataset) node).getData()));
        }
        WritableGroup vars = hdf.putGroup("optimizer").putGroup("vars");
        vars.putAttribute("name", "adam");
        vars.putDataset("0", 469L);
        vars.putDataset("1", 0.00025f);
        int k = 2;
        for (Map.Entry<String, INDArray> p : parameters.entrySet()) {
          for (String moment : List.of("moment1", "moment2")) {
            INDArray value = Nd4j.rand(DataType.FLOAT, p.getValue().shape());
            vars.putDataset(String.valueOf(k++), Hdf5Writer.floats(value));
            values.put(p.getKey() + "." + moment, value);
          }
        }
        hdf.putGroup("vars").putAttribute("name", "sequential_4");
      }
      bytes = Files.readAllBytes(withOptimizer);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("metadata.json", "{\"keras_version\": \"3.15.1\", "
        + "\"date_saved\": \"2026-08-17@21:11:34\"}");
    members.put("config.json", config);
    members.put("model.weights.h5", bytes);
    KerasFixtures.zip(file, members);
    return values;
  }

  private static JsonNode read(ZipFile zip, String member) throws Exception {
    return JSON.readTree(zip.getInputStream(zip.getEntry(member)));
  }

  private static String message(org.junit.jupiter.api.function.Executable load) {
    return assertThrows(WeightsException.class, load).getMessage();
  }
}
