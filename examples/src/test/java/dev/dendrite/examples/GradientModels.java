package dev.dendrite.examples;

import static dev.dendrite.Activation.ELU;
import static dev.dendrite.Activation.EXPONENTIAL;
import static dev.dendrite.Activation.GELU;
import static dev.dendrite.Activation.HARD_SIGMOID;
import static dev.dendrite.Activation.LEAKY_RELU;
import static dev.dendrite.Activation.LINEAR;
import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SELU;
import static dev.dendrite.Activation.SIGMOID;
import static dev.dendrite.Activation.SOFTMAX;
import static dev.dendrite.Activation.SOFTPLUS;
import static dev.dendrite.Activation.SOFTSIGN;
import static dev.dendrite.Activation.SWISH;
import static dev.dendrite.Activation.TANH;

import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;

/**
 * Small models that put every activation, loss and layer in a network, so that the gradient
 * check can run through the code the processor generates for them.
 */
final class GradientModels {
  private GradientModels() {}

  // ---- one hidden layer per activation, softmax + categorical cross-entropy on top ----

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Linear {
    @Dense(units = 4, activation = LINEAR) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Relu {
    @Dense(units = 4, activation = RELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Sigmoid {
    @Dense(units = 4, activation = SIGMOID) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Tanh {
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Softmax {
    @Dense(units = 4, activation = SOFTMAX) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Softsign {
    @Dense(units = 4, activation = SOFTSIGN) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Softplus {
    @Dense(units = 4, activation = SOFTPLUS) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Elu {
    @Dense(units = 4, activation = ELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Selu {
    @Dense(units = 4, activation = SELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class LeakyRelu {
    @Dense(units = 4, activation = LEAKY_RELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Gelu {
    @Dense(units = 4, activation = GELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Swish {
    @Dense(units = 4, activation = SWISH) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class HardSigmoid {
    @Dense(units = 4, activation = HARD_SIGMOID) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Exponential {
    @Dense(units = 4, activation = EXPONENTIAL) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  // ---- every loss, fused and unfused ----

  /** Categorical cross-entropy through a non-softmax output: the unfused gradient path. */
  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class CrossentropySigmoidOutput {
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 3, activation = SIGMOID) Layer output;
  }

  @Model(input = 5, loss = Loss.BINARY_CROSSENTROPY)
  static class BinaryCrossentropy {
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 1, activation = SIGMOID) Layer output;
  }

  /** Binary cross-entropy through hard sigmoid: the unfused gradient path. */
  @Model(input = 5, loss = Loss.BINARY_CROSSENTROPY)
  static class BinaryCrossentropyHardSigmoid {
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 1, activation = HARD_SIGMOID) Layer output;
  }

  @Model(input = 5, loss = Loss.MEAN_SQUARED_ERROR)
  static class MeanSquaredError {
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 2) Layer output;
  }

  @Model(input = 5, loss = Loss.MEAN_ABSOLUTE_ERROR)
  static class MeanAbsoluteError {
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 2) Layer output;
  }

  @Model(input = 5, loss = Loss.HUBER)
  static class Huber {
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 2) Layer output;
  }

  // ---- layers ----

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class WithDropout {
    @Dense(units = 6, activation = TANH) Layer hidden1;
    @Dropout(0.4) Layer dropout;
    @Dense(units = 4, activation = RELU) Layer hidden2;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Dropout and Flatten before the first trainable layer, on a 2-D input. */
  @Model(input = {2, 3}, loss = Loss.MEAN_SQUARED_ERROR)
  static class FlattenFirst {
    @Dropout(0.25) Layer inputDropout;
    @Flatten Layer flatten;
    @Dense(units = 4, activation = SIGMOID) Layer hidden;
    @Dense(units = 2) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class NoBias {
    @Dense(units = 4, activation = TANH, useBias = false) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX, useBias = false) Layer output;
  }
}
