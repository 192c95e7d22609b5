package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.dendrite.processor.Compilations.Source;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics of the convolution and pooling layers, and the shapes they infer. A bad value or a
 * window that does not fit lands on that value's line when the source spells it out (else on the
 * annotation's); an input of the wrong kind lands on the layer's annotation. Every shape message
 * shows how the shape arose, layer by layer.
 */
class ConvDiagnosticsTest {

  // ---- WINDOW_TOO_LARGE ----

  @Test
  void seedKernelsOnASmallImage() {
    // The seed's 10x10 kernels need at least a 10x10 image; checking stops at the first.
    Source source = source("ErroneousSeedKernels",
        "@Model(input = {8, 8, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousSeedKernels {",
        "  @Conv2D(filters = 32,",
        "      kernelSize = {10, 10}, activation = RELU)",
        "  Layer conv1;",
        "  @Conv2D(filters = 32, kernelSize = {10, 10}, activation = RELU) Layer conv2;",
        "  @MaxPooling2D(poolSize = {5, 5}) Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv1: its kernelSize 10x10 is larger than its input 8x8x1 "
            + "(input 8x8x1). Use a kernel of at most 8x8 or padding = SAME.")
        .inFile(source.file())
        .onLine(source.lineOf("      kernelSize = {10, 10}"));
  }

