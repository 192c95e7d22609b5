package dev.dendrite.processor.check;

import static dev.dendrite.processor.check.Annotations.checked;
import static dev.dendrite.processor.check.Annotations.layer;
import static dev.dendrite.processor.check.Annotations.model;
import static dev.dendrite.processor.check.Annotations.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Activation;
import dev.dendrite.AveragePooling2D;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.GlobalAveragePooling2D;
import dev.dendrite.Loss;
import dev.dendrite.Padding;
import dev.dendrite.processor.cost.ModelCost;
import dev.dendrite.processor.cost.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The summary's text as a whole, for models whose numbers {@link CostOracleTest} works out by
 * hand: columns, totals, the memory lines and the notes wrapped to the table's width (at least
 * 72 characters).
 */
class SummaryTextTest {

  private static ModelCost mlp() {
    return ModelCost.of(checked(model(new int[] {4}, "loss", Loss.CATEGORICAL_CROSSENTROPY,
            "batchSize", 10), false,
        layer("hidden", of(Dense.class, "units", 3, "activation", Activation.RELU)),
        layer("dropout", of(Dropout.class, "value", 0.5)),
        layer("output", of(Dense.class, "units", 2, "activation", Activation.SOFTMAX))));
  }

  private static ModelCost convnet() {
    return ModelCost.of(checked(model(new int[] {3, 3, 1}, "batchSize", 3), false,
        layer("conv", of(Conv2D.class, "filters", 2, "kernelSize", new int[] {2},
            "padding", Padding.SAME, "useBias", false)),
        layer("pool", of(AveragePooling2D.class, "poolSize", new int[] {2},
            "padding", Padding.SAME)),
        layer("global", of(GlobalAveragePooling2D.class)),
        layer("output", of(Dense.class, "units", 1))));
  }

  @Test
  void summaryOfAModelWithoutConvolutions() {
    // The second note's first line is exactly 72 characters; its next word would make 79.
    assertEquals(String.join("\n",
        "Model: \"Fixture\"",
        "__________________________________________________________",
        " Layer (type)       Output Shape  Param #  FLOPs    Memory",
        "==========================================================",
        " hidden (Dense)     (None, 3)          15     30  480.00 B",
        " dropout (Dropout)  (None, 3)           0      0  360.00 B",
        " output (Dense)     (None, 2)           8     16  368.00 B",
        "==========================================================",
        "Total params: 23 (92.00 B)",
        "Trainable params: 23 (92.00 B)",
        "Non-trainable params: 0 (0.00 B)",
        "__________________________________________________________",
        "Forward FLOPs per sample: 46",
        "Training step memory at batch size 10 (float32): 1.41 KB (1,448 bytes)",
        "  parameters         92.00 B",
        "  gradients          92.00 B",
        "  optimizer state   184.00 B  (2 moment arrays per parameter)",
        "  batch arrays       1.05 KB  (input and targets 240.00 B)",
        "FLOPs: 2 per multiply-add of Dense, Conv and Maxout kernels; 1 per bias",
        "add, per activation value and per value a pooling window or maxout group",
        "reads; Dropout and Flatten 0.",
        "Memory per layer: its per-batch arrays (outputs, pre-activations,",
        "gradients, masks, im2col columns) plus its parameters, their gradients",
        "and the optimizer's moments."), Summary.text(mlp()));
  }

  @Test
  void convolutionsAddTheirIm2colColumnsAndTheOneDnnTotal() {
    String text = Summary.text(convnet());
    assertTrue(text.contains("\n  batch arrays       1.22 KB  (input and targets 120.00 B, "
        + "im2col columns 432.00 B)\n"), text);
    assertTrue(text.contains("\nWith ND4J's oneDNN convolutions: 1.07 KB (1,100 bytes)\n"
        + "  (input-shaped workspaces in place of the im2col columns)\n"), text);
  }

  @Test
  void breakdownNamesIm2colOnlyWhereThereIsSome() {
    assertEquals("parameters 92.00 B, gradients 92.00 B, optimizer state 184.00 B, "
        + "batch arrays 1.05 KB (input and targets 240.00 B)", Summary.breakdown(mlp()));
    assertEquals("parameters 44.00 B, gradients 44.00 B, optimizer state 88.00 B, "
        + "batch arrays 1.22 KB (input and targets 120.00 B, im2col columns 432.00 B)",
        Summary.breakdown(convnet()));
  }

  @ParameterizedTest(name = "{0} bytes = {1}")
  @CsvSource({
      "0, 0.00 B",
      "1023, 1023.00 B",
      "1024, 1.00 KB",
      "1536, 1.50 KB",
      "1048576, 1.00 MB",
      "1073741824, 1.00 GB",
      "1099511627776, 1.00 TB",
      "1125899906842624, 1.00 PB",
      "1152921504606846976, 1.00 EB",
      "9223372036854775807, 8.00 EB"})
  void bytesInPowersOf1024(long bytes, String text) {
    assertEquals(text, Summary.bytes(bytes));
  }
}
