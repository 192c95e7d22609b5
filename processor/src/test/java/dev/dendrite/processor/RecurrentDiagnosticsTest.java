package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/** {@code @SimpleRNN}, {@code @LSTM}, {@code @GRU}: their values and their input. */
class RecurrentDiagnosticsTest {

  private static void assertOneError(Source source, String fragment, String message) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(fragment));
  }

  @Test
  void stackedRecurrentLayersCompile() {
    Compilation compilation = compile(source("StackedRecurrent",
        "@Model(input = {128, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class StackedRecurrent {",
        "  @LSTM(units = 16, returnSequences = true) Layer lstm;",
        "  @GRU(units = 8, returnSequences = true) Layer gru;",
        "  @SimpleRNN(units = 4) Layer rnn;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  // ---- WINDOW_VALUE ----

  @Test
  void zeroUnits() {
    assertOneError(source("ErroneousLstmZeroUnits",
            "@Model(input = {10, 2}, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousLstmZeroUnits {",
            "  @LSTM(units = 0) Layer lstm;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "units = 0", "@LSTM units expected a positive integer. Received: units = 0.");
  }

  @Test
  void anActivationTheCellDoesNotCompute() {
    assertOneError(source("ErroneousGruSoftmax",
            "@Model(input = {10, 2}, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousGruSoftmax {",
            "  @GRU(units = 4,",
            "      recurrentActivation = SOFTMAX)",
            "  Layer gru;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "recurrentActivation = SOFTMAX", "@GRU recurrentActivation expected one of TANH, SIGMOID, "
            + "RELU, HARD_SIGMOID, LINEAR. Received: recurrentActivation = SOFTMAX.");
  }

  // ---- WRONG_INPUT_RANK ----

  @Test
  void aFlatInputNeedsStepsAndFeatures() {
    assertOneError(source("ErroneousRnnFlat",
            "@Model(input = 128, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousRnnFlat {",
            "  @SimpleRNN(units = 4) Layer rnn;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "@SimpleRNN", "@SimpleRNN rnn needs a series input (steps x features) but receives 128 "
            + "(input 128). Declare the input as steps x features on @Model, like "
            + "input = {128, 1} for 128 steps of 1 feature, or reshape it to steps x features "
            + "before rnn.");
  }

  @Test
  void anImageNeedsReshaping() {
    assertOneError(source("ErroneousLstmImage",
            "@Model(input = {28, 28, 1}, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousLstmImage {",
            "  @LSTM(units = 4) Layer lstm;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "@LSTM", "@LSTM lstm needs a series input (steps x features) but receives 28x28x1");
  }

  // ---- STACKED_RECURRENT ----

  @Test
  void stackingOnTheLastStateOnly() {
    assertOneError(source("ErroneousStackedLstm",
            "@Model(input = {20, 3}, loss = MEAN_SQUARED_ERROR)",
            "class ErroneousStackedLstm {",
            "  @LSTM(units = 8) Layer lower;",
            "  @LSTM(units = 4) Layer upper;",
            "  @Dense(units = 1) Layer output;",
            "}"),
        "Layer upper", "@LSTM upper needs a series (steps x features) but receives 8 (input 20x3 "
            + "-> lower 8): @LSTM lower returns only its last state. Set returnSequences = true "
            + "on lower.");
  }
}