  @Test
  void kernelThatFitsTheInputButNotAfterItShrank() {
    Source source = source("ErroneousShrunk",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousShrunk {",
        "  @Conv2D(filters = 32, kernelSize = {10, 10}, activation = RELU) Layer conv1;",
        "  @MaxPooling2D(poolSize = {5, 5}) Layer pool1;",
        "  @Conv2D(filters = 64, activation = RELU,",
        "      kernelSize = {5, 5})",
        "  Layer conv2;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv2: its kernelSize 5x5 is larger than its input 3x3x32 "
            + "(input 28x28x1 -> conv1 19x19x32 -> pool1 3x3x32). Use a kernel of at most 3x3, "
            + "padding = SAME, or shrink the input less before conv2.")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = {5, 5}"));
  }

  @Test
  void kernelTallerThanTheImage() {
    // Fits the width but not the height: the window must fit both.
    Source source = source("ErroneousTallKernel",
        "@Model(input = {4, 32, 3}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousTallKernel {",
        "  @Conv2D(filters = 8, kernelSize = {5, 3})",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv: its kernelSize 5x3 is larger than its input 4x32x3 "
            + "(input 4x32x3). Use a kernel of at most 4x32 or padding = SAME.")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = {5, 3}"));
  }

  @Test
  void poolLargerThanItsInput() {
    Source source = source("ErroneousBigPool",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousBigPool {",
        "  @Conv2D(filters = 8, kernelSize = 3, strides = 4) Layer conv;",
        "  @Dropout(0.25) Layer dropout;",
        "  @MaxPooling2D(",
        "      poolSize = 8)",
        "  Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@MaxPooling2D pool: its poolSize 8x8 is larger than its input 7x7x8 "
            + "(input 28x28x1 -> conv 7x7x8 -> dropout 7x7x8). Use a pool of at most 7x7, "
            + "padding = SAME, or shrink the input less before pool.")
        .inFile(source.file())
        .onLine(source.lineOf("poolSize = 8"));
  }

  @Test
  void defaultPoolLargerThanItsInputLandsOnTheAnnotation() {
    Source source = source("ErroneousDefaultPool",
        "@Model(input = {3, 3, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousDefaultPool {",
        "  @Conv2D(filters = 4, kernelSize = 3) Layer conv;",
        "  @AveragePooling2D",
        "  Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@AveragePooling2D pool: its poolSize 2x2 is larger than its input "
            + "1x1x4 (input 3x3x1 -> conv 1x1x4). Use a pool of at most 1x1, padding = SAME, or "
            + "shrink the input less before pool.")
        .inFile(source.file())
        .onLine(source.lineOf("@AveragePooling2D"));
  }

  @Test
  void conv1dKernelLongerThanTheSeries() {
    Source source = source("ErroneousLongKernel",
        "@Model(input = {128, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousLongKernel {",
        "  @Conv1D(filters = 16,",
        "      kernelSize = 200)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv1D conv: its kernelSize 200 is larger than its input 128x1 "
            + "(input 128x1). Use a kernel of at most 128 or padding = SAME.")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = 200"));
  }

  @Test
  void pool1dLongerThanTheShrunkSeries() {
    Source source = source("ErroneousLongPool",
        "@Model(input = {16, 2}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousLongPool {",
        "  @Conv1D(filters = 8, kernelSize = 5, strides = 4) Layer conv;",
        "  @MaxPooling1D(poolSize = 5)",
        "  Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@MaxPooling1D pool: its poolSize 5 is larger than its input 3x8 "
            + "(input 16x2 -> conv 3x8). Use a pool of at most 3, padding = SAME, or shrink the "
            + "input less before pool.")
        .inFile(source.file())
        .onLine(source.lineOf("poolSize = 5"));
  }

  // ---- WRONG_INPUT_RANK ----

  @Test
  void conv2dOnAFlatInput() {
    Source source = source("ErroneousConvOnFlat",
        "@Model(input = 784, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConvOnFlat {",
        "  @Conv2D(filters = 32, kernelSize = 3, activation = RELU)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv needs an image input (height x width x channels) but "
            + "receives 784 (input 784). Declare the image's shape on @Model, like "
            + "input = {28, 28, 1}.")
        .inFile(source.file())
        .onLine(source.lineOf("@Conv2D"));
  }

  @Test
  void conv2dAfterFlatten() {
    // The model's input is an image: the fix is the layer order, not the input.
    Source source = source("ErroneousConvAfterFlatten",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConvAfterFlatten {",
        "  @Flatten Layer flatten;",
        "  @Dropout(0.2) Layer dropout;",
        "  @Conv2D(filters = 32, kernelSize = 3, activation = RELU)",
        "  Layer conv;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv needs an image input (height x width x channels) but "
            + "receives 784 (input 28x28x1 -> flatten 784 -> dropout 784). @Flatten flatten made "
            + "it flat: declare conv before flatten.")
        .inFile(source.file())
        .onLine(source.lineOf("@Conv2D"));
  }

  @Test
  void conv2dAfterGlobalPooling() {
    Source source = source("ErroneousConvAfterGlobalPool",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConvAfterGlobalPool {",
        "  @Conv2D(filters = 8, kernelSize = 3, activation = RELU) Layer conv1;",
        "  @GlobalAveragePooling2D Layer gap;",
        "  @Dense(units = 16, activation = RELU) Layer hidden;",
        "  @Conv2D(filters = 8, kernelSize = 3, activation = RELU)",
        "  Layer conv2;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv2 needs an image input (height x width x channels) but "
            + "receives 16 (input 28x28x1 -> conv1 26x26x8 -> gap 8 -> hidden 16). "
            + "@GlobalAveragePooling2D gap made it flat: declare conv2 before gap.")
        .inFile(source.file())
        .onLine(source.lineOf("Layer conv2;") - 1);
  }

  @Test
  void conv2dOnASeries() {
    Source source = source("ErroneousConv2dOnSeries",
        "@Model(input = {128, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConv2dOnSeries {",
        "  @Conv2D(filters = 32, kernelSize = 3, activation = RELU)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv needs an image input (height x width x channels) but "
            + "receives 128x1 (input 128x1). This is a series: use the 1D layers (@Conv1D, "
            + "@MaxPooling1D, ...), or, for an image, add its channels to the input on @Model, "
            + "like input = {28, 28, 1}.")
        .inFile(source.file())
        .onLine(source.lineOf("@Conv2D"));
  }

  @Test
  void conv2dOnAnImageWithoutChannels() {
    // {28, 28} is what an MLP on MNIST declares; Conv2D needs the channels too.
    Source source = source("ErroneousNoChannels",
        "@Model(input = {28, 28}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousNoChannels {",
        "  @Conv2D(filters = 32, kernelSize = 3, activation = RELU)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("but receives 28x28 (input 28x28). This is a series: use the 1D "
            + "layers (@Conv1D, @MaxPooling1D, ...), or, for an image, add its channels to the "
            + "input on @Model, like input = {28, 28, 1}.")
        .inFile(source.file())
        .onLine(source.lineOf("@Conv2D"));
  }

  @Test
  void conv1dOnAnImage() {
    Source source = source("ErroneousConv1dOnImage",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConv1dOnImage {",
        "  @Conv1D(filters = 32, kernelSize = 3, activation = RELU)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv1D conv needs a series input (length x channels) but receives "
            + "28x28x1 (input 28x28x1). This is an image: use the 2D layers (@Conv2D, "
            + "@MaxPooling2D, ...).")
        .inFile(source.file())
        .onLine(source.lineOf("@Conv1D"));
  }

  @Test
  void conv1dOnAFlatInput() {
    Source source = source("ErroneousConv1dOnFlat",
        "@Model(input = 128, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConv1dOnFlat {",
        "  @Conv1D(filters = 32, kernelSize = 3, activation = RELU)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv1D conv needs a series input (length x channels) but receives "
            + "128 (input 128). Declare the series' shape on @Model, like input = {128, 1}.")
        .inFile(source.file())
        .onLine(source.lineOf("@Conv1D"));
  }

  @Test
  void maxPooling1dOnAnImage() {
    Source source = source("ErroneousPool1dOnImage",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousPool1dOnImage {",
        "  @Conv2D(filters = 8, kernelSize = 3, activation = RELU) Layer conv;",
        "  @MaxPooling1D(poolSize = 2)",
        "  Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@MaxPooling1D pool needs a series input (length x channels) but "
            + "receives 26x26x8 (input 28x28x1 -> conv 26x26x8). This is an image: use the 2D "
            + "layers (@Conv2D, @MaxPooling2D, ...).")
        .inFile(source.file())
        .onLine(source.lineOf("@MaxPooling1D"));
  }

  @Test
  void globalAveragePooling2dOnASeries() {
    Source source = source("ErroneousGlobalPoolOnSeries",
        "@Model(input = {128, 3}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousGlobalPoolOnSeries {",
        "  @Conv1D(filters = 16, kernelSize = 9, activation = RELU) Layer conv;",
        "  @GlobalAveragePooling2D",
        "  Layer gap;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@GlobalAveragePooling2D gap needs an image input (height x width x "
            + "channels) but receives 120x16 (input 128x3 -> conv 120x16). This is a series: use "
            + "the 1D layers (@Conv1D, @MaxPooling1D, ...)")
        .inFile(source.file())
        .onLine(source.lineOf("@GlobalAveragePooling2D"));
  }

  // ---- DENSE_NEEDS_FLAT ----

  @Test
  void denseOnAFeatureMap() {
    Source source = source("ErroneousDenseOnFeatureMap",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousDenseOnFeatureMap {",
        "  @Conv2D(filters = 32, kernelSize = {3, 3}, activation = RELU) Layer conv;",
        "  @Dense(units = 10, activation = SOFTMAX)",
        "  Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Dense output needs a flat input but receives 26x26x32 "
            + "(input 28x28x1 -> conv 26x26x32). Add '@Flatten Layer flatten;' before output.")
        .inFile(source.file())
        .onLine(source.lineOf("@Dense"));
  }

  // ---- WINDOW_VALUE ----

  @Test
  void zeroFilters() {
    Source source = source("ErroneousZeroFilters",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousZeroFilters {",
        "  @Conv2D(kernelSize = 3,",
        "      filters = 0)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D filters expected a positive integer. Received: filters = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("filters = 0"));
  }

  @Test
  void emptyKernelSize() {
    assertKernelSizeRejected("{}", "[]");
  }

  @Test
  void threeDimensionalKernelSize() {
    assertKernelSizeRejected("{3, 3, 3}", "[3, 3, 3]");
  }

  @Test
  void zeroInKernelSize() {
    assertKernelSizeRejected("{0, 3}", "[0, 3]");
  }

  @Test
  void negativeKernelSize() {
    assertKernelSizeRejected("-3", "[-3]");
  }

  private static void assertKernelSizeRejected(String written, String received) {
    Source source = source("ErroneousKernelSize",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousKernelSize {",
        "  @Conv2D(filters = 32,",
        "      kernelSize = " + written + ")",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D kernelSize expected one or two positive integers. "
            + "Received: kernelSize = " + received + ".")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = " + written));
  }

  @Test
  void zeroStrides() {
    Source source = source("ErroneousZeroStrides",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousZeroStrides {",
        "  @Conv2D(filters = 32, kernelSize = 3,",
        "      strides = {0})",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D strides expected one or two positive integers. "
            + "Received: strides = [0].")
        .inFile(source.file())
        .onLine(source.lineOf("strides = {0}"));
  }

  @Test
  void everyBadConv2dValueIsReported() {
    Source source = source("ErroneousConvValues",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConvValues {",
        "  @Conv2D(",
        "      filters = -1,",
        "      kernelSize = {},",
        "      strides = {1, 0})",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D filters expected a positive integer. Received: filters = -1.")
        .inFile(source.file())
        .onLine(source.lineOf("filters = -1"));
    assertThat(compilation)
        .hadErrorContaining("@Conv2D kernelSize expected one or two positive integers. "
            + "Received: kernelSize = [].")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = {}"));
    assertThat(compilation)
        .hadErrorContaining("@Conv2D strides expected one or two positive integers. "
            + "Received: strides = [1, 0].")
        .inFile(source.file())
        .onLine(source.lineOf("strides = {1, 0}"));
  }

  @Test
  void conv1dZeroKernelSize() {
    Source source = source("ErroneousConv1dKernel",
        "@Model(input = {128, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConv1dKernel {",
        "  @Conv1D(filters = 32,",
        "      kernelSize = 0)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv1D kernelSize expected a positive integer. "
            + "Received: kernelSize = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = 0"));
  }

  @Test
  void conv1dZeroStrides() {
    Source source = source("ErroneousConv1dStrides",
        "@Model(input = {128, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousConv1dStrides {",
        "  @Conv1D(filters = 32, kernelSize = 3,",
        "      strides = 0)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv1D strides expected a positive integer. Received: strides = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("strides = 0"));
  }

  @Test
  void maxPooling1dZeroPoolSize() {
    Source source = source("ErroneousPool1dSize",
        "@Model(input = {128, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousPool1dSize {",
        "  @MaxPooling1D(",
        "      poolSize = 0)",
        "  Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@MaxPooling1D poolSize expected a positive integer. "
            + "Received: poolSize = 0.")
        .inFile(source.file())
        .onLine(source.lineOf("poolSize = 0"));
  }

  @Test
  void maxPooling2dZeroStrides() {
    Source source = source("ErroneousPool2dStrides",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousPool2dStrides {",
        "  @MaxPooling2D(poolSize = 2,",
        "      strides = {2, 0})",
        "  Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@MaxPooling2D strides expected one or two positive integers. "
            + "Received: strides = [2, 0].")
        .inFile(source.file())
        .onLine(source.lineOf("strides = {2, 0}"));
  }

  // ---- DILATION_WITH_STRIDES ----

  @Test
  void dilationWithStridesIsRefusedAsKerasRefusesIt() {
    Source source = source("ErroneousDilatedStrides",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousDilatedStrides {",
        "  @Conv2D(filters = 8, kernelSize = 3, strides = {1, 2},",
        "      dilationRate = 2)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv: strides above 1 cannot be combined with dilationRate "
            + "above 1 (Keras refuses them too). Received: strides = {1, 2}, dilationRate = 2. "
            + "Keep strides = 1 and shrink the output with a pooling layer after conv, or set "
            + "dilationRate = 1.")
        .inFile(source.file())
        .onLine(source.lineOf("dilationRate = 2"));
  }

  @Test
  void conv1dDilationWithStridesIsRefused() {
    Source source = source("ErroneousDilatedStrides1d",
        "@Model(input = {64, 1}, loss = MEAN_SQUARED_ERROR)",
        "class ErroneousDilatedStrides1d {",
        "  @Conv1D(filters = 8, kernelSize = 3, strides = 2, dilationRate = 4) Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv1D conv: strides above 1 cannot be combined with dilationRate "
            + "above 1 (Keras refuses them too). Received: strides = 2, dilationRate = 4.")
        .inFile(source.file())
        .onLine(source.lineOf("dilationRate = 4"));
  }

  @Test
  void zeroDilationRate() {
    Source source = source("ErroneousZeroDilation",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousZeroDilation {",
        "  @Conv2D(filters = 8, kernelSize = 3,",
        "      dilationRate = {2, 0})",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D dilationRate expected one or two positive integers. "
            + "Received: dilationRate = [2, 0].")
        .inFile(source.file())
        .onLine(source.lineOf("dilationRate = {2, 0}"));
  }

  @Test
  void dilatedKernelLargerThanItsInput() {
    // a 3x3 kernel at dilation 4 spans 9x9 cells, one more than the image has
    Source source = source("ErroneousDilatedKernel",
        "@Model(input = {8, 8, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousDilatedKernel {",
        "  @Conv2D(filters = 8,",
        "      kernelSize = 3, dilationRate = 4)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv: its kernelSize 3x3 at dilationRate 4x4 (9x9 cells) is "
            + "larger than its input 8x8x1 (input 8x8x1). Use a kernel of at most 8x8 or "
            + "padding = SAME.")
        .inFile(source.file())
        .onLine(source.lineOf("kernelSize = 3, dilationRate = 4"));
  }

  // ---- LAYER_TOO_LARGE ----

  @Test
  void featureMapTooLargeForAnArray() {
    // 26 * 26 * 10,000,000 values overflow an int; before the fix the processor failed.
    Source source = source("ErroneousHugeFeatureMap",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class ErroneousHugeFeatureMap {",
        "  @Conv2D(kernelSize = 3,",
        "      filters = 10000000)",
        "  Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Conv2D conv outputs 26x26x10000000, 6,760,000,000 values per "
            + "sample (input 28x28x1 -> conv 26x26x10000000), but an array holds at most "
            + "2,147,483,647. Use fewer filters or shrink the input more before conv.")
        .inFile(source.file())
        .onLine(source.lineOf("filters = 10000000"));
  }

  // ---- Valid models: shapes as Keras infers them ----

  @Test
  void kerasMnistConvnet() {
    Compilation compilation = compile(source("MnistConvnet",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY, optimizer = ADAM)",
        "class MnistConvnet {",
        "  @Conv2D(filters = 32, kernelSize = {3, 3}, activation = RELU) Layer conv1;",
        "  @MaxPooling2D(poolSize = {2, 2}) Layer pool1;",
        "  @Conv2D(filters = 64, kernelSize = {3, 3}, activation = RELU) Layer conv2;",
        "  @MaxPooling2D(poolSize = {2, 2}) Layer pool2;",
        "  @Flatten Layer flatten;",
        "  @Dropout(0.5) Layer dropout;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.MnistConvnetNetwork")
        .contentsAsUtf8String();
    network.contains("public static final ModelSpec SPEC");
    // Keras' model.summary(): 320 + 18,496 + 16,010.
    network.contains("34826L, LearningRateSchedule.CONSTANT,");
    network.contains("static final int CONV1_HEIGHT = 26;");
    network.contains("static final int CONV1_WIDTH = 26;");
    network.contains("static final int CONV1_CHANNELS = 32;");
    network.contains("static final int POOL1_HEIGHT = 13;");
    network.contains("static final int CONV2_HEIGHT = 11;");
    network.contains("static final int POOL2_HEIGHT = 5;");
    network.contains("static final int POOL2_CHANNELS = 64;");
    network.contains("static final int FLATTEN_SIZE = 1600;");
    assertThat(compilation).generatedSourceFile("test.MnistConvnetTrainer");
  }

  @Test
  void samePaddingWithStridesGivesCeilOfLengthOverStride() {
    Compilation compilation = compile(source("SameStrided",
        "@Model(input = {28, 27, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class SameStrided {",
        "  @Conv2D(filters = 8, kernelSize = 3, strides = 2, padding = Padding.SAME) Layer conv;",
        "  @Conv2D(filters = 8, kernelSize = 3, strides = {2, 3}) Layer valid;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.SameStridedNetwork")
        .contentsAsUtf8String();
    // SAME: ceil(28 / 2) = 14, ceil(27 / 2) = 14.
    network.contains("static final int CONV_HEIGHT = 14;");
    network.contains("static final int CONV_WIDTH = 14;");
    // VALID: floor((14 - 3) / 2) + 1 = 6, floor((14 - 3) / 3) + 1 = 4.
    network.contains("static final int VALID_HEIGHT = 6;");
    network.contains("static final int VALID_WIDTH = 4;");
    network.contains("static final int FLATTEN_SIZE = 192;");
  }

  @Test
  void samePaddingLetsAKernelLargerThanTheInputThrough() {
    Compilation compilation = compile(source("SameBigKernel",
        "@Model(input = {4, 4, 1}, loss = MEAN_SQUARED_ERROR)",
        "class SameBigKernel {",
        "  @Conv2D(filters = 2, kernelSize = 5, padding = Padding.SAME) Layer conv;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.SameBigKernelNetwork")
        .contentsAsUtf8String()
        .contains("static final int FLATTEN_SIZE = 32;");
  }

  @Test
  void conv1dSeriesClassifier() {
    Compilation compilation = compile(source("Series",
        "@Model(input = {128, 1}, loss = CATEGORICAL_CROSSENTROPY, optimizer = ADAM)",
        "class Series {",
        "  @Conv1D(filters = 32, kernelSize = 10, activation = RELU) Layer conv1;",
        "  @Conv1D(filters = 32, kernelSize = 10, activation = RELU) Layer conv2;",
        "  @MaxPooling1D(poolSize = 5) Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 3, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.SeriesNetwork")
        .contentsAsUtf8String();
    network.contains("static final int CONV1_LENGTH = 119;");
    network.contains("static final int CONV2_LENGTH = 110;");
    network.contains("static final int POOL_LENGTH = 22;");
    network.contains("static final int POOL_CHANNELS = 32;");
    network.contains("static final int FLATTEN_SIZE = 704;");
    // 352 + 10,272 + 2,115.
    network.contains("12739L, LearningRateSchedule.CONSTANT,");
  }

  @Test
  void globalAveragePoolingGivesAFlatVectorForDense() {
    Compilation compilation = compile(source("GlobalPool",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class GlobalPool {",
        "  @Conv2D(filters = 16, kernelSize = 3, activation = RELU) Layer conv;",
        "  @GlobalAveragePooling2D Layer gap;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.GlobalPoolNetwork")
        .contentsAsUtf8String();
    network.contains("static final int GAP_SIZE = 16;");
    // 160 + 170.
    network.contains("330L, LearningRateSchedule.CONSTANT,");
  }

  @Test
  void globalAveragePooling1dGivesAFlatVectorForDense() {
    Compilation compilation = compile(source("GlobalPool1d",
        "@Model(input = {128, 3}, loss = BINARY_CROSSENTROPY)",
        "class GlobalPool1d {",
        "  @Conv1D(filters = 8, kernelSize = 5, activation = RELU) Layer conv;",
        "  @GlobalAveragePooling1D Layer gap;",
        "  @Dense(units = 1, activation = SIGMOID) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.GlobalPool1dNetwork")
        .contentsAsUtf8String()
        .contains("static final int GAP_SIZE = 8;");
  }

  @Test
  void averagePoolingWithSamePaddingOnAnOddSize() {
    Compilation valid = compile(source("OddPool",
        "@Model(input = {7, 7, 1}, loss = MEAN_SQUARED_ERROR)",
        "class OddPool {",
        "  @Conv2D(filters = 4, kernelSize = 3, activation = RELU) Layer conv;",
        "  @AveragePooling2D(poolSize = 2, padding = Padding.SAME) Layer pool;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 1) Layer output;",
        "}"));
    assertThat(valid).succeededWithoutWarnings();
    var network = assertThat(valid).generatedSourceFile("test.OddPoolNetwork")
        .contentsAsUtf8String();
    // SAME: ceil(5 / 2) = 3, where VALID would give 2.
    network.contains("static final int POOL_HEIGHT = 3;");
    network.contains("static final int POOL_WIDTH = 3;");
    network.contains("static final int FLATTEN_SIZE = 36;");
  }

  @Test
  void dilatedConvolutionsSpanTheirTapsAndSkipOneDnn() {
    Compilation compilation = compile(source("Dilated",
        "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY)",
        "class Dilated {",
        "  @Conv2D(filters = 8, kernelSize = 3, dilationRate = {2, 3}) Layer conv;",
        "  @Conv2D(filters = 8, kernelSize = 3, dilationRate = 2, padding = Padding.SAME)",
        "  Layer same;",
        "  @Flatten Layer flatten;",
        "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    var network = assertThat(compilation).generatedSourceFile("test.DilatedNetwork")
        .contentsAsUtf8String();
    // VALID: the kernel spans (3 - 1) * 2 + 1 = 5 rows and (3 - 1) * 3 + 1 = 7 columns.
    network.contains("static final int CONV_HEIGHT = 24;");
    network.contains("static final int CONV_WIDTH = 22;");
    network.contains("static final int CONV_DILATION_HEIGHT = 2;");
    network.contains("static final int CONV_DILATION_WIDTH = 3;");
    // SAME keeps the size whatever the dilation.
    network.contains("static final int SAME_HEIGHT = 24;");
    network.contains("static final int SAME_WIDTH = 22;");
    network.contains("CONV_DILATION_WIDTH,");
    // the patches are allocated as they are: no oneDNN workspace in their place
    network.doesNotContain("Convolutions.workspace");
    // the Keras config, as a string in the generated source
    network.contains("dilation_rate\\\": [2, 3]");
  }
}
