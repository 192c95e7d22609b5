package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether the output layer fits the loss. A mismatch that cannot train is an error; one that
 * trains but is probably unintended is a warning, and the network is still generated. Each lands
 * on the output layer's annotation line.
 */
class LossDiagnosticsTest {

  /** A model of input 8, one hidden layer, and {@code output} as written, trained on {@code loss}. */
  private static Source model(String name, String loss, String output) {
    return source(name,
        "@Model(input = 8, loss = " + loss + ")",
        "class " + name + " {",
        "  @Dense(units = 16, activation = RELU) Layer hidden;",
        "  " + output,
        "  Layer output;",
        "}");
  }

  /** {@code model(name, loss, output)} fails with one error, on the output's line. */
  private static void assertOneError(String name, String loss, String output, String message) {
    Source source = model(name, loss, output);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(output));
  }

  /** {@code model(name, loss, output)} compiles with one warning, on the output's line. */
  private static void assertOneWarning(String name, String loss, String output, String message) {
    Source source = model(name, loss, output);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(output));
    // A warning does not stop generation.
    assertThat(compilation).generatedSourceFile("test." + name + "Network");
    assertThat(compilation).generatedSourceFile("test." + name + "Trainer");
  }

  // ---- binary cross-entropy: errors ----

  @Test
  void binaryCrossentropyWithSoftmax() {
    String output = "@Dense(units = 2, activation = SOFTMAX)";
    assertOneError("ErroneousBceSoftmax", "BINARY_CROSSENTROPY", output,
        "binary cross-entropy expects sigmoid probabilities, but the output layer output uses "
            + "SOFTMAX. For two classes use @Dense(units = 1, activation = SIGMOID); for more, "
            + "use loss = CATEGORICAL_CROSSENTROPY.");
  }

  @Test
  void binaryCrossentropyWithTenUnits() {
    String output = "@Dense(units = 10, activation = SIGMOID)";
    assertOneError("ErroneousBceUnits", "BINARY_CROSSENTROPY", output,
        "binary cross-entropy expects 1 sigmoid unit, but the output layer output has 10 units. "
            + "For 10 classes use loss = CATEGORICAL_CROSSENTROPY with activation = SOFTMAX; for "
            + "two, use @Dense(units = 1, activation = SIGMOID).");
  }

  @Test
  void binaryCrossentropyWithTwoUnitsSaysOneThing() {
    String output = "@Dense(units = 2, activation = SIGMOID)";
    assertOneError("ErroneousBceTwoUnits", "BINARY_CROSSENTROPY", output,
        "binary cross-entropy expects 1 sigmoid unit, but the output layer output has 2 units. "
            + "For two classes use one unit, @Dense(units = 1, activation = SIGMOID), or keep the "
            + "2 units with activation = SOFTMAX and loss = CATEGORICAL_CROSSENTROPY.");
  }

  // ---- a last layer that is not @Dense: the output to add fits the loss ----

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "MEAN_SQUARED_ERROR       | mean squared error       | '@Dense(units = 1) Layer output;' "
          + "with one linear unit per target value",
      "MEAN_ABSOLUTE_ERROR      | mean absolute error      | '@Dense(units = 1) Layer output;' "
          + "with one linear unit per target value",
      "HUBER                    | Huber                    | '@Dense(units = 1) Layer output;' "
          + "with one linear unit per target value",
      "BINARY_CROSSENTROPY      | binary cross-entropy     | '@Dense(units = 1, activation = "
          + "SIGMOID) Layer output;', the probability of class 1",
      "CATEGORICAL_CROSSENTROPY | categorical cross-entropy | '@Dense(units = 10, activation = "
          + "SOFTMAX) Layer output;' with one unit per class",
  })
  void lastLayerDropoutIsToldTheOutputOfItsLoss(String loss, String words, String fix) {
    Source source = source("ErroneousDropoutLast",
        "@Model(input = 8, loss = " + loss + ")",
        "class ErroneousDropoutLast {",
        "  @Dense(units = 16, activation = RELU) Layer hidden;",
        "  @Dropout(0.5)",
        "  Layer dropout;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("the last layer dropout is @Dropout, but a model must end with a "
            + "@Dense output layer that fits the loss. For " + words + ", add one after dropout: "
            + fix + ".")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(0.5)"));
  }

  @Test
  void regressionIsNotToldToAddAClassifier() {
    Source source = source("ErroneousRegressionDropoutLast",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousRegressionDropoutLast {",
        "  @Dense(units = 16, activation = RELU) Layer hidden;",
        "  @Dropout(0.5) Layer dropout;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    compilation.errors().forEach(error -> {
      String text = error.getMessage(Locale.ROOT);
      assertFalse(text.contains("SOFTMAX"), text);
      assertFalse(text.contains("class"), text);
    });
  }

  @Test
  void binaryCrossentropyWithTanh() {
    String output = "@Dense(units = 1, activation = TANH)";
    assertOneError("ErroneousBceTanh", "BINARY_CROSSENTROPY", output,
        "binary cross-entropy expects a probability, but the output layer output uses TANH, "
            + "whose values are not in (0, 1). Use activation = SIGMOID.");
  }

  @Test
  void binaryCrossentropyWithDefaultLinearActivation() {
    String output = "@Dense(units = 1)";
    assertOneError("ErroneousBceLinear", "BINARY_CROSSENTROPY", output,
        "binary cross-entropy expects a probability, but the output layer output uses LINEAR");
  }

  // ---- categorical cross-entropy ----

  @Test
  void categoricalCrossentropyWithOneUnit() {
    String output = "@Dense(units = 1, activation = SOFTMAX)";
    assertOneError("ErroneousCceOneUnit", "CATEGORICAL_CROSSENTROPY", output,
        "categorical cross-entropy needs one unit per class, but the output layer output has 1 "
            + "unit, so its loss is always 0. For two classes use loss = BINARY_CROSSENTROPY with "
            + "activation = SIGMOID.");
  }

  @Test
  void categoricalCrossentropyWithSigmoidWarns() {
    String output = "@Dense(units = 10, activation = SIGMOID)";
    assertOneWarning("ErroneousCceSigmoid", "CATEGORICAL_CROSSENTROPY", output,
        "categorical cross-entropy expects class probabilities, but the output layer output uses "
            + "SIGMOID. Use activation = SOFTMAX.");
  }

  // ---- regression losses: warnings ----

  @Test
  void meanSquaredErrorWithSigmoidWarns() {
    String output = "@Dense(units = 1, activation = SIGMOID)";
    assertOneWarning("ErroneousMseSigmoid", "MEAN_SQUARED_ERROR", output,
        "mean squared error is a regression loss, but the output layer output uses SIGMOID, "
            + "which bounds every prediction. Use activation = LINEAR unless the targets lie in "
            + "that range.");
  }

  @Test
  void meanSquaredErrorWithSoftmaxWarns() {
    String output = "@Dense(units = 3, activation = SOFTMAX)";
    assertOneWarning("ErroneousMseSoftmax", "MEAN_SQUARED_ERROR", output,
        "mean squared error is a regression loss, but the output layer output uses SOFTMAX, "
            + "which bounds every prediction.");
  }

  @Test
  void huberWithTanhWarns() {
    String output = "@Dense(units = 1, activation = TANH)";
    assertOneWarning("ErroneousHuberTanh", "HUBER", output,
        "Huber is a regression loss, but the output layer output uses TANH, which bounds every "
            + "prediction.");
  }

  // ---- outputs that fit ----

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CATEGORICAL_CROSSENTROPY | @Dense(units = 10, activation = SOFTMAX)",
      "BINARY_CROSSENTROPY      | @Dense(units = 1, activation = SIGMOID)",
      "BINARY_CROSSENTROPY      | @Dense(units = 1, activation = HARD_SIGMOID)",
      "MEAN_SQUARED_ERROR       | @Dense(units = 1)",
      "MEAN_ABSOLUTE_ERROR      | @Dense(units = 3, activation = RELU)",
      "HUBER                    | @Dense(units = 1, activation = LINEAR, useBias = false)",
  })
  void fittingOutputCompilesWithoutWarnings(String loss, String output) {
    Compilation compilation = compile(model("Fitting", loss, output));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.FittingNetwork");
  }
}
