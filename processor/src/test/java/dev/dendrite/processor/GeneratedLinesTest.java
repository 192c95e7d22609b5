package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated sources fit the 100 columns of the Java style they follow, whatever their layers and
 * optimizer: checked over models with every kind of layer and names longer than most. Names still
 * bound it: a class name of 90 characters makes a long line, and the summary table is as wide as
 * Keras would print it (its widest row, plus 12 columns of Java around it).
 */
class GeneratedLinesTest {
  private static final int COLUMNS = 100;

  @Test
  void everyGeneratedLineFitsInOneHundredColumns() {
    Compilation compilation = compile(
        source("ImageClassifierWithEveryLayerKind",
            "@Model(input = {28, 28, 1}, loss = CATEGORICAL_CROSSENTROPY, optimizer = ADAMW,",
            "    learningRateSchedule = LearningRateSchedule.COSINE_DECAY, batchSize = 128)",
            "class ImageClassifierWithEveryLayerKind {",
            "  @Conv2D(filters = 32, kernelSize = {3, 5}, strides = 2, padding = Padding.SAME,",
            "      activation = RELU) Layer firstConvolution;",
            "  @MaxPooling2D(poolSize = 2) Layer firstPooling;",
            "  @Dropout(0.25) Layer dropoutAfterPooling;",
            "  @AveragePooling2D(poolSize = 1, padding = Padding.SAME) Layer averagePooling;",
            "  @Conv2D(filters = 8, kernelSize = 3, useBias = false) Layer secondConvolution;",
            "  @GlobalAveragePooling2D Layer globalPooling;",
            "  @Maxout(units = 16, pieces = 3) Layer maxoutWithThreePieces;",
            "  @Dense(units = 10, activation = SOFTMAX) Layer denseOutput;",
            "}"),
        source("SeriesClassifierWith1dLayers",
            "@Model(input = {128, 3}, loss = BINARY_CROSSENTROPY, optimizer = SGD,",
            "    momentum = 0.9, nesterov = true)",
            "class SeriesClassifierWith1dLayers {",
            "  @Conv1D(filters = 16, kernelSize = 5, strides = 2, activation = TANH)",
            "  Layer seriesConvolution;",
            "  @MaxPooling1D(poolSize = 2) Layer seriesMaxPooling;",
            "  @AveragePooling1D(poolSize = 3, strides = 1, padding = Padding.SAME)",
            "  Layer seriesAverage;",
            "  @GlobalAveragePooling1D Layer seriesGlobal;",
            "  @Dense(units = 1, activation = SIGMOID) Layer denseOutput;",
            "}"),
        source("TabularRegressionWithRmsProp",
            "@Model(input = {4, 5}, loss = HUBER, optimizer = RMSPROP, rho = 0.8)",
            "class TabularRegressionWithRmsProp {",
            "  @Flatten Layer flattenTheTable;",
            "  @Dense(units = 64, activation = LEAKY_RELU, useBias = false)",
            "  Layer firstHiddenLayer;",
            "  @Dropout(0.5) Layer dropoutAfterHidden;",
            "  @Dense(units = 1) Layer denseOutput;",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    List<String> tooLong = new ArrayList<>();
    int lines = 0;
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      String[] text = contents(file).split("\n", -1);
      lines += text.length;
      for (int i = 0; i < text.length; i++) {
        if (text[i].length() > COLUMNS) {
          tooLong.add(file.getName() + ":" + (i + 1) + " (" + text[i].length() + "): " + text[i]);
        }
      }
    }
    assertEquals(6, compilation.generatedSourceFiles().size());
    assertTrue(lines > 1000, "generated " + lines + " lines");
    assertEquals(List.of(), tooLong);
  }

  private static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
