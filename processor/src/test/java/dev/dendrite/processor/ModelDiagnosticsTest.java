package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Diagnostics on the {@code @Model} class itself: where {@code @Model} may go, the input shape,
 * the hyperparameters and the layer list. Class-level problems land on the {@code @Model} line,
 * a problem with one {@code @Model} value on that value's line.
 *
 * <p>{@code Message.PROCESSOR_FAILED} has no test: it reports an unexpected exception inside the
 * processor, which no model should be able to cause.
 */
class ModelDiagnosticsTest {

  // ---- MODEL_NOT_A_CLASS ----

  @Test
  void modelOnInterface() {
    Source source = source("ErroneousInterface",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "interface ErroneousInterface {",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model must be on a class, but ErroneousInterface is an interface. "
            + "Put @Model on a class")
        .inFile(source.file())
        .onLine(source.lineOf("@Model"));
  }

  @Test
  void modelOnEnum() {
    Source source = source("ErroneousEnum",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "enum ErroneousEnum {",
        "  A",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model must be on a class, but ErroneousEnum is an enum.")
        .inFile(source.file())
        .onLine(source.lineOf("@Model"));
  }

  @Test
  void modelOnRecord() {
    Source source = source("ErroneousRecord",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "record ErroneousRecord(@Dense(units = 1) Layer output) {",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model must be on a class, but ErroneousRecord is a record.")
        .inFile(source.file())
        .onLine(source.lineOf("@Model"));
  }

  // ---- MODEL_PRIVATE, MODEL_INNER ----

  @Test
  void privateNestedModel() {
    Source source = source("ErroneousPrivate",
        "class ErroneousPrivate {",
        "  @Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "  private static class Inner {",
        "    @Dense(units = 1) Layer output;",
        "  }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model class Inner must not be private: the generated "
            + "ErroneousPrivate_InnerNetwork beside it must see it. Remove 'private'.")
        .inFile(source.file())
        .onLine(source.lineOf("@Model"));
  }

  @Test
  void innerModel() {
    Source source = source("ErroneousInner",
        "class ErroneousInner {",
        "  @Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "  class Inner {",
        "    @Dense(units = 1) Layer output;",
        "  }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model class Inner is an inner class. Make it a static nested "
            + "class: 'static class Inner'.")
        .inFile(source.file())
        .onLine(source.lineOf("@Model"));
  }

  // ---- NO_INPUT, INPUT_DIMENSION, INPUT_TOO_LARGE ----

  @Test
  void emptyInput() {
    Source source = source("ErroneousEmptyInput",
        "@Model(",
        "    input = {},",
        "    loss = MEAN_SQUARED_ERROR)",
        "class ErroneousEmptyInput {",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model on ErroneousEmptyInput has no input shape. Give the shape of "
            + "one sample, like @Model(input = 784, ...)")
        .inFile(source.file())
        .onLine(source.lineOf("input = {}"));
  }

  @Test
  void missingInput() {
    Source source = source("ErroneousMissingInput",
        "@Model(loss = MEAN_SQUARED_ERROR)",
        "class ErroneousMissingInput {",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model on ErroneousMissingInput has no input shape.")
        .inFile(source.file())
        .onLine(source.lineOf("@Model"));
  }

  @Test
  void zeroInputDimension() {
    Source source = source("ErroneousZeroDimension",
        "@Model(",
        "    input = {28, 0},",
        "    loss = MEAN_SQUARED_ERROR)",
        "class ErroneousZeroDimension {",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model input expected positive dimensions. "
            + "Received: input = [28, 0].")
        .inFile(source.file())
        .onLine(source.lineOf("input = {28, 0}"));
  }

  @Test
  void negativeInputDimension() {
    Source source = source("ErroneousNegativeDimension",
        "@Model(",
        "    input = -3,",
        "    loss = MEAN_SQUARED_ERROR)",
        "class ErroneousNegativeDimension {",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model input expected positive dimensions. Received: input = [-3].")
        .inFile(source.file())
        .onLine(source.lineOf("input = -3"));
  }

  /** Before this check, the overflowing size crashed the processor (PROCESSOR_FAILED). */
  @Test
  void inputTooLarge() {
    Source source = source("ErroneousHugeInput",
        "@Model(",
        "    input = {65536, 65536},",
        "    loss = MEAN_SQUARED_ERROR)",
        "class ErroneousHugeInput {",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Model input expected at most 2,147,483,647 values per sample. "
            + "Received: input = [65536, 65536], 4,294,967,296 values.")
        .inFile(source.file())
        .onLine(source.lineOf("input = {65536, 65536}"));
  }

  // ---- HYPERPARAMETER ----

  @Test
  void negativeLearningRate() {
    assertHyperparameter("learningRate = -0.5",
        "@Model learningRate must be a positive number. Received: learningRate = -0.5.");
  }

  @Test
  void zeroBatchSize() {
    assertHyperparameter("batchSize = 0",
        "@Model batchSize must be a positive integer. Received: batchSize = 0.");
  }

  @Test
  void negativeEpochs() {
    assertHyperparameter("epochs = -1",
        "@Model epochs must be zero or more. Received: epochs = -1.");
  }

  @Test
  void beta1OfOne() {
    assertHyperparameter("beta1 = 1.0",
        "@Model beta1 must be in [0, 1). Received: beta1 = 1.0.");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "learningRate = Double.POSITIVE_INFINITY | learningRate must be a positive number. "
          + "Received: learningRate = Infinity.",
      "momentum = -0.1 | momentum must be in [0, 1). Received: momentum = -0.1.",
      "beta2 = 1.5     | beta2 must be in [0, 1). Received: beta2 = 1.5.",
      "rho = Double.NaN | rho must be in [0, 1). Received: rho = NaN.",
      "epsilon = 0     | epsilon must be a positive number. Received: epsilon = 0.0.",
      "weightDecay = -1e-3 | weightDecay must be zero or more. Received: weightDecay = -0.001.",
  })
  void otherHyperparameters(String setting, String message) {
    assertHyperparameter(setting, "@Model " + message);
  }

  /** A valid model but for {@code setting}: one error, on the setting's line. */
  private static void assertHyperparameter(String setting, String message) {
    Source source = source("ErroneousHyperparameter",
        "@Model(",
        "    input = 4,",
        "    loss = MEAN_SQUARED_ERROR,",
        "    optimizer = ADAM,",
        "    " + setting + ")",
        "class ErroneousHyperparameter {",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(setting));
  }

  @Test
  void everyBadHyperparameterOnItsOwnLine() {
    Source source = source("ErroneousHyperparameters",
        "@Model(",
        "    input = 4,",
        "    loss = MEAN_SQUARED_ERROR,",
        "    learningRate = -1,",
        "    batchSize = 0,",
        "    epochs = -1,",
        "    beta1 = 1.0)",
        "class ErroneousHyperparameters {",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining("Received: learningRate = -1.0.")
        .inFile(source.file()).onLine(source.lineOf("learningRate = -1"));
    assertThat(compilation).hadErrorContaining("Received: batchSize = 0.")
        .inFile(source.file()).onLine(source.lineOf("batchSize = 0"));
    assertThat(compilation).hadErrorContaining("Received: epochs = -1.")
        .inFile(source.file()).onLine(source.lineOf("epochs = -1"));
    assertThat(compilation).hadErrorContaining("Received: beta1 = 1.0.")
        .inFile(source.file()).onLine(source.lineOf("beta1 = 1.0"));
  }

  // ---- NO_LAYERS ----

  @Test
  void noLayers() {
    Source source = source("ErroneousNoLayers",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousNoLayers {",
        "  int notALayer;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("ErroneousNoLayers declares no layers. Add annotated Layer fields in "
            + "order, like '@Dense(units = 10, activation = SOFTMAX) Layer output;'.")
        .inFile(source.file())
        .onLine(source.lineOf("class ErroneousNoLayers"));
  }
}
