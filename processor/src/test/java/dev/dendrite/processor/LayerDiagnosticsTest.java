package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics on layer fields: annotation values, shapes, field declarations and names. A
 * problem with a layer's values or shape lands on its annotation's line; a problem with the field
 * itself (its type, modifiers, name) on the field's line.
 */
class LayerDiagnosticsTest {

  // ---- UNITS, RATE ----

  @Test
  void zeroUnits() {
    Source source = source("ErroneousZeroUnits",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousZeroUnits {",
        "  @Dense(units = 0, activation = RELU)",
        "  Layer hidden;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dense units expected a positive integer. Received: units = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("units = 0"));
  }

  @Test
  void dropoutRateOne() {
    Source source = source("ErroneousDropoutOne",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousDropoutOne {",
        "  @Dropout(1.0)",
        "  Layer dropout;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dropout rate must be in [0, 1): the fraction of inputs dropped. "
            + "Received: rate = 1.0.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(1.0)"));
  }

  @Test
  void negativeDropoutRate() {
    Source source = source("ErroneousDropoutNegative",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousDropoutNegative {",
        "  @Dropout(-0.1)",
        "  Layer dropout;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dropout rate must be in [0, 1): the fraction of inputs dropped. "
            + "Received: rate = -0.1.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(-0.1)"));
  }

  // ---- DENSE_NEEDS_FLAT ----

  @Test
  void denseAfterImageInput() {
    Source source = source("ErroneousUnflattened",
        "@Model(input = {28, 28}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousUnflattened {",
        "  @Dense(units = 128, activation = RELU)",
        "  Layer hidden;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dense hidden needs a flat input but receives 28x28 (input 28x28). "
            + "Add '@Flatten Layer flatten;' before hidden.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dense(units = 128"));
  }

  @Test
  void denseNeedsFlatTracesTheShapeThroughEarlierLayers() {
    Source source = source("ErroneousUnflattenedDropout",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousUnflattenedDropout {",
        "  @Dropout(0.2) Layer noise;",
        "  @Dense(units = 128, activation = RELU)",
        "  Layer hidden;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dense hidden needs a flat input but receives 28x28x1 "
            + "(input 28x28x1 -> noise 28x28x1). Add '@Flatten Layer flatten;' before hidden.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dense(units = 128"));
  }

  // ---- TWO_LAYER_ANNOTATIONS ----

  @Test
  void twoLayerAnnotations() {
    Source source = source("ErroneousTwoAnnotations",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousTwoAnnotations {",
        "  @Dense(units = 8)",
        "  @Dropout(0.5)",
        "  Layer both;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("field both has two layer annotations, @Dense and @Dropout. One field "
            + "declares one layer: declare a second field for the second layer.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(0.5)"));
  }

  // ---- NOT_LAYER_TYPE, STATIC_LAYER, LAYER_WITHOUT_ANNOTATION ----

  @Test
  void layerFieldOfOtherType() {
    Source source = source("ErroneousFieldType",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousFieldType {",
        "  @Dense(units = 1)",
        "  Object output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("layer field output has type java.lang.Object. Declare it as "
            + "'Layer output;' (dev.dendrite.Layer).")
        .inFile(source.file())
        .onLine(source.lineOf("Object output;"));
  }

  @Test
  void staticLayerField() {
    Source source = source("ErroneousStaticLayer",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousStaticLayer {",
        "  @Dense(units = 1)",
        "  static Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("layer field output is static. Remove 'static': layers are the "
            + "instance fields, in source order.")
        .inFile(source.file())
        .onLine(source.lineOf("static Layer output;"));
  }

  @Test
  void layerFieldWithoutAnnotation() {
    Source source = source("ErroneousUnannotated",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousUnannotated {",
        "  @Dense(units = 8, activation = RELU) Layer hidden;",
        "  Layer spare;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("field spare has type Layer but no layer annotation. Annotate it, "
            + "like @Dense(units = 10), or remove it.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer spare;"));
  }

  // ---- LAYER_OUTSIDE_MODEL ----

  @Test
  void layerAnnotationWithoutModel() {
    Source source = source("ErroneousNoModel",
        "class ErroneousNoModel {",
        "  @Dense(units = 10, activation = SOFTMAX)",
        "  Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dense on field output, but ErroneousNoModel has no @Model. Add "
            + "@Model(input = ..., loss = ...) to the class.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dense"));
  }

  @Test
  void layerAnnotationInClassNestedInModel() {
    Source source = source("ErroneousNestedLayer",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousNestedLayer {",
        "  @Dense(units = 1) Layer output;",
        "  static class Helper {",
        "    @Dropout(0.5)",
        "    Layer dropout;",
        "  }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dropout on field dropout, but Helper has no @Model.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(0.5)"));
  }

  // ---- OUTPUT_NOT_DENSE ----

  @Test
  void lastLayerIsDropout() {
    Source source = source("ErroneousDropoutLast",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousDropoutLast {",
        "  @Dense(units = 1) Layer output;",
        "  @Dropout(0.5)",
        "  Layer dropout;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("the last layer dropout is @Dropout, but a model must end with a "
            + "@Dense output layer that fits the loss. For mean squared error, add one after "
            + "dropout: '@Dense(units = 1) Layer output2;' with one linear unit per target value.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dropout(0.5)"));
  }

  @Test
  void lastLayerIsFlatten() {
    Source source = source("ErroneousFlattenLast",
        "@Model(input = {2, 2}, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousFlattenLast {",
        "  @Flatten",
        "  Layer flatten;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("the last layer flatten is @Flatten, but a model must end with a "
            + "@Dense output layer")
        .inFile(source.file())
        .onLine(source.lineOf("@Flatten"));
  }

  // ---- LAYER_NAME_CLASH (names the generated network would declare twice) ----

  @Test
  void layerNamedInput() {
    Source source = source("ErroneousInputName",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousInputName {",
        "  @Dense(units = 8, activation = RELU)",
        "  Layer input;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("layer name input clashes with generated code: "
            + "ErroneousInputNameNetwork already uses input for the input batch, which "
            + "@From(\"input\") reads. Rename the layer.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer input;"));
  }

  @Test
  void layerNamedLoss() {
    Source source = source("ErroneousLossName",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousLossName {",
        "  @Dense(units = 8, activation = RELU) Layer hidden;",
        "  @Dense(units = 1)",
        "  Layer loss;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("layer name loss clashes with generated code: ErroneousLossNameNetwork "
            + "already uses lossBackward for the gradient of the loss.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer loss;"));
  }

  @Test
  void layerNamedLikeAnotherLayersGradient() {
    Source source = source("ErroneousGradName",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousGradName {",
        "  @Dense(units = 8, activation = RELU) Layer hidden;",
        "  @Dropout(0.5)",
        "  Layer hiddenGrad;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("layer name hiddenGrad clashes with generated code: "
            + "ErroneousGradNameNetwork already uses hiddenGrad for the gradient of layer hidden.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer hiddenGrad;"));
  }

  @Test
  void layerNamesWithTheSameSizeConstant() {
    Source source = source("ErroneousConstantName",
        "@Model(input = 4, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousConstantName {",
        "  @Dense(units = 8, activation = RELU) Layer fooBar;",
        "  @Dense(units = 8, activation = RELU)",
        "  Layer foo_bar;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("layer name foo_bar clashes with generated code: "
            + "ErroneousConstantNameNetwork already uses FOO_BAR_SIZE for the output width of "
            + "layer fooBar.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer foo_bar;"));
  }
}
