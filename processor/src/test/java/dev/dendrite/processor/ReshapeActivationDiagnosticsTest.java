package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/** Diagnostics of {@code @Reshape} and {@code @ActivationLayer}. */
class ReshapeActivationDiagnosticsTest {

  @Test
  void reshapeToAnotherSizeNamesBothShapesAndSizes() {
    Source source = source("ErroneousReshapeSize",
        "@Model(input = 30, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousReshapeSize {",
        "  @Reshape({8, 4})",
        "  Layer series;",
        "  @Conv1D(filters = 2, kernelSize = 3) Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Reshape series receives 30 (input 30): 30 values per sample, but "
            + "its target shape 8x4 holds 32. Give a target shape of 30 values.")
        .inFile(source.file())
        .onLine(source.lineOf("@Reshape({8, 4})"));
  }

  @Test
  void reshapeDimensionsMustBePositive() {
    Source source = source("ErroneousReshapeDims",
        "@Model(input = 32, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousReshapeDims {",
        "  @Reshape({-1, 4})",
        "  Layer series;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Reshape value expected positive dimensions of at most 2,147,483,647 "
            + "values in all, like {8, 4}. Received: value = [-1, 4].")
        .inFile(source.file())
        .onLine(source.lineOf("@Reshape({-1, 4})"));
  }

  @Test
  void emptyReshapeIsRefused() {
    Source source = source("ErroneousReshapeEmpty",
        "@Model(input = 32, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousReshapeEmpty {",
        "  @Reshape({})",
        "  Layer series;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("Received: value = [].")
        .inFile(source.file())
        .onLine(source.lineOf("@Reshape({})"));
  }

  @Test
  void activationLayerLastAfterDenseSaysToMoveItsActivation() {
    Source source = source("ErroneousActivationLast",
        "@Model(input = 8, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousActivationLast {",
        "  @Dense(units = 3) Layer logits;",
        "  @ActivationLayer(SOFTMAX)",
        "  Layer softmax;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("the last layer softmax is @ActivationLayer(SOFTMAX), but a model "
            + "must end with a @Dense output layer, whose activation the loss reads. Give the "
            + "activation to logits, 'activation = SOFTMAX', and remove softmax.")
        .inFile(source.file())
        .onLine(source.lineOf("@ActivationLayer(SOFTMAX)"));
  }
}
