package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/**
 * One compile reports every independent error of a model, as javac reports every error of a
 * class: each layer's own values are checked whatever else is wrong, while shapes are inferred
 * only up to the first layer that fails, so that nothing past it is judged on an unknown input.
 */
class EveryErrorDiagnosticsTest {

  @Test
  void twoBadValuesInOneModelAreBothReported() {
    Source source = source("ErroneousTwoValues",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousTwoValues {",
        "  @Dense(units = 16, activation = RELU) Layer hidden;",
        "  @Dropout(1.5) Layer dropout;",
        "  @Dense(units = 0) Layer hidden2;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("@Dropout rate must be in [0, 1): the fraction of inputs dropped. "
            + "Received: rate = 1.5.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(1.5)"));
    assertThat(compilation)
        .hadErrorContaining("@Dense units expected a positive integer. Received: units = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("units = 0"));
  }

  @Test
  void everyBadValueOfOneLayerIsReported() {
    Source source = source("ErroneousConv1dValues",
        "@Model(input = {16, 1}, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousConv1dValues {",
        "  @Conv1D(",
        "      filters = 0,",
        "      kernelSize = -3,",
        "      strides = 0)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("Received: filters = 0.")
        .inFile(source.file()).onLine(source.lineOf("filters = 0"));
    assertThat(compilation).hadErrorContaining("Received: kernelSize = -3.")
        .inFile(source.file()).onLine(source.lineOf("kernelSize = -3"));
    assertThat(compilation).hadErrorContaining("Received: strides = 0.")
        .inFile(source.file()).onLine(source.lineOf("strides = 0"));
  }

  @Test
  void aBadValueDoesNotCascadeIntoTheShapesAfterIt() {
    // With its strides unknown, conv's output is unknown: conv2's 3x3 kernel on 4x4 input might
    // or might not fit, so it is not judged. The Dropout's own value is still checked.
    Source source = source("ErroneousValueThenShapes",
        "@Model(input = {4, 4, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousValueThenShapes {",
        "  @Conv2D(filters = 4, kernelSize = 3, strides = {0}) Layer conv;",
        "  @Conv2D(filters = 4, kernelSize = 3) Layer conv2;",
        "  @Dense(units = 10, activation = RELU) Layer hidden;",
        "  @Dropout(-0.5) Layer dropout;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D strides expected one or two positive integers. "
            + "Received: strides = [0].")
        .inFile(source.file())
        .onLine(source.lineOf("strides = {0}"));
    assertThat(compilation)
        .hadErrorContaining("Received: rate = -0.5.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(-0.5)"));
  }

  @Test
  void aShapeErrorStopsShapesButNotValues() {
    // conv's kernel does not fit, so neither conv2 nor hidden (unflattened) is judged on a shape;
    // hidden2's units are wrong whatever the shapes.
    Source source = source("ErroneousShapeThenValue",
        "@Model(input = {4, 4, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousShapeThenValue {",
        "  @Conv2D(filters = 4, kernelSize = 5) Layer conv;",
        "  @Conv2D(filters = 4, kernelSize = 9) Layer conv2;",
        "  @Dense(units = 8, activation = RELU) Layer hidden;",
        "  @Dense(units = 0) Layer hidden2;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv: its kernelSize 5x5 is larger than its input 4x4x1")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = 5"));
    assertThat(compilation)
        .hadErrorContaining("Received: units = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("units = 0"));
  }

  @Test
  void badValuesAndAnOutputThatIsNotDense() {
    Source source = source("ErroneousValuesAndOutput",
        "@Model(input = {0, 4}, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousValuesAndOutput {",
        "  @Dense(units = 0) Layer hidden;",
        "  @Dropout(1.5) Layer dropout;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining("Received: input = [0, 4].")
        .inFile(source.file()).onLine(source.lineOf("@Model"));
    assertThat(compilation).hadErrorContaining("Received: units = 0.")
        .inFile(source.file()).onLine(source.lineOf("units = 0"));
    assertThat(compilation).hadErrorContaining("Received: rate = 1.5.")
        .inFile(source.file()).onLine(source.lineOf("@Dropout(1.5)"));
    assertThat(compilation)
        .hadErrorContaining("the last layer dropout is @Dropout, but a model must end with a "
            + "@Dense output layer that fits the loss. For mean squared error")
        .inFile(source.file()).onLine(source.lineOf("@Dropout(1.5)"));
  }

  @Test
  void aBadOutputUnitsIsNotAlsoJudgedAgainstTheLoss() {
    Source source = source("ErroneousOutputUnits",
        "@Model(input = 8, loss = BINARY_CROSSENTROPY)",
        "class ErroneousOutputUnits {",
        "  @Dense(units = 0, activation = SIGMOID) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dense units expected a positive integer. Received: units = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("units = 0"));
  }
}
