package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/**
 * {@code @Maxout}: its values, its input, and the code it generates; and the warning for a
 * bounded activation beyond Keras on a regression output.
 */
class MaxoutDiagnosticsTest {

  private static void assertOneError(Source source, String fragment, String message) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(fragment));
  }

  // ---- WINDOW_VALUE ----

  @Test
  void zeroUnits() {
    assertOneError(source("ErroneousMaxoutZeroUnits",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousMaxoutZeroUnits {",
            "  @Maxout(pieces = 2,",
            "      units = 0)",
            "  Layer hidden;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "units = 0", "@Maxout units expected a positive integer. Received: units = 0.");
  }

  @Test
  void zeroPieces() {
    assertOneError(source("ErroneousMaxoutZeroPieces",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousMaxoutZeroPieces {",
            "  @Maxout(units = 4,",
            "      pieces = 0)",
            "  Layer hidden;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "pieces = 0", "@Maxout pieces expected a positive integer. Received: pieces = 0.");
  }

  @Test
  void negativePieces() {
    assertOneError(source("ErroneousMaxoutNegativePieces",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousMaxoutNegativePieces {",
            "  @Maxout(units = 4, pieces = -3) Layer hidden;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "pieces = -3", "@Maxout pieces expected a positive integer. Received: pieces = -3.");
  }

  @Test
  void tooManyPieces() {
    assertOneError(source("ErroneousMaxoutTooWide",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousMaxoutTooWide {",
            "  @Maxout(units = 65_536,",
            "      pieces = 65_536)",
            "  Layer hidden;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "pieces = 65_536", "@Maxout pieces expected units * pieces of at most 2,147,483,647 "
            + "(units = 65536). Received: pieces = 65536.");
  }

  // ---- NEEDS_FLAT ----

  @Test
  void maxoutOnAnImage() {
    assertOneError(source("ErroneousMaxoutOnImage",
            "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
            "class ErroneousMaxoutOnImage {",
            "  @Conv2D(filters = 4, kernelSize = 3) Layer conv;",
            "  @Maxout(units = 16, pieces = 3)",
            "  Layer hidden;",
            "  @Flatten Layer flatten;",
            "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
            "}"),
        "@Maxout", "@Maxout hidden needs a flat input but receives 26x26x4 "
            + "(input 28x28x1 -> conv 26x26x4). Add '@Flatten Layer flatten;' before hidden.");
  }

  @Test
  void maxoutOnASeriesInput() {
    assertOneError(source("ErroneousMaxoutOnSeries",
            "@Model(input = {16, 2}, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousMaxoutOnSeries {",
            "  @Maxout(units = 4, pieces = 2) Layer hidden;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "@Maxout", "@Maxout hidden needs a flat input but receives 16x2 (input 16x2). Add "
            + "'@Flatten Layer flatten;' before hidden.");
  }

  // ---- OUTPUT_NOT_DENSE ----

  @Test
  void maxoutAsTheOutput() {
    assertOneError(source("ErroneousMaxoutOutput",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousMaxoutOutput {",
            "  @Maxout(units = 1, pieces = 2) Layer output;",
            "}"),
        "@Maxout", "the last layer output is @Maxout, but a model must end with a @Dense output "
            + "layer that fits the loss.");
  }

  // ---- generated code ----

  @Test
  void maxoutGeneratesDenseThenMax() {
    Compilation compilation = compile(source("Pieces",
        "@Model(input = {4, 4}, loss = CATEGORICAL_CROSSENTROPY)",
        "class Pieces {",
        "  @Flatten Layer flatten;",
        "  @Maxout(units = 8, pieces = 3) Layer hidden;",
        "  @Maxout(units = 4, pieces = 2, useBias = false) Layer hidden2;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.PiecesNetwork")
        .contentsAsUtf8String();
    network.contains("static final int HIDDEN_PIECES = 3;");
    network.contains("hiddenKernel = Nd4j.create(dataType, FLATTEN_SIZE, HIDDEN_SIZE * "
        + "HIDDEN_PIECES);");
    network.contains(
        "Kernels.glorotUniform(hiddenKernel, FLATTEN_SIZE, HIDDEN_SIZE * HIDDEN_PIECES, init);");
    network.contains("hiddenBias = Nd4j.create(dataType, HIDDEN_SIZE * HIDDEN_PIECES);");
    network.contains("// hidden: Maxout 16 -> 24 -> 8, max of 3 pieces\n");
    network.contains("// hidden2: Maxout 8 -> 8 -> 4, max of 2 pieces, no bias\n");
    network.contains("Kernels.dense(b.flatten, hiddenKernel, hiddenBias, b.hiddenZ);\n"
        + "    MaxoutUnits.max(b.hiddenZ, b.hidden, HIDDEN_PIECES);");
    network.contains("MaxoutUnits.maxBackward(b.hiddenZ, b.hiddenGrad, b.hiddenZGrad, HIDDEN_PIECES);\n"
        + "    Kernels.denseBackward(b.flatten, hiddenKernel, b.hiddenZGrad, hiddenKernelGrad, "
        + "hiddenBiasGrad,\n        null);");
    network.contains("Kernels.dense(b.hidden, hidden2Kernel, null, b.hidden2Z);");
    network.contains("this.hiddenZ = Nd4j.create(dataType, n, HIDDEN_SIZE * HIDDEN_PIECES);");
    network.contains(" hidden (Maxout)    (None, 8)         408    816  14.38 KB\n");
    // 16 x 24 + 24 + 8 x 8 + 4 x 3 + 3
    network.contains("Total params: 487 ");
  }

  @Test
  void layerNamedLikeThePiecesConstant() {
    // Buffers would declare a field HIDDEN_PIECES that hides the constant its shapes use.
    Source source = source("ErroneousPiecesClash",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousPiecesClash {",
        "  @Maxout(units = 4, pieces = 2) Layer hidden;",
        "  @Dense(units = 4) Layer HIDDEN_PIECES;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("layer name HIDDEN_PIECES clashes with generated code: "
            + "ErroneousPiecesClashNetwork already uses HIDDEN_PIECES for the maxout pieces of "
            + "layer hidden. Rename the layer.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer HIDDEN_PIECES;"));
  }

  // ---- REGRESSION_SQUASHED for the bounded activations beyond Keras ----

  @Test
  void gaussianRegressionOutput() {
    assertSquashed("GaussianOutput", "GAUSSIAN");
  }

  @Test
  void mexicanHatRegressionOutput() {
    assertSquashed("MexicanHatOutput", "MEXICAN_HAT");
  }

  @Test
  void unboundedActivationsBeyondKerasDoNotWarn() {
    Compilation compilation = compile(source("Unbounded",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class Unbounded {",
        "  @Dense(units = 4, activation = GAUSSIAN) Layer a;",
        "  @Dense(units = 4, activation = MEXICAN_HAT) Layer b;",
        "  @Dense(units = 4, activation = ABSOLUTE) Layer c;",
        "  @Dense(units = 4, activation = TRUNCATED_POWER) Layer d;",
        "  @Dense(units = 1, activation = POLYNOMIAL) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.UnboundedNetwork").contentsAsUtf8String()
        .contains("Activations.truncatedPowerBackward(b.dZ, b.d, b.dGrad, b.dZGrad);");
  }

  private static void assertSquashed(String name, String activation) {
    Source source = source(name,
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class " + name + " {",
        "  @Dense(units = 16, activation = RELU) Layer hidden;",
        "  @Dense(units = 1, activation = " + activation + ")",
        "  Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining("mean squared error is a regression loss, but the output layer "
            + "output uses " + activation + ", which bounds every prediction.")
        .inFile(source.file())
        .onLine(source.lineOf("activation = " + activation));
  }
}
