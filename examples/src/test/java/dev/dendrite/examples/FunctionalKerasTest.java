package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.StrictJson;
import dev.dendrite.io.Weights;
import dev.dendrite.keras.KerasImport;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras files of models that branch, written as Keras 3 writes a Functional model: saved and
 * loaded back, imported as source and compiled, and a fixture written by a Python script
 * independently of Dendrite's writer (examples/src/test/keras-fixtures/make_fixtures.py).
 */
class FunctionalKerasTest {
  private static final Path FIXTURES = Path.of("src/test/resources/keras");

  @TempDir Path dir;

  /** The residual convnet, a few Adam steps into training, so that its optimizer has state. */
  private static Network trainedResidual() {
    Network network = new MnistResidualNetwork(3);
    Nd4j.getRandom().setSeed(17);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 784);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
    for (int i = 0; i < 8; i++) {
      y.putScalar(i, i, 1f);
    }
    for (int step = 0; step < 3; step++) {
      network.fit(x, y);
    }
    return network;
  }

  @Test
  void residualConvnetRoundTripsThroughKerasFilesExactly() {
    Network trained = trainedResidual();
    Nd4j.getRandom().setSeed(29);
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 784);
    for (String file : List.of("residual.keras", "residual.weights.h5")) {
      Network other = new MnistResidualNetwork(9);
      assertNotEquals(trained.predict(x), other.predict(x));

      Weights.save(trained, dir.resolve(file));
      Weights.load(other, dir.resolve(file));

      trained.parameters().forEach((name, value) -> assertEquals(value,
          other.parameters().get(name), file + ": " + name));
      trained.optimizerState().forEach((name, value) -> assertEquals(value,
          other.optimizerState().get(name), file + ": " + name));
      assertEquals(trained.predict(x), other.predict(x), file);
    }
  }

  /**
   * The archive's config is a Functional model: its layers in Keras' order (here not the
   * fields': side is declared first but Keras puts it after the residual block), each called
   * on the tensors it reads; the weight groups count per class in that order.
   */
  @Test
  void aBranchingModelIsWrittenAsAKerasFunctionalModel() throws Exception {
    Path file = dir.resolve("shortcut.keras");
    Weights.save(new ResidualModels_InputShortcutNetwork(1), file);
    JsonNode config;
    byte[] weights;
    try (ZipFile zip = new ZipFile(file.toFile());
        InputStream json = zip.getInputStream(zip.getEntry("config.json"));
        InputStream h5 = zip.getInputStream(zip.getEntry("model.weights.h5"))) {
      config = StrictJson.parse(new String(json.readAllBytes(), StandardCharsets.UTF_8));
      weights = h5.readAllBytes();
    }

    assertEquals("keras.src.models.functional", config.path("module").asText());
    assertEquals("Functional", config.path("class_name").asText());
    assertEquals("Functional", config.path("registered_name").asText());
    JsonNode model = config.path("config");
    List<String> layers = new ArrayList<>();
    model.path("layers").forEach(l -> layers.add(l.path("name").asText() + " ("
        + l.path("class_name").asText() + ")"));
    assertEquals(List.of("input_layer (InputLayer)", "dense1 (Dense)", "dense2 (Dense)",
        "residual (Add)", "side (Dense)", "joined (Concatenate)", "output (Dense)"), layers);
    assertEquals(StrictJson.parse("[\"input_layer\", 0, 0]"), model.path("input_layers"));
    assertEquals(StrictJson.parse("[\"output\", 0, 0]"), model.path("output_layers"));
    JsonNode add = model.path("layers").get(3);
    assertEquals(StrictJson.parse("[{\"args\": [[{\"class_name\": \"__keras_tensor__\", "
        + "\"config\": {\"shape\": [null, 5], \"dtype\": \"float32\", \"keras_history\": "
        + "[\"dense2\", 0, 0]}}, {\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": "
        + "[null, 5], \"dtype\": \"float32\", \"keras_history\": [\"input_layer\", 0, 0]}}]], "
        + "\"kwargs\": {}}]"), add.path("inbound_nodes"));
    assertEquals(StrictJson.parse("{\"input_shape\": [[null, 5], [null, 5]]}"),
        add.path("build_config"));
    JsonNode side = model.path("layers").get(4);
    assertEquals("input_layer", side.path("inbound_nodes").path(0).path("args").path(0)
        .path("config").path("keras_history").path(0).asText());
    assertEquals(StrictJson.parse("{\"name\": \"joined\", \"trainable\": true, \"dtype\": "
        + "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": "
        + "\"float32\"}}, \"axis\": -1}"), model.path("layers").get(5).path("config"));

    TreeMap<String, String> groups = new TreeMap<>();
    try (HdfFile hdf = HdfFile.fromBytes(weights)) {
      for (Node group : ((Group) hdf.getChild("layers")).getChildren().values()) {
        Group vars = (Group) ((Group) group).getChild("vars");
        groups.put(group.getName(), vars.getAttribute("name").getData() + " "
            + vars.getChildren().size());
      }
    }
    assertEquals("{add=residual 0, concatenate=joined 0, dense=dense1 2, dense_1=dense2 2, "
        + "dense_2=side 2, dense_3=output 2, input_layer=input_layer 0}", groups.toString());
  }

  @Test
  void aFileOfTheSameLayersWiredOtherwiseIsRefused() throws Exception {
    Path file = dir.resolve("shortcut.keras");
    Weights.save(new ResidualModels_InputShortcutNetwork(1), file);
    Path rewired = dir.resolve("rewired.keras");
    try (ZipFile zip = new ZipFile(file.toFile())) {
      java.util.Map<String, Object> members = new java.util.LinkedHashMap<>();
      for (var entry : java.util.Collections.list(zip.entries())) {
        byte[] bytes = zip.getInputStream(entry).readAllBytes();
        members.put(entry.getName(), entry.getName().equals("config.json")
            // the side branch reads dense1 instead of the input
            ? new String(bytes, StandardCharsets.UTF_8).replaceFirst("(\"name\": ?\"side\""
                + ".*?\"keras_history\": ?\\[)\"input_layer\"", "$1\"dense1\"")
            : bytes);
      }
      KerasFixtures.zip(rewired, members);
    }

    WeightsException e = assertThrows(WeightsException.class,
        () -> Weights.load(new ResidualModels_InputShortcutNetwork(2), rewired));
    assertTrue(e.getMessage().contains("config.json: its layer side (Dense) reads dense1 where "
        + "side of InputShortcut reads input"), e.getMessage());
  }

  /**
   * Save, import as source, compile with the processor, load the imported weights: the
   * generated network predicts what the original did.
   */
  @Test
  void anExportedResidualConvnetImportsAsSourceThatPredictsTheSame() throws Exception {
    Network trained = trainedResidual();
    Path file = dir.resolve("residual.keras");
    Weights.save(trained, file);

    KerasImport.Imported imported = KerasImport.importModel(file, "digits", "Residual");
    assertTrue(imported.source().contains("  @Add({\"block2\", \"pool1\"}) Layer residual;\n"),
        imported.source());
    Path source = dir.resolve("src/digits/Residual.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, imported.source());
    Path classes = Files.createDirectories(dir.resolve("classes"));
    KerasImportEndToEndTest.compile(source, classes);

    Nd4j.getRandom().setSeed(31);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 784);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Network network = (Network) loader.loadClass("digits.ResidualNetwork")
          .getConstructor(long.class).newInstance(5L);
      network.setParameters(imported.weights());
      assertEquals(trained.predict(x), network.predict(x));
    }
  }

  /** The Python-written fixture, imported, compiled and run; and loaded straight from Keras. */
  @Test
  void aKerasFunctionalFixtureImportsAndPredictsWhatNumpyComputed() throws Exception {
    JsonNode expected = StrictJson.parse(Files.readString(
        FIXTURES.resolve("residual_functional.json")));
    KerasImport.Imported imported = KerasImport.importModel(
        FIXTURES.resolve("residual_functional.keras"), "shortcut", "Shortcut");
    assertEquals("""
        package shortcut;

        import dev.dendrite.Activation;
        import dev.dendrite.Add;
        import dev.dendrite.Concatenate;
        import dev.dendrite.Dense;
        import dev.dendrite.From;
        import dev.dendrite.Layer;
        import dev.dendrite.Loss;
        import dev.dendrite.Model;
        import dev.dendrite.Optimizer;

        /** Imported from residual_functional.keras (Keras 3.4.1). */
        @Model(input = 8, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM)
        class Shortcut {
          @Dense(units = 8, activation = Activation.RELU) Layer hidden;
          @Dense(units = 8) Layer residual_dense;
          @Add({"residual_dense", "input"}) Layer sum;
          @From("input") @Dense(units = 4, activation = Activation.TANH) Layer side;
          @Concatenate({"sum", "side"}) Layer joined;
          @Dense(units = 3, activation = Activation.SOFTMAX) Layer probabilities;
        }
        """, imported.source());
    Path source = dir.resolve("src/shortcut/Shortcut.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, imported.source());
    Path classes = Files.createDirectories(dir.resolve("classes"));
    KerasImportEndToEndTest.compile(source, classes);

    JsonNode inputs = expected.path("inputs");
    INDArray x = Nd4j.create(DataType.FLOAT, inputs.size(), 8);
    for (int i = 0; i < inputs.size(); i++) {
      for (int j = 0; j < 8; j++) {
        x.putScalar(i, j, inputs.get(i).get(j).floatValue());
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Class<?> type = loader.loadClass("shortcut.ShortcutNetwork");
      Network fromSource = (Network) type.getConstructor(long.class).newInstance(1L);
      fromSource.setParameters(imported.weights());
      Network fromKeras = (Network) type.getConstructor(long.class).newInstance(2L);
      Weights.load(fromKeras, FIXTURES.resolve("residual_functional.keras"));
      for (Network network : List.of(fromSource, fromKeras)) {
        INDArray actual = network.predict(x);
        for (int i = 0; i < inputs.size(); i++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(expected.path("expected").get(i).get(c).doubleValue(),
                actual.getDouble(i, c), 1e-6, "sample " + i + ", class " + c);
          }
        }
      }
    }
  }
}
