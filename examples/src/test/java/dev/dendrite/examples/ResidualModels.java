package dev.dendrite.examples;

import static dev.dendrite.Activation.LINEAR;
import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SIGMOID;
import static dev.dendrite.Activation.SOFTMAX;
import static dev.dendrite.Activation.TANH;

import dev.dendrite.Add;
import dev.dendrite.Concatenate;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.From;
import dev.dendrite.GlobalAveragePooling2D;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;
import dev.dendrite.Padding;

/**
 * Models whose layers branch and join, for the gradient check through generated code: every
 * layer whose output feeds several has its gradient summed from theirs.
 */
final class ResidualModels {
  private ResidualModels() {}

  /** x -> dense1 -> dense2, and x added back: a residual Dense block. */
  @Model(input = 6, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class DenseResidual {
    @Dense(units = 4, activation = TANH) Layer x;
    @Dense(units = 4, activation = RELU) Layer dense1;
    @Dense(units = 4, activation = LINEAR) Layer dense2;
    @Add({"dense2", "x"}) Layer residual;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Two branches from one layer, added, and that sum added to itself. */
  @Model(input = 5, loss = Loss.MEAN_SQUARED_ERROR)
  static class SharedBranches {
    @Dense(units = 4, activation = TANH) Layer stem;
    @Dense(units = 4, activation = SIGMOID) Layer left;
    @From("stem") @Dropout(0.25) Layer right;
    @Add({"left", "right", "stem"}) Layer sum;
    @Add({"sum", "sum"}) Layer twice;
    @Dense(units = 2) Layer output;
  }

  /** Three layers side by side, the first of them also read by a later one. */
  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Concatenated {
    @Dense(units = 4, activation = TANH) Layer stem;
    @Dense(units = 3, activation = RELU) Layer left;
    @From("stem") @Dense(units = 2, activation = SIGMOID) Layer right;
    @Concatenate({"left", "right", "stem"}) Layer joined;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** A residual block of SAME convolutions on an image. */
  @Model(input = {6, 6, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ConvResidual {
    @Conv2D(filters = 3, kernelSize = 3, padding = Padding.SAME, activation = RELU) Layer conv1;
    @Conv2D(filters = 3, kernelSize = 3, padding = Padding.SAME, activation = TANH) Layer conv2;
    @Conv2D(filters = 3, kernelSize = 3, padding = Padding.SAME) Layer conv3;
    @Add({"conv3", "conv1"}) Layer residual;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /**
   * A convolution read by a Flatten and a global pooling, joined: the Flatten's gradient is a
   * view of its own share of the convolution's gradient.
   */
  @Model(input = {5, 5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ConvBranches {
    @Conv2D(filters = 3, kernelSize = 3, padding = Padding.SAME, activation = TANH) Layer conv;
    @Flatten Layer flat;
    @From("conv") @GlobalAveragePooling2D Layer global;
    @Concatenate({"flat", "global"}) Layer joined;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /**
   * Shortcuts from the model's input ({@code @From("input")}): added to a block's output and
   * read by a side branch declared first, so Keras' order of the layers is not their order here.
   */
  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM)
  static class InputShortcut {
    @Dense(units = 3, activation = SIGMOID) Layer side;
    @From("input") @Dense(units = 5, activation = TANH) Layer dense1;
    @Dense(units = 5) Layer dense2;
    @Add({"dense2", "input"}) Layer residual;
    @Concatenate({"residual", "side"}) Layer joined;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** An image added to the output of two SAME convolutions of it. */
  @Model(input = {5, 5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ConvInputShortcut {
    @Conv2D(filters = 2, kernelSize = 3, padding = Padding.SAME, activation = RELU) Layer conv1;
    @Conv2D(filters = 2, kernelSize = 3, padding = Padding.SAME) Layer conv2;
    @Add({"input", "conv2"}) Layer residual;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }
}
