package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.keras.KerasImport;
import dev.dendrite.keras.KerasImportException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras models imported as source, from the fixtures of examples/src/test/keras-fixtures
 * (built to the letter of FORMAT.md): the text of the class, the weights' names and shapes, and
 * every unsupported option listed in one error.
 */
class KerasSourceImportTest {
  static final Path FIXTURES = Path.of("src/test/resources/keras");

  @TempDir Path dir;

  /** The convnet's source, whichever Keras wrote the file. */
  private static String convnet(String origin) {
    return """
        package digits;

        import dev.dendrite.Activation;
        import dev.dendrite.Conv2D;
        import dev.dendrite.Dense;
        import dev.dendrite.Dropout;
        import dev.dendrite.Flatten;
        import dev.dendrite.Layer;
        import dev.dendrite.Loss;
        import dev.dendrite.MaxPooling2D;
        import dev.dendrite.Model;
        import dev.dendrite.Optimizer;

        /** Imported from %s. */
        @Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM)
        class Digits {
          @Conv2D(filters = 32, kernelSize = {3, 3}, activation = Activation.RELU) Layer conv2d_8;
          @MaxPooling2D Layer max_pooling2d_8;
          @Conv2D(filters = 64, kernelSize = {3, 3}, activation = Activation.RELU) Layer conv2d_9;
          @MaxPooling2D Layer max_pooling2d_9;
          @Flatten Layer flatten_4;
          @Dropout(0.5) Layer dropout_4;
          @Dense(units = 10, activation = Activation.SOFTMAX) Layer dense_4;
        }
        """.formatted(origin);
  }

  @Test
  void keras3ConvnetWithNotebookNamesImportsAsSource() {
    KerasImport.Imported imported = KerasImport.importModel(
        FIXTURES.resolve("mnist_convnet.keras"), "digits", "Digits");

    assertEquals(convnet("mnist_convnet.keras (Keras 3.4.1)"), imported.source());
    // the fields are the config's names; the weights came from layers/conv2d, layers/dense
    assertEquals(List.of("conv2d_8.kernel", "conv2d_8.bias", "conv2d_9.kernel", "conv2d_9.bias",
        "dense_4.kernel", "dense_4.bias"), List.copyOf(imported.weights().keySet()));
    assertArrayEquals(new long[] {3, 3, 1, 32}, imported.weights().get("conv2d_8.kernel").shape());
    assertArrayEquals(new long[] {3, 3, 32, 64},
        imported.weights().get("conv2d_9.kernel").shape());
    assertArrayEquals(new long[] {1600, 10}, imported.weights().get("dense_4.kernel").shape());
    assertEquals(34_826, imported.parameters());
  }

  @Test
  void keras2FullModelImportsAsTheSameSourceAndWeights() {
    KerasImport.Imported keras3 = KerasImport.importModel(
        FIXTURES.resolve("mnist_convnet.keras"), "digits", "Digits");
    KerasImport.Imported keras2 = KerasImport.importModel(
        FIXTURES.resolve("mnist_convnet_keras2.h5"), "digits", "Digits");

    // its learning rate, 0.0010000000474974513 (a float32), is Adam's default
    assertEquals(convnet("mnist_convnet_keras2.h5 (Keras 2.13.1)"), keras2.source());
    assertEquals(keras3.weights().keySet(), keras2.weights().keySet());
    keras3.weights().forEach((name, value) -> assertEquals(value, keras2.weights().get(name),
        name));
  }

