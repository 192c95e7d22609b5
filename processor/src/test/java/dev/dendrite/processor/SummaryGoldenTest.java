package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * The summary a network carries, {@code SUMMARY} and in its class Javadoc, for a model small
 * enough to count by hand.
 */
class SummaryGoldenTest {

  @Test
  void summaryOfASmallConvnet() {
    Compilation compilation = compile(source("Tiny",
        "@Model(input = {6, 6, 1}, loss = CATEGORICAL_CROSSENTROPY, optimizer = SGD,",
        "    batchSize = 4)",
        "class Tiny {",
        "  @Conv2D(filters = 2, kernelSize = 3, activation = RELU) Layer conv;",
        "  @MaxPooling2D Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.TinyNetwork")
        .contentsAsUtf8String();
    // FLOPs: conv 2 x 9 x 32 + 32 bias + 32 relu; pool 8 x 4 cells; output 2 x 8 x 3 + 3 + 3.
    // Memory at 4 samples, 4 bytes a value: 47 parameters x 4 arrays; per sample input 36,
    // targets 3, conv 2 x 32 (output and its gradient: the ReLU runs inside the convolution, its
    // gradient in place) + im2col 16 x 9, pool 2 x 8, output 3 x 3 (fused loss gradient).
    network.contains("public static final String SUMMARY = \"Model: \\\"Tiny\\\"\\n\"\n"
        + "      + \"_______________________________________________________________\\n\"\n"
        + "      + \" Layer (type)         Output Shape     Param #  FLOPs    Memory\\n\"\n"
        + "      + \"===============================================================\\n\"\n"
        + "      + \" conv (Conv2D)        (None, 4, 4, 2)       20    640   3.56 KB\\n\"\n"
        + "      + \" pool (MaxPooling2D)  (None, 2, 2, 2)        0     32  256.00 B\\n\"\n"
        + "      + \" flatten (Flatten)    (None, 8)              0      0    0.00 B\\n\"\n"
        + "      + \" output (Dense)       (None, 3)             27     54  576.00 B\\n\"\n"
        + "      + \"===============================================================\\n\"\n"
        + "      + \"Total params: 47 (188.00 B)\\n\"\n"
        + "      + \"Trainable params: 47 (188.00 B)\\n\"\n"
        + "      + \"Non-trainable params: 0 (0.00 B)\\n\"\n"
        + "      + \"_______________________________________________________________\\n\"\n"
        + "      + \"Forward FLOPs per sample: 726\\n\"\n"
        + "      + \"Training step memory at batch size 4 (float32): 4.98 KB (5,104 bytes)\\n\"\n"
        + "      + \"  parameters        188.00 B\\n\"\n"
        + "      + \"  gradients         188.00 B\\n\"\n"
        + "      + \"  optimizer state   376.00 B  (2 moment arrays per parameter)\\n\"\n"
        + "      + \"  batch arrays       4.25 KB  (input and targets 624.00 B, im2col columns "
        + "2.25 KB)\\n\"\n");
    network.contains(" * <p>Its summary ({@link #SUMMARY}):\n"
        + " * <pre>\n"
        + " * Model: \"Tiny\"\n");
    network.contains(" *  conv (Conv2D)        (None, 4, 4, 2)       20    640   3.56 KB\n");
  }

  @Test
  void summaryOfASeriesModelWithDropout() {
    Compilation compilation = compile(source("Series",
        "@Model(input = {10, 2}, loss = MEAN_SQUARED_ERROR)",
        "class Series {",
        "  @Conv1D(filters = 3, kernelSize = 4, useBias = false) Layer conv;",
        "  @Dropout(0.5) Layer dropout;",
        "  @GlobalAveragePooling1D Layer global;",
        "  @Dense(units = 1) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.SeriesNetwork")
        .contentsAsUtf8String();
    // conv: 7 x 3 outputs, 2 x 8 multiply-adds each, no bias, linear: 336 FLOPs.
    network.contains("\" conv (Conv1D)                    (None, 7, 3)       24    336  ");
    network.contains("\" dropout (Dropout)                (None, 7, 3)        0      0  ");
    network.contains("\" global (GlobalAveragePooling1D)  (None, 3)           0     21  ");
    network.contains("\"Forward FLOPs per sample: 364\\n\"");
  }
}
