package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import java.io.IOException;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics of models that branch and join: a name that is not a layer above, shapes that
 * cannot be added or concatenated, a join of fewer than two, and the warning for a layer whose
 * output nothing reads. Each lands on the annotation that names the layer at fault.
 */
class BranchDiagnosticsTest {

  // ---- UNKNOWN_INPUT, LATER_INPUT ----

  @Test
  void addOfAnUnknownName() {
    Source source = source("ErroneousUnknownInput",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousUnknownInput {",
        "  @Dense(units = 4) Layer block1;",
        "  @Dense(units = 4) Layer block2;",
        "  @Add({\"block2\", \"blok1\"})",
        "  Layer sum;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Add on layer sum names blok1, but no layer is named so. Name one "
            + "of the layers declared before sum: block1, block2.")
        .inFile(source.file())
        .onLine(source.lineOf("blok1"));
  }

  @Test
  void fromALaterLayer() {
    Source source = source("ErroneousLaterInput",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousLaterInput {",
        "  @Dense(units = 4) Layer block1;",
        "  @From(\"block3\")",
        "  @Dense(units = 4) Layer block2;",
        "  @Dense(units = 4) Layer block3;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@From on layer block2 names block3, which is declared after it: a "
            + "layer reads only layers above it. Name one of the layers declared before block2 "
            + "(block1), or move block3 above block2.")
        .inFile(source.file())
        .onLine(source.lineOf("@From(\"block3\")"));
  }

  @Test
  void fromItselfOnTheFirstLayer() {
    Source source = source("ErroneousSelfInput",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousSelfInput {",
        "  @From(\"first\") @Dense(units = 4) Layer first;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Name one of the layers declared before first (none, it is the "
            + "first)")
        .inFile(source.file())
        .onLine(source.lineOf("@From(\"first\")"));
  }

  @Test
  void aLayerFromAnEarlierLayerIsJudgedOnThatLayersShapeAndTrace() {
    Source source = source("ErroneousFromImage",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousFromImage {",
        "  @Conv2D(filters = 4, kernelSize = 3) Layer conv;",
        "  @MaxPooling2D Layer pool;",
        "  @Flatten Layer flatten;",
        "  @From(\"pool\") @Dense(units = 10, activation = SOFTMAX)",
        "  Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dense output needs a flat input but receives 13x13x4 (input "
            + "28x28x1 -> conv 26x26x4 -> pool 13x13x4).")
        .inFile(source.file())
        .onLine(source.lineOf("@From(\"pool\")"));
  }

  @Test
  void fromOnAFieldThatIsNoLayer() {
    Source source = source("ErroneousStrayFrom",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousStrayFrom {",
        "  @Dense(units = 4) Layer hidden;",
        "  @From(\"hidden\")",
        "  int notALayer;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@From on field notALayer, which declares no layer. Put it beside "
            + "the layer annotation of a Layer field, like '@From(\"hidden\") @Dense(units = 10) "
            + "Layer notALayer;', or remove it.")
        .inFile(source.file())
        .onLine(source.lineOf("@From(\"hidden\")"));
  }

  // ---- @From("input") ----

  @Test
  void addOfTheInputAndALayerOfAnotherShapeNamesBoth() {
    Source source = source("ErroneousInputShortcut",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousInputShortcut {",
        "  @Dense(units = 4) Layer hidden;",
        "  @Add({\"hidden\", \"input\"})",
        "  Layer sum;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Add sum adds layers of different shapes: hidden 4 and input 8.")
        .inFile(source.file())
        .onLine(source.lineOf("@Add({"));
  }

  @Test
  void fromInputReadsTheModelsInputOnAnyLayer() throws IOException {
    Source source = source("InputShortcut",
        "@Model(input = {6, 6, 2}, loss = MEAN_SQUARED_ERROR)",
        "class InputShortcut {",
        "  @Conv2D(filters = 2, kernelSize = 3, padding = Padding.SAME, activation = RELU)",
        "  Layer conv;",
        "  @Add({\"conv\", \"input\"}) Layer sum;",
        "  @From(\"input\") @Flatten Layer raw;",
        "  @From(\"sum\") @Flatten Layer flat;",
        "  @Concatenate({\"flat\", \"raw\"}) Layer joined;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String network = compilation.generatedFile(StandardLocation.SOURCE_OUTPUT, "test",
        "InputShortcutNetwork.java").orElseThrow().getCharContent(false).toString();
    assertTrue(network.contains("Kernels.add(b.conv, b.inputMap, b.sum);"), network);
    assertTrue(network.contains("raw 72 (of input)"), network);
    assertTrue(network.matches("(?s).* sum \\(Add\\) .* conv, input\\\\n.*"), network);
    assertTrue(network.matches("(?s).* raw \\(Flatten\\) .* input\\\\n.*"), network);
  }

  // ---- JOIN_COUNT, FROM_ON_JOIN ----

  @Test
  void addOfOneLayer() {
    Source source = source("ErroneousAddOfOne",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousAddOfOne {",
        "  @Dense(units = 4) Layer block;",
        "  @Add(\"block\") Layer sum;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Add sum joins 1 layer(s), but needs at least two. Received: "
            + "{\"block\"}. Name them, like @Add({\"conv2\", \"shortcut\"}).")
        .inFile(source.file())
        .onLine(source.lineOf("@Add(\"block\")"));
  }

  @Test
  void fromOnAJoin() {
    Source source = source("ErroneousFromOnJoin",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousFromOnJoin {",
        "  @Dense(units = 4) Layer a;",
        "  @Dense(units = 4) Layer b;",
        "  @From(\"a\")",
        "  @Concatenate({\"a\", \"b\"}) Layer joined;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@From on @Concatenate joined: a join names its inputs itself. "
            + "Remove @From and name every input in @Concatenate.")
        .inFile(source.file())
        .onLine(source.lineOf("@From(\"a\")"));
  }

  // ---- ADD_SHAPES, CONCATENATE_SHAPES ----

  @Test
  void addOfTwoShapesNamesBoth() {
    Source source = source("ErroneousAddShapes",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousAddShapes {",
        "  @Conv2D(filters = 32, kernelSize = 3, activation = RELU) Layer conv1;",
        "  @MaxPooling2D Layer shortcut;",
        "  @Conv2D(filters = 64, kernelSize = 3, padding = Padding.SAME) Layer conv2;",
        "  @Add({\"conv2\", \"shortcut\"})",
        "  Layer sum;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Add sum adds layers of different shapes: conv2 13x13x64 and "
            + "shortcut 13x13x32. Give them one shape, for example with a 1x1 @Conv2D or a "
            + "@Dense on the shortcut.")
        .inFile(source.file())
        .onLine(source.lineOf("@Add({"));
  }

  @Test
  void concatenateOfDifferentImageSizes() {
    Source source = source("ErroneousConcatenateShapes",
        "@Model(input = {8, 8, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConcatenateShapes {",
        "  @Conv2D(filters = 4, kernelSize = 3) Layer conv;",
        "  @MaxPooling2D Layer pool;",
        "  @Concatenate({\"conv\", \"pool\"})",
        "  Layer joined;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Concatenate joined joins along the last axis, so every other "
            + "dimension must agree, but conv is 6x6x4 and pool is 3x3x4. Give them the same "
            + "dimensions but the last.")
        .inFile(source.file())
        .onLine(source.lineOf("@Concatenate({"));
  }

  // ---- UNUSED_OUTPUT ----

  @Test
  void aLayerNothingReadsIsAWarning() {
    Source source = source("UnusedBranch",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class UnusedBranch {",
        "  @Dense(units = 4) Layer stem;",
        "  @Dense(units = 4) Layer unused;",
        "  @From(\"stem\") @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining("the output of layer unused is read by no later layer and is not "
            + "the model's output, so it changes nothing. Read it (@From(\"unused\"), @Add or "
            + "@Concatenate) or remove unused.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer unused"));
  }

  // ---- generated code and summary ----

  @Test
  void aResidualBlockSumsTheGradientOfItsShortcut() throws IOException {
    Source source = source("Residual",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class Residual {",
        "  @Dense(units = 4, activation = TANH) Layer x;",
        "  @Dense(units = 4, activation = RELU) Layer dense1;",
        "  @Dense(units = 4) Layer dense2;",
        "  @Add({\"dense2\", \"x\"}) Layer residual;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String network = compilation.generatedFile(StandardLocation.SOURCE_OUTPUT, "test",
        "ResidualNetwork.java").orElseThrow().getCharContent(false).toString();
    // the Add, the last to read x, writes its gradient; dense1 adds its own share
    assertTrue(network.contains("Kernels.copy(b.residualGrad, b.xGrad);"), network);
    assertTrue(network.contains("Kernels.denseBackward(b.x, dense1Kernel, b.dense1Grad, "
        + "dense1KernelGrad, dense1BiasGrad,\n        b.dense1InGrad);"), network);
    assertTrue(network.contains("Kernels.add(b.xGrad, b.dense1InGrad, b.xGrad);"), network);
    assertTrue(network.contains(
        "\" residual (Add)  (None, 4)           0      4   1.00 KB  dense2, x\\n\""), network);
    assertEquals(1, count(network, "this.dense1InGrad = Nd4j.create("), network);
    assertTrue(network.contains("-> residual 4 (of dense2, x) ->"), network);
  }

  @Test
  void concatenateAddsTheLastAxesAndAnAddKeepsItsInputsShape() throws IOException {
    Source source = source("Inception",
        "@Model(input = {14, 14, 8}, loss = CATEGORICAL_CROSSENTROPY)",
        "class Inception {",
        "  @Conv2D(filters = 32, kernelSize = 1, activation = RELU) Layer wide;",
        "  @From(\"wide\") @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME)",
        "  Layer narrow;",
        "  @Concatenate({\"wide\", \"narrow\"}) Layer joined;",
        "  @Conv2D(filters = 48, kernelSize = 1) Layer mix;",
        "  @Add({\"mix\", \"joined\"}) Layer sum;",
        "  @GlobalAveragePooling2D Layer global;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String network = compilation.generatedFile(StandardLocation.SOURCE_OUTPUT, "test",
        "InceptionNetwork.java").orElseThrow().getCharContent(false).toString();
    assertTrue(network.matches("(?s).* joined \\(Concatenate\\) +\\(None, 14, 14, 48\\) +0 +0 "
        + "+[0-9.]+ MB  wide, narrow\\\\n.*"), network);
    assertTrue(network.contains("Kernels.concatenate(b.narrow, b.joined, WIDE_CHANNELS);"),
        network);
    // the sum names its dimensions after its first input
    assertTrue(network.contains("this.sum = Nd4j.create(dataType, n, MIX_HEIGHT, MIX_WIDTH, "
        + "MIX_CHANNELS);"), network);
  }

  private static int count(String text, String fragment) {
    return text.split(java.util.regex.Pattern.quote(fragment), -1).length - 1;
  }

}
