package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/**
 * {@code @BatchNormalization} and {@code @LayerNormalization}: their values are checked, and they
 * fit after any layer and first.
 */
class NormalizationDiagnosticsTest {

  private static void assertOneError(Source source, String fragment, String message) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(fragment));
  }

  // ---- MOMENTUM ----

  @Test
  void momentumOfOne() {
    assertOneError(source("ErroneousBatchNormMomentum",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousBatchNormMomentum {",
            "  @Dense(units = 4) Layer hidden;",
            "  @BatchNormalization(epsilon = 1e-3,",
            "      momentum = 1.0)",
            "  Layer norm;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "momentum = 1.0", "@BatchNormalization momentum must be in [0, 1): the weight the moving "
            + "statistics keep at each training step. Received: momentum = 1.0. Use a value like "
            + "0.99 (Keras' default).");
  }

  @Test
  void negativeMomentum() {
    assertOneError(source("ErroneousBatchNormNegativeMomentum",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousBatchNormNegativeMomentum {",
            "  @BatchNormalization(momentum = -0.1) Layer norm;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "momentum = -0.1", "Received: momentum = -0.1.");
  }

  // ---- EPSILON ----

  @Test
  void zeroEpsilon() {
    assertOneError(source("ErroneousBatchNormEpsilon",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousBatchNormEpsilon {",
            "  @Dense(units = 4) Layer hidden;",
            "  @BatchNormalization(",
            "      epsilon = 0)",
            "  Layer norm;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "epsilon = 0", "@BatchNormalization epsilon must be a positive number: it keeps the "
            + "division by the deviation finite. Received: epsilon = 0.0. Use a small positive "
            + "value like 1e-3 (Keras' default).");
  }

  @Test
  void negativeLayerNormEpsilon() {
    assertOneError(source("ErroneousLayerNormEpsilon",
            "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousLayerNormEpsilon {",
            "  @Dense(units = 4) Layer hidden;",
            "  @LayerNormalization(epsilon = -1e-5) Layer norm;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "epsilon = -1e-5", "@LayerNormalization epsilon must be a positive number: it keeps the "
            + "division by the deviation finite. Received: epsilon = -1.0E-5.");
  }

  @Test
  void everyWrongValueIsReported() {
    Source source = source("ErroneousBatchNormBoth",
        "@Model(input = 8, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousBatchNormBoth {",
        "  @BatchNormalization(momentum = 2,",
        "      epsilon = Double.NaN)",
        "  Layer norm;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("Received: momentum = 2.0.").inFile(source.file())
        .onLine(source.lineOf("momentum = 2"));
    assertThat(compilation).hadErrorContaining("Received: epsilon = NaN.").inFile(source.file())
        .onLine(source.lineOf("epsilon = Double.NaN"));
  }

  // ---- where they fit ----

  @Test
  void firstAfterFlattenAfterConvolutionsAndOnSeries() {
    Compilation compilation = compile(source("Normalized",
        "@Model(input = {12, 12, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class Normalized {",
        "  @BatchNormalization Layer first;",
        "  @Conv2D(filters = 4, kernelSize = 3, activation = RELU) Layer conv;",
        "  @BatchNormalization(momentum = 0.9, center = false) Layer afterConv;",
        "  @LayerNormalization(scale = false) Layer layerNorm;",
        "  @Flatten Layer flatten;",
        "  @BatchNormalization(scale = false) Layer afterFlatten;",
        "  @Dense(units = 8, activation = RELU) Layer hidden;",
        "  @LayerNormalization Layer afterDense;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}"),
        source("NormalizedSeries",
        "@Model(input = {16, 2}, loss = MEAN_SQUARED_ERROR)",
        "class NormalizedSeries {",
        "  @Conv1D(filters = 4, kernelSize = 3) Layer conv;",
        "  @BatchNormalization Layer norm;",
        "  @LayerNormalization Layer layerNorm;",
        "  @GlobalAveragePooling1D Layer pool;",
        "  @Dense(units = 1) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
