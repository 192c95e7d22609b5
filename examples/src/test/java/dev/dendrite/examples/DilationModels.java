package dev.dendrite.examples;

import static dev.dendrite.Activation.SOFTMAX;
import static dev.dendrite.Activation.TANH;

import dev.dendrite.Conv1D;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Padding;

/**
 * Small dilated convolutions, VALID and SAME, for the gradient check through generated code and
 * the comparison with PyTorch (src/test/torch-fixtures/conv_fixtures.py builds the same models).
 */
final class DilationModels {
  private DilationModels() {}

  /** 9x9x2 -> conv1 (3x3 at 2x2) 5x5x3 -> conv2 (2x3 at 2x1, SAME) 5x5x2 -> 50 -> 3. */
  @Model(input = {9, 9, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Dilated2d {
    @Conv2D(filters = 3, kernelSize = 3, dilationRate = 2, activation = TANH) Layer conv1;
    @Conv2D(filters = 2, kernelSize = {2, 3}, dilationRate = {2, 1}, padding = Padding.SAME,
        activation = TANH) Layer conv2;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** 12x2 -> conv (3 at 3, SAME) 12x3 -> conv2 (2 at 4) 8x2 -> 16 -> 3. */
  @Model(input = {12, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Dilated1d {
    @Conv1D(filters = 3, kernelSize = 3, dilationRate = 3, padding = Padding.SAME,
        activation = TANH) Layer conv;
    @Conv1D(filters = 2, kernelSize = 2, dilationRate = 4, activation = TANH) Layer conv2;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }
}
