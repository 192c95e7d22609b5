package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/**
 * The budgets on {@code @Model}, {@code maxParameters} and {@code maxTrainingMemory}: exceeded,
 * each is an error on its value naming the numbers and the largest layers; met, nothing.
 */
class BudgetDiagnosticsTest {

  /** The seed MLP, 266,610 parameters, with {@code budget} on its own line of {@code @Model}. */
  private static Source mlp(String name, String budget) {
    return source(name,
        "@Model(input = 784, loss = CATEGORICAL_CROSSENTROPY, optimizer = ADAM,",
        "    " + budget + ")",
        "class " + name + " {",
        "  @Dense(units = 300, activation = RELU) Layer hidden1;",
        "  @Dropout(0.3) Layer drop1;",
        "  @Dense(units = 100, activation = RELU) Layer hidden2;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
  }

  /** A small convnet at batch size 64, with {@code budget} on its own line of {@code @Model}. */
  private static Source convnet(String name, String budget) {
    return source(name,
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY, batchSize = 64,",
        "    " + budget + ")",
        "class " + name + " {",
        "  @Conv2D(filters = 8, kernelSize = 3, activation = RELU) Layer conv;",
        "  @MaxPooling2D Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
  }

  private static void assertOneError(Source source, String fragment, String message) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source.file())
        .onLine(source.lineOf(fragment));
  }

  // ---- PARAMETER_BUDGET ----

  @Test
  void tooManyParameters() {
    assertOneError(mlp("ErroneousTooManyParameters", "maxParameters = 100_000"),
        "maxParameters",
        "@Model ErroneousTooManyParameters has 266,610 parameters, 166,610 over its budget "
            + "maxParameters = 100,000. The largest: hidden1 235,500 (88%), hidden2 30,100 "
            + "(11%), output 1,010 (0%). Shrink those layers or raise maxParameters.");
  }

  @Test
  void oneParameterOverBudget() {
    assertOneError(mlp("ErroneousOneParameterOver", "maxParameters = 266_609"),
        "maxParameters", "has 266,610 parameters, 1 over its budget maxParameters = 266,609.");
  }

  @Test
  void negativeParameterBudget() {
    assertOneError(mlp("ErroneousNegativeParameterBudget", "maxParameters = -1"),
        "maxParameters",
        "@Model maxParameters must be zero (no limit) or more. Received: maxParameters = -1.");
  }

  // ---- MEMORY_BUDGET ----

  @Test
  void tooMuchTrainingMemory() {
    // 13,610 parameters x 4 arrays (weights, gradients, 2 moments) x 4 bytes = 217,760 bytes;
    // per sample: input 784 + targets 10; conv output and gradient 2 x 5,408 (the ReLU runs
    // inside the convolution, its gradient in place: no Z or ZGrad) and im2col columns 676 x 9;
    // pool output and gradient 2 x 1,352; output Z, ZGrad and output 3 x 10 (the fused loss
    // gradient needs no output gradient): 20,428 values, at 64 samples 5,229,568 bytes.
    // Together 5,447,328 bytes.
    assertOneError(convnet("ErroneousTooMuchMemory", "maxTrainingMemory = \"5MB\""),
        "maxTrainingMemory",
        "@Model ErroneousTooMuchMemory needs 5.19 MB (5,447,328 bytes) for a training step at "
            + "batch size 64, over its budget maxTrainingMemory = \"5MB\" (5,242,880 bytes): "
            + "parameters 53.16 KB, gradients 53.16 KB, optimizer state 106.33 KB, batch arrays "
            + "4.99 MB (input and targets 198.50 KB, im2col columns 1.49 MB). The largest: conv "
            + "4.13 MB (batch arrays 4.13 MB, im2col 1.49 MB; parameters with gradients and "
            + "optimizer state 1.25 KB), pool 676.00 KB (batch arrays 676.00 KB), output "
            + "218.91 KB (batch arrays 7.50 KB; parameters with gradients and optimizer state "
            + "211.41 KB). Lower batchSize, shrink those layers or raise maxTrainingMemory.");
  }

  @Test
  void memoryBudgetInBytes() {
    assertOneError(convnet("ErroneousMemoryInBytes", "maxTrainingMemory = \"5447327\""),
        "maxTrainingMemory", "needs 5.19 MB (5,447,328 bytes) for a training step at batch "
            + "size 64, over its budget maxTrainingMemory = \"5447327\" (5,447,327 bytes)");
  }

  @Test
  void memoryBudgetThatIsNoSize() {
    assertOneError(convnet("ErroneousMemoryNoSize", "maxTrainingMemory = \"lots\""),
        "maxTrainingMemory",
        "@Model maxTrainingMemory must be a size like \"512MB\", \"1.5GB\" or \"2GiB\", or a "
            + "number of bytes. Received: maxTrainingMemory = \"lots\".");
  }

  @Test
  void memoryBudgetOfZero() {
    assertOneError(convnet("ErroneousMemoryZero", "maxTrainingMemory = \"0MB\""),
        "maxTrainingMemory", "Received: maxTrainingMemory = \"0MB\".");
  }

  // ---- budgets met ----

  @Test
  void budgetsMetCompileWithoutWarnings() {
    Compilation compilation = compile(
        mlp("ParametersWithinBudget", "maxParameters = 266_610, maxTrainingMemory = \"1GB\""),
        convnet("MemoryWithinBudget", "maxTrainingMemory = \"5447328\""),
        convnet("MemoryWithinFractionalBudget", "maxTrainingMemory = \"5.20 MiB\""));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ParametersWithinBudgetNetwork");
    assertThat(compilation).generatedSourceFile("test.MemoryWithinBudgetNetwork");
    assertThat(compilation).generatedSourceFile("test.MemoryWithinFractionalBudgetNetwork");
  }

  @Test
  void noBudgetsByDefault() {
    Compilation compilation = compile(source("Huge",
        "@Model(input = 100_000, loss = MEAN_SQUARED_ERROR)",
        "class Huge {",
        "  @Dense(units = 10_000) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
