package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/** {@code @Embedding}: its values, its place (first, reading the ids) and the input it reads. */
class EmbeddingDiagnosticsTest {

  private static void assertOneError(Source source, String fragment, String message) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(fragment));
  }

  @Test
  void anEmbeddingUnderAGruAndUnderAPoolingCompile() {
    Compilation compilation = compile(source("Tokens",
        "@Model(input = 12, loss = BINARY_CROSSENTROPY)",
        "class Tokens {",
        "  @Embedding(inputDim = 10, outputDim = 8) Layer embedding;",
        "  @GRU(units = 16, returnSequences = true) Layer gru;",
        "  @GlobalAveragePooling1D Layer pool;",
        "  @Dense(units = 1, activation = SIGMOID) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.TokensNetwork").contentsAsUtf8String()
        .contains("Embeddings.embedding(b.input, embeddingEmbeddings, b.embedding);");
  }

  // ---- WINDOW_VALUE ----

  @Test
  void bothDimensionsMustBePositive() {
    Source source = source("ErroneousEmbeddingDims",
        "@Model(input = 12, loss = BINARY_CROSSENTROPY)",
        "class ErroneousEmbeddingDims {",
        "  @Embedding(",
        "      inputDim = 0,",
        "      outputDim = -4)",
        "  Layer embedding;",
        "  @GlobalAveragePooling1D Layer pool;",
        "  @Dense(units = 1, activation = SIGMOID) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("@Embedding inputDim expected a positive integer. "
            + "Received: inputDim = 0.")
        .inFile(source.file()).onLine(source.lineOf("inputDim = 0"));
    assertThat(compilation)
        .hadErrorContaining("@Embedding outputDim expected a positive integer. "
            + "Received: outputDim = -4.")
        .inFile(source.file()).onLine(source.lineOf("outputDim = -4"));
  }

  @Test
  void aTableNoArrayCanHold() {
    assertOneError(source("ErroneousEmbeddingTable",
            "@Model(input = 12, loss = BINARY_CROSSENTROPY)",
            "class ErroneousEmbeddingTable {",
            "  @Embedding(inputDim = 100000,",
            "      outputDim = 50000) Layer embedding;",
            "  @GlobalAveragePooling1D Layer pool;",
            "  @Dense(units = 1, activation = SIGMOID) Layer output;",
            "}"),
        "outputDim = 50000", "@Embedding outputDim expected inputDim * outputDim of at most "
            + "2,147,483,647 (inputDim = 100000). Received: outputDim = 50000.");
  }

  // ---- EMBEDDING_NOT_FIRST ----

  @Test
  void anEmbeddingAfterAnotherLayerIsReportedWithTheFix() {
    assertOneError(source("ErroneousEmbeddingSecond",
            "@Model(input = 12, loss = BINARY_CROSSENTROPY)",
            "class ErroneousEmbeddingSecond {",
            "  @Dense(units = 12) Layer hidden;",
            "  @Embedding(inputDim = 10, outputDim = 8) Layer embedding;",
            "  @GlobalAveragePooling1D Layer pool;",
            "  @Dense(units = 1, activation = SIGMOID) Layer output;",
            "}"),
        "@Embedding", "@Embedding embedding reads token ids, which only the model's input holds, "
            + "but it receives 12 (input 12 -> hidden 12). Declare embedding as the first layer, "
            + "without @From.");
  }

  @Test
  void anEmbeddingReadingALayerByFromIsReported() {
    assertOneError(source("ErroneousEmbeddingFrom",
            "@Model(input = 12, loss = BINARY_CROSSENTROPY)",
            "class ErroneousEmbeddingFrom {",
            "  @Embedding(inputDim = 10, outputDim = 8) Layer first;",
            "  @GlobalAveragePooling1D Layer pool;",
            "  @From(\"pool\") @Embedding(inputDim = 10, outputDim = 8) Layer again;",
            "  @GlobalAveragePooling1D Layer pool2;",
            "  @Dense(units = 1, activation = SIGMOID) Layer output;",
            "}"),
        "Layer again", "@Embedding again reads token ids, which only the model's input holds, "
            + "but it receives 8 (input 12 -> first 12x8 -> pool 8). Declare again as the first "
            + "layer, without @From.");
  }

  // ---- EMBEDDING_INPUT ----

  @Test
  void anInputOfMoreThanOneDimensionIsReported() {
    assertOneError(source("ErroneousEmbeddingInput",
            "@Model(input = {12, 1}, loss = BINARY_CROSSENTROPY)",
            "class ErroneousEmbeddingInput {",
            "  @Embedding(inputDim = 10, outputDim = 8) Layer embedding;",
            "  @GlobalAveragePooling1D Layer pool;",
            "  @Dense(units = 1, activation = SIGMOID) Layer output;",
            "}"),
        "@Embedding", "@Embedding embedding reads one token id per step, so the model's input must "
            + "be the number of steps alone, but it is 12x1. Declare it so on @Model, like "
            + "input = 12.");
  }
}
