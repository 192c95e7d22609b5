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
 * A malformed field or class (another type, static, two layer annotations, private) does not
 * hide the errors of the values beside it.
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

  @Test
  void fieldErrorsDoNotHideValueErrors() {
    Source source = source("ErroneousFieldsAndValues",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR, batchSize = 0)",
        "class ErroneousFieldsAndValues {",
        "  @Dense(units = 16, activation = RELU) Object hidden;",
        "  @Dropout(1.5) static Layer dropout;",
        "  @Dense(units = 0) @Dropout(2.0) Layer both;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(7);
    assertThat(compilation).hadErrorContaining("Received: batchSize = 0.")
        .inFile(source.file()).onLine(source.lineOf("@Model"));
    assertThat(compilation).hadErrorContaining("layer field hidden has type java.lang.Object.")
        .inFile(source.file()).onLine(source.lineOf("Object hidden;"));
    assertThat(compilation).hadErrorContaining("layer field dropout is static.")
        .inFile(source.file()).onLine(source.lineOf("static Layer dropout;"));
    assertThat(compilation).hadErrorContaining("Received: rate = 1.5.")
        .inFile(source.file()).onLine(source.lineOf("@Dropout(1.5)"));
    assertThat(compilation)
        .hadErrorContaining("field both has two layer annotations, @Dense and @Dropout.")
        .inFile(source.file()).onLine(source.lineOf("Layer both;"));
    assertThat(compilation).hadErrorContaining("Received: units = 0.")
        .inFile(source.file()).onLine(source.lineOf("Layer both;"));
    assertThat(compilation).hadErrorContaining("Received: rate = 2.0.")
        .inFile(source.file()).onLine(source.lineOf("Layer both;"));
  }

  @Test
  void aMalformedClassDoesNotHideValueErrors() {
    Source source = source("ErroneousPrivateValues",
        "class ErroneousPrivateValues {",
        "  @Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "  private static class Inner {",
        "    @Dense(units = 0) Layer output;",
        "  }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("@Model class Inner must not be private")
        .inFile(source.file()).onLine(source.lineOf("@Model"));
    assertThat(compilation).hadErrorContaining("Received: units = 0.")
        .inFile(source.file()).onLine(source.lineOf("units = 0"));
  }

  @Test
  void noShapeIsJudgedPastAMalformedField() {
    // static or unannotated, what flatten will be is unknown: output's input is not judged
    Source source = source("ErroneousFieldThenShapes",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousFieldThenShapes {",
        "  @Dense(units = 8, activation = RELU) Layer hidden;",
        "  Layer flatten;",
        "  @Flatten static Layer flatten2;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("@Dense hidden needs a flat input but receives 28x28x1")
        .inFile(source.file()).onLine(source.lineOf("Layer hidden;"));
    assertThat(compilation).hadErrorContaining("field flatten has type Layer but no layer "
            + "annotation.")
        .inFile(source.file()).onLine(source.lineOf("Layer flatten;"));
    assertThat(compilation).hadErrorContaining("layer field flatten2 is static.")
        .inFile(source.file()).onLine(source.lineOf("Layer flatten2;"));
  }

  @Test
  void aLastFieldWithTwoAnnotationsIsNotHeldToTheLoss() {
    // which of the two the last layer is decides what the loss needs: only the field is reported
    Source source = source("ErroneousTwoAnnotationsLast",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousTwoAnnotationsLast {",
        "  @Dense(units = 1) Layer hidden;",
        "  @Dense(units = 3, activation = SOFTMAX) @Dropout(0.5) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("field output has two layer annotations, @Dense and @Dropout.")
        .inFile(source.file()).onLine(source.lineOf("Layer output;"));
  }

  @Test
  void everyLayerNameClashIsReported() {
    Source source = source("ErroneousNames",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousNames {",
        "  @Dense(units = 8, activation = RELU)",
        "  Layer input;",
        "  @Dense(units = 8, activation = RELU) Layer hidden;",
        "  @Dropout(0.5)",
        "  Layer hiddenGrad;",
        "  @Dense(units = 1)",
        "  Layer loss;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("layer name input clashes with generated code")
        .inFile(source.file()).onLine(source.lineOf("Layer input;"));
    assertThat(compilation).hadErrorContaining("layer name hiddenGrad clashes with generated code")
        .inFile(source.file()).onLine(source.lineOf("Layer hiddenGrad;"));
    assertThat(compilation).hadErrorContaining("layer name loss clashes with generated code")
        .inFile(source.file()).onLine(source.lineOf("Layer loss;"));
  }
}
