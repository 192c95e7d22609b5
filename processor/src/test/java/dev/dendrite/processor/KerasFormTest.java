package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Each layer kind's Keras form in the generated {@code SPEC}: its Keras class, its whole config
 * (the {@code @KerasName} keys with resolved values, then the fixed entries), its input shape,
 * its parameters in Keras' order and why it cannot be exported, as golden text.
 */
class KerasFormTest {
  private static final String DTYPE = "\"dtype\": {\"module\": \"keras\", \"class_name\": "
      + "\"DTypePolicy\", \"config\": {\"name\": \"float32\"}}";
  private static final String WEIGHTS = "\"kernel_initializer\": {\"module\": "
      + "\"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}, "
      + "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", "
      + "\"config\": {}}, \"kernel_regularizer\": null, \"bias_regularizer\": null, "
      + "\"activity_regularizer\": null, \"kernel_constraint\": null, \"bias_constraint\": null";

  /** The {@code new LayerSpec(...)} arguments of a generated network, one string per layer. */
  private static List<String> layerSpecs(Compilation compilation, String network) {
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject file = compilation.generatedSourceFile(network).orElseThrow();
    String text;
    try {
      text = file.getCharContent(true).toString().replaceAll("\\s*\\n\\s*", " ")
          .replaceAll("(?<!\\\\)\" \\+ \"", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> specs = new ArrayList<>();
    Matcher m = Pattern.compile("new LayerSpec\\((.*?)\\)(?=, new LayerSpec|\\), \")")
        .matcher(text);
    while (m.find()) {
      // without the inputs and output shape, which KerasFormTest's branching test checks
      specs.add(m.group(1).replaceFirst(", List\\.of\\([^)]*\\), List\\.of\\([^)]*\\)$", ""));
    }
    return specs;
  }

  private static String config(String name, String entries) {
    return "\"{\\\"name\\\": \\\"" + name + "\\\", \\\"trainable\\\": true, "
        + DTYPE.replace("\"", "\\\"") + ", " + entries.replace("\"", "\\\"") + "}\"";
  }

  @Test
  void convnetLayersCarryTheirResolvedKerasConfigs() {
    Compilation compilation = compile(source("Net",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY, optimizer = ADAM)",
        "class Net {",
        "  @Conv2D(filters = 8, kernelSize = 3, activation = RELU) Layer conv;",
        "  @MaxPooling2D(poolSize = {2, 2}) Layer pool;",
        "  @AveragePooling2D(poolSize = 3, strides = {1, 2}, padding = Padding.SAME) Layer avg;",
        "  @GlobalAveragePooling2D Layer global;",
        "  @Dropout(0.25) Layer drop;",
        "  @Dense(units = 10, activation = SOFTMAX, useBias = false) Layer out;",
        "}"));
    List<String> specs = layerSpecs(compilation, "test.NetNetwork");
    assertEquals(List.of(
        "\"conv\", \"Conv2D\", " + config("conv", "\"activation\": \"relu\", "
            + "\"dilation_rate\": [1, 1], \"filters\": 8, "
            + "\"kernel_size\": [3, 3], \"padding\": \"valid\", \"strides\": [1, 1], "
            + "\"use_bias\": true, \"data_format\": \"channels_last\", "
            + "\"groups\": 1, " + WEIGHTS)
            + ", List.of(28, 28, 1), List.of(\"conv.kernel\", \"conv.bias\"), \"\"",
        "\"pool\", \"MaxPooling2D\", " + config("pool", "\"padding\": \"valid\", "
            + "\"pool_size\": [2, 2], \"strides\": [2, 2], \"data_format\": \"channels_last\"")
            + ", List.of(26, 26, 8), List.of(), \"\"",
        "\"avg\", \"AveragePooling2D\", " + config("avg", "\"padding\": \"same\", "
            + "\"pool_size\": [3, 3], \"strides\": [1, 2], \"data_format\": \"channels_last\"")
            + ", List.of(13, 13, 8), List.of(), \"\"",
        "\"global\", \"GlobalAveragePooling2D\", " + config("global",
            "\"data_format\": \"channels_last\", \"keepdims\": false")
            + ", List.of(13, 7, 8), List.of(), \"\"",
        "\"drop\", \"Dropout\", " + config("drop", "\"rate\": 0.25, \"noise_shape\": null, "
            + "\"seed\": null") + ", List.of(8), List.of(), \"\"",
        "\"out\", \"Dense\", " + config("out", "\"activation\": \"softmax\", \"units\": 10, "
            + "\"use_bias\": false, " + WEIGHTS) + ", List.of(8), List.of(\"out.kernel\"), \"\""),
        specs);
  }

  @Test
  void seriesLayersWriteOneNumberWindowsAsKerasLists() {
    Compilation compilation = compile(source("Series",
        "@Model(input = {16, 2}, loss = CATEGORICAL_CROSSENTROPY, optimizer = ADAM)",
        "class Series {",
        "  @Conv1D(filters = 4, kernelSize = 3, strides = 2, activation = SWISH) Layer conv;",
        "  @MaxPooling1D(poolSize = 2) Layer pool;",
        "  @AveragePooling1D(poolSize = 1, strides = 1) Layer avg;",
        "  @GlobalAveragePooling1D Layer global;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer out;",
        "}"));
    List<String> specs = layerSpecs(compilation, "test.SeriesNetwork");
    assertEquals(6, specs.size(), specs::toString);
    assertEquals("\"conv\", \"Conv1D\", " + config("conv", "\"activation\": \"silu\", "
        + "\"dilation_rate\": [1], "
        + "\"filters\": 4, \"kernel_size\": [3], \"padding\": \"valid\", \"strides\": [2], "
        + "\"use_bias\": true, \"data_format\": \"channels_last\", "
        + "\"groups\": 1, " + WEIGHTS)
        + ", List.of(16, 2), List.of(\"conv.kernel\", \"conv.bias\"), \"\"", specs.get(0));
    assertEquals("\"pool\", \"MaxPooling1D\", " + config("pool", "\"padding\": \"valid\", "
        + "\"pool_size\": [2], \"strides\": [2], \"data_format\": \"channels_last\"")
        + ", List.of(7, 4), List.of(), \"\"", specs.get(1));
    assertEquals("\"avg\", \"AveragePooling1D\", " + config("avg", "\"padding\": \"valid\", "
        + "\"pool_size\": [1], \"strides\": [1], \"data_format\": \"channels_last\"")
        + ", List.of(3, 4), List.of(), \"\"", specs.get(2));
    assertEquals("\"global\", \"GlobalAveragePooling1D\", " + config("global",
        "\"data_format\": \"channels_last\", \"keepdims\": false")
        + ", List.of(3, 4), List.of(), \"\"", specs.get(3));
    assertEquals("\"flat\", \"Flatten\", " + config("flat", "\"data_format\": \"channels_last\"")
        + ", List.of(4), List.of(), \"\"", specs.get(4));
  }

  @Test
  void zeroPaddingWritesKerasNestedPaddingAndGlobalMaxPoolingItsFixedConfig() {
    Compilation compilation = compile(source("Padded",
        "@Model(input = {5, 4, 2}, loss = MEAN_SQUARED_ERROR)",
        "class Padded {",
        "  @ZeroPadding2D(padding = {1, 2}) Layer pad;",
        "  @GlobalMaxPooling2D Layer global;",
        "  @Dense(units = 3) Layer out;",
        "}"));
    List<String> specs = layerSpecs(compilation, "test.PaddedNetwork");
    assertEquals(3, specs.size(), specs::toString);
    assertEquals("\"pad\", \"ZeroPadding2D\", " + config("pad",
        "\"padding\": [[1, 1], [2, 2]], \"data_format\": \"channels_last\"")
        + ", List.of(5, 4, 2), List.of(), \"\"", specs.get(0));
    assertEquals("\"global\", \"GlobalMaxPooling2D\", " + config("global",
        "\"data_format\": \"channels_last\", \"keepdims\": false")
        + ", List.of(7, 8, 2), List.of(), \"\"", specs.get(1));
  }

  @Test
  void maxoutAndActivationsBeyondKerasSayWhyTheyCannotBeExported() {
    Compilation compilation = compile(source("Beyond",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class Beyond {",
        "  @Maxout(units = 3, pieces = 2) Layer maxout;",
        "  @Dense(units = 5, activation = GAUSSIAN) Layer bump;",
        "  @Dense(units = 1) Layer out;",
        "}"));
    List<String> specs = layerSpecs(compilation, "test.BeyondNetwork");
    assertEquals("\"maxout\", \"\", \"{\\\"name\\\": \\\"maxout\\\", \\\"trainable\\\": true, "
        + DTYPE.replace("\"", "\\\"") + "}\", List.of(4), "
        + "List.of(\"maxout.kernel\", \"maxout.bias\"), \"@Maxout has no Keras counterpart\"",
        specs.get(0));
    assertEquals(true, specs.get(1).endsWith(
        "\"its activation GAUSSIAN is beyond Keras\""), specs.get(1));
    assertEquals(true, specs.get(2).endsWith("\"\""), specs.get(2));
  }

  @Test
  void theOptimizerIsWrittenAsKerasSerializesIt() {
    Compilation compilation = compile(source("Opt",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR, optimizer = RMSPROP, rho = 0.8,"
            + " momentum = 0.5, epsilon = 1e-6)",
        "class Opt {",
        "  @Dense(units = 1) Layer out;",
        "}"));
    assertThat(compilation).succeeded();
    String text;
    try {
      text = compilation.generatedSourceFile("test.OptNetwork").orElseThrow().getCharContent(true)
          .toString().replaceAll("\\s*\\n\\s*", " ").replaceAll("(?<!\\\\)\" \\+ \"", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(true, text.contains("\"{\\\"module\\\": \\\"keras.optimizers\\\", \\\"class_name\\\": "
            + "\\\"RMSprop\\\", \\\"config\\\": {\\\"name\\\": \\\"rmsprop\\\", "
            + "\\\"learning_rate\\\": 0.001, \\\"weight_decay\\\": null, \\\"clipnorm\\\": null, "
            + "\\\"global_clipnorm\\\": null, \\\"clipvalue\\\": null, \\\"use_ema\\\": false, "
            + "\\\"ema_momentum\\\": 0.99, \\\"ema_overwrite_frequency\\\": null, "
            + "\\\"rho\\\": 0.8, \\\"momentum\\\": 0.5, \\\"epsilon\\\": 1.0E-6, "
            + "\\\"centered\\\": false}, \\\"registered_name\\\": null}\""), text);
  }

  /**
   * A branching model's specs name what each layer reads ({@code input} for the model's input,
   * nothing for the layer above) and its output shape; Add and Concatenate have Keras forms.
   */
  @Test
  void branchingLayersNameTheirInputsAndJoinsHaveKerasForms() throws IOException {
    Compilation compilation = compile(source("Branches",
        "@Model(input = 6, loss = MEAN_SQUARED_ERROR)",
        "class Branches {",
        "  @Dense(units = 6, activation = RELU) Layer hidden;",
        "  @Add({\"hidden\", \"input\"}) Layer sum;",
        "  @From(\"input\") @Dense(units = 2) Layer side;",
        "  @Concatenate({\"sum\", \"side\"}) Layer joined;",
        "  @Dense(units = 1) Layer out;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    String text = compilation.generatedSourceFile("test.BranchesNetwork").orElseThrow()
        .getCharContent(true).toString().replaceAll("\\s*\\n\\s*", " ")
        .replaceAll("(?<!\\\\)\" \\+ \"", "");
    assertTrue(text.contains("new LayerSpec(\"hidden\", \"Dense\", "), text);
    assertTrue(text.contains("List.of(\"hidden.kernel\", \"hidden.bias\"), \"\", List.of(), "
        + "List.of(6))"), text);
    assertTrue(text.contains("new LayerSpec(\"sum\", \"Add\", " + config("sum", "")
        .replace(", }", "}") + ", List.of(6), List.of(), \"\", List.of(\"hidden\", \"input\"), "
        + "List.of(6))"), text);
    assertTrue(text.contains("\\\"axis\\\": -1}\", List.of(6), List.of(), \"\", "
        + "List.of(\"sum\", \"side\"), List.of(8))"), text);
    assertTrue(text.contains("List.of(\"side.kernel\", \"side.bias\"), \"\", "
        + "List.of(\"input\"), List.of(2))"), text);
    // out reads joined, the layer above
    assertTrue(text.contains("List.of(\"out.kernel\", \"out.bias\"), \"\", List.of(), "
        + "List.of(1))"), text);
  }
}