  @Test
  void denseOnlyModelNamesFieldsAsJavaAndReadsTheOptimizer() {
    KerasImport.Imported imported = KerasImport.importModel(
        FIXTURES.resolve("dense_only.keras"), "flowers", "Flowers");

    assertEquals("""
        package flowers;

        import dev.dendrite.Activation;
        import dev.dendrite.Dense;
        import dev.dendrite.Layer;
        import dev.dendrite.Loss;
        import dev.dendrite.Model;
        import dev.dendrite.Optimizer;

        /** Imported from dense_only.keras (Keras 3.4.1). */
        @Model(input = 4, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.SGD,
            learningRate = 0.05, momentum = 0.9, nesterov = true)
        class Flowers {
          @Dense(units = 8, activation = Activation.RELU) Layer hidden_1; // Keras: hidden-1
          @Dense(units = 3, activation = Activation.SOFTMAX, useBias = false) Layer class_; // Keras: class
        }
        """, imported.source());
    // the second layer has no bias (use_bias false), so layers/dense_1/vars holds one variable
    assertEquals(List.of("hidden_1.kernel", "hidden_1.bias", "class_.kernel"),
        List.copyOf(imported.weights().keySet()));
    INDArray kernel = imported.weights().get("class_.kernel");
    assertArrayEquals(new long[] {8, 3}, kernel.shape());
  }

  @Test
  void functionalChainImportsLikeASequentialModel() {
    KerasImport.Imported imported = KerasImport.importModel(
        FIXTURES.resolve("dense_functional.keras"), "flowers", "Flowers");

    assertEquals("""
        package flowers;

        import dev.dendrite.Activation;
        import dev.dendrite.Dense;
        import dev.dendrite.Layer;
        import dev.dendrite.Loss;
        import dev.dendrite.Model;
        import dev.dendrite.Optimizer;

        /** Imported from dense_functional.keras (Keras 3.4.1). */
        @Model(input = 4, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
            learningRate = 0.01)
        class Flowers {
          @Dense(units = 8, activation = Activation.RELU) Layer hidden;
          @Dense(units = 3, activation = Activation.SOFTMAX) Layer probabilities;
        }
        """, imported.source());
    // the InputLayer's own (empty) group does not shift the Dense counters
    assertEquals(List.of("hidden.kernel", "hidden.bias", "probabilities.kernel",
        "probabilities.bias"), List.copyOf(imported.weights().keySet()));
    assertArrayEquals(new long[] {8, 3}, imported.weights().get("probabilities.kernel").shape());
  }

  @Test
  void everyUnsupportedLayerAndOptionIsListedInOneError() {
    Path file = FIXTURES.resolve("unsupported.keras");
    KerasImportException e = assertThrows(KerasImportException.class,
        () -> KerasImport.importModel(file, "p", "M"));

    assertEquals(List.of(
        "layer 'conv_first' (Conv2D): data_format is \"channels_first\"; Dendrite supports "
            + "\"channels_last\" only",
        "layer 'conv_first' (Conv2D): kernel_regularizer is L2 {\"l2\":0.01}; Dendrite "
            + "supports null (none)",
        "layer 'scale' (Lambda): Dendrite has no Lambda layer; it imports Dense, Dropout, "
            + "Flatten, Conv2D, Conv1D, MaxPooling2D, MaxPooling1D, AveragePooling2D, "
            + "AveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling1D"
            + ", SimpleRNN, LSTM, GRU",
        "layer 'head' (Dense): activation is Swishy {\"beta\":1.5}; Dendrite supports only the "
            + "built-in ones, by name: \"linear\", \"relu\", \"sigmoid\", \"tanh\", \"softmax\", "
            + "\"softsign\", \"softplus\", \"elu\", \"selu\", \"leaky_relu\", \"gelu\", \"swish\", "
            + "\"hard_sigmoid\", \"exponential\", \"truncated_power\", \"absolute\", "
            + "\"gaussian\", \"mexican_hat\", \"polynomial\""), e.unsupported());
    assertTrue(e.getMessage().startsWith(file + ": cannot import 4 unsupported layers or "
        + "options:\n  layer 'conv_first'"), e.getMessage());
  }

  @Test
  void theCommandExitsWithStatus2AndWritesNothingForAnUnsupportedModel() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = KerasImport.run(new String[] {FIXTURES.resolve("unsupported.keras").toString(),
        "--package", "p", "--class", "M", "--out", dir.toString(),
        "--weights", dir.resolve("m.safetensors").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(2, status);
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("error: "), text);
    assertEquals(4, text.lines().filter(l -> l.startsWith("  layer '")).count(), text);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertTrue(Files.notExists(dir.resolve("p")) && Files.notExists(dir.resolve("m.safetensors")));
  }
}
