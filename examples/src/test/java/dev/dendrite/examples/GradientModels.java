package dev.dendrite.examples;

import static dev.dendrite.Activation.ABSOLUTE;
import static dev.dendrite.Activation.ELU;
import static dev.dendrite.Activation.EXPONENTIAL;
import static dev.dendrite.Activation.GAUSSIAN;
import static dev.dendrite.Activation.GELU;
import static dev.dendrite.Activation.HARD_SIGMOID;
import static dev.dendrite.Activation.LEAKY_RELU;
import static dev.dendrite.Activation.LINEAR;
import static dev.dendrite.Activation.MEXICAN_HAT;
import static dev.dendrite.Activation.POLYNOMIAL;
import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SELU;
import static dev.dendrite.Activation.SIGMOID;
import static dev.dendrite.Activation.SOFTMAX;
import static dev.dendrite.Activation.SOFTPLUS;
import static dev.dendrite.Activation.SOFTSIGN;
import static dev.dendrite.Activation.SWISH;
import static dev.dendrite.Activation.TANH;
import static dev.dendrite.Activation.TRUNCATED_POWER;

import dev.dendrite.ActivationLayer;
import dev.dendrite.AveragePooling1D;
import dev.dendrite.AveragePooling2D;
import dev.dendrite.Conv1D;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.GlobalAveragePooling1D;
import dev.dendrite.GlobalAveragePooling2D;
import dev.dendrite.GlobalMaxPooling1D;
import dev.dendrite.GlobalMaxPooling2D;
import dev.dendrite.GRU;
import dev.dendrite.LSTM;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Maxout;
import dev.dendrite.Model;
import dev.dendrite.Padding;
import dev.dendrite.Reshape;
import dev.dendrite.SimpleRNN;
import dev.dendrite.ZeroPadding2D;

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

  // ---- convolution and pooling, with strides, padding and odd sizes ----

  @Model(input = {5, 5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Conv2dValid {
    @Conv2D(filters = 3, kernelSize = {3, 3}, activation = RELU) Layer conv;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {7, 6, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Conv2dSameStrided {
    @Conv2D(filters = 2, kernelSize = {3, 2}, strides = {2, 1}, padding = Padding.SAME,
        activation = TANH) Layer conv;
    @MaxPooling2D(poolSize = {2, 2}, padding = Padding.SAME) Layer pool;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {6, 7, 1}, loss = Loss.MEAN_SQUARED_ERROR)
  static class StackedConv2d {
    @Conv2D(filters = 2, kernelSize = 2, activation = SIGMOID, useBias = false) Layer conv1;
    @Conv2D(filters = 3, kernelSize = {2, 3}, strides = 2, activation = ELU) Layer conv2;
    @AveragePooling2D(poolSize = {2, 2}, strides = {1, 1}, padding = Padding.SAME) Layer pool;
    @GlobalAveragePooling2D Layer global;
    @Dense(units = 2) Layer output;
  }

  @Model(input = {11, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Conv1dSameStrided {
    @Conv1D(filters = 3, kernelSize = 4, strides = 2, padding = Padding.SAME,
        activation = SWISH) Layer conv;
    @MaxPooling1D(poolSize = 2) Layer pool;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {12, 2}, loss = Loss.BINARY_CROSSENTROPY)
  static class StackedConv1d {
    @Conv1D(filters = 3, kernelSize = 3, activation = RELU) Layer conv1;
    @Dropout(0.2) Layer dropout;
    @Conv1D(filters = 2, kernelSize = 2, activation = TANH) Layer conv2;
    @AveragePooling1D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer pool;
    @GlobalAveragePooling1D Layer global;
    @Dense(units = 1, activation = SIGMOID) Layer output;
  }

  /** Pooling before the first trainable layer, whose input gradient nothing needs. */
  @Model(input = {9, 8, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class PoolFirst {
    @MaxPooling2D Layer pool;
    @Conv2D(filters = 2, kernelSize = 3, activation = RELU) Layer conv;
    @Flatten Layer flatten;
    @Dense(units = 2, activation = SOFTMAX) Layer output;
  }

  /** Average pooling VALID with strides other than the pool size: overlapping windows. */
  @Model(input = {7, 6, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class AveragePoolValidStrided {
    @Conv2D(filters = 2, kernelSize = 2, activation = TANH) Layer conv;
    @AveragePooling2D(poolSize = {3, 2}, strides = {2, 1}) Layer pool;
    @Flatten Layer flatten;
    @Dense(units = 2) Layer output;
  }

  /**
   * Max pooling with a stride larger than the pool in one direction (cells no window reads) and
   * smaller in the other, then overlapping windows with SAME padding.
   */
  @Model(input = {8, 9, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class MaxPoolStrided {
    @Conv2D(filters = 2, kernelSize = 2, activation = TANH) Layer conv;
    @MaxPooling2D(poolSize = {2, 2}, strides = {3, 1}) Layer pool1;
    @MaxPooling2D(poolSize = {2, 3}, strides = {1, 2}, padding = Padding.SAME) Layer pool2;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /**
   * Max pooling over a convolution's ReLU, whose gradient the pooling takes: 2x2 windows apart,
   * then overlapping windows with SAME padding.
   */
  @Model(input = {9, 9, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ReluMaxPool {
    @Conv2D(filters = 3, kernelSize = 2, activation = RELU) Layer conv1;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool1;
    @Conv2D(filters = 2, kernelSize = 2, activation = RELU) Layer conv2;
    @MaxPooling2D(poolSize = {2, 2}, strides = {1, 1}, padding = Padding.SAME) Layer pool2;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** The same in 1-D: MaxPooling1D over a Conv1D's ReLU. */
  @Model(input = {13, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class ReluMaxPool1d {
    @Conv1D(filters = 3, kernelSize = 2, activation = RELU) Layer conv;
    @MaxPooling1D(poolSize = 2) Layer pool;
    @Flatten Layer flatten;
    @Dense(units = 2) Layer output;
  }

  /** MaxPooling1D SAME with a stride other than its pool; AveragePooling1D VALID, strided. */
  @Model(input = {13, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class Pool1dSameAndValid {
    @Conv1D(filters = 3, kernelSize = 2, activation = TANH) Layer conv;
    @MaxPooling1D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer maxPool;
    @AveragePooling1D(poolSize = 2, strides = 3) Layer averagePool;
    @Flatten Layer flatten;
    @Dense(units = 2) Layer output;
  }

  // ---- activations beyond Keras ----

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class TruncatedPower {
    @Dense(units = 4, activation = TRUNCATED_POWER) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Absolute {
    @Dense(units = 4, activation = ABSOLUTE) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Gaussian {
    @Dense(units = 4, activation = GAUSSIAN) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class MexicanHat {
    @Dense(units = 4, activation = MEXICAN_HAT) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Also in a convolution: every activation kernel runs on any array shape. */
  @Model(input = {4, 4, 1}, loss = Loss.MEAN_SQUARED_ERROR)
  static class Polynomial {
    @Conv2D(filters = 2, kernelSize = 2, activation = POLYNOMIAL) Layer conv;
    @Flatten Layer flatten;
    @Dense(units = 4, activation = POLYNOMIAL) Layer hidden;
    @Dense(units = 2) Layer output;
  }

  // ---- maxout ----

  /** Maxout first: nothing needs its input gradient. */
  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class MaxoutFirst {
    @Maxout(units = 4, pieces = 3) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Maxout after a flattened convolution, without bias, stacked, and with a single piece. */
  @Model(input = {5, 4, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class MaxoutStacked {
    @Conv2D(filters = 2, kernelSize = 2, activation = TANH) Layer conv;
    @Flatten Layer flatten;
    @Maxout(units = 3, pieces = 2, useBias = false) Layer maxout1;
    @Dropout(0.2) Layer dropout;
    @Maxout(units = 5, pieces = 4) Layer maxout2;
    @Maxout(units = 2, pieces = 1) Layer maxout3;
    @Dense(units = 2) Layer output;
  }

  // ---- recurrent layers: the last state, every state, stacked ----

  @Model(input = {5, 3}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class SimpleRnnLast {
    @SimpleRNN(units = 4) Layer rnn;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {4, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class SimpleRnnStacked {
    @SimpleRNN(units = 3, returnSequences = true, activation = RELU) Layer rnn1;
    @SimpleRNN(units = 4, returnSequences = true, useBias = false) Layer rnn2;
    @Flatten Layer flatten;
    @Dense(units = 2) Layer output;
  }

  @Model(input = {5, 3}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class LstmLast {
    @LSTM(units = 4) Layer lstm;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {4, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class LstmSequences {
    @LSTM(units = 3, returnSequences = true) Layer lstm;
    @GlobalAveragePooling1D Layer pool;
    @Dense(units = 2) Layer output;
  }

  @Model(input = {5, 2}, loss = Loss.BINARY_CROSSENTROPY)
  static class LstmStacked {
    @Conv1D(filters = 3, kernelSize = 2) Layer conv;
    @LSTM(units = 3, returnSequences = true, recurrentActivation = HARD_SIGMOID) Layer lstm1;
    @LSTM(units = 2, useBias = false) Layer lstm2;
    @Dense(units = 1, activation = SIGMOID) Layer output;
  }

  @Model(input = {5, 3}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class GruLast {
    @GRU(units = 4) Layer gru;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {4, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class GruSequences {
    @GRU(units = 3, returnSequences = true) Layer gru;
    @Flatten Layer flatten;
    @Dense(units = 2) Layer output;
  }

  @Model(input = {5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class GruStacked {
    @Conv1D(filters = 3, kernelSize = 2) Layer conv;
    @GRU(units = 3, returnSequences = true) Layer gru1;
    @GRU(units = 2, useBias = false, activation = RELU) Layer gru2;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ActivationLayers {
    @Dense(units = 4) Layer hidden;
    @ActivationLayer(TANH) Layer tanh;
    @Dense(units = 4) Layer hidden2;
    @ActivationLayer(SOFTMAX) Layer softmax;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = 32, loss = Loss.MEAN_SQUARED_ERROR)
  static class ReshapeFlat {
    @Reshape({8, 4}) Layer series;
    @Conv1D(filters = 3, kernelSize = 3, activation = TANH) Layer conv;
    @Flatten Layer flatten;
    @Dense(units = 2) Layer output;
  }

  @Model(input = {4, 6}, loss = Loss.MEAN_SQUARED_ERROR)
  static class ReshapeBetween {
    @Conv1D(filters = 4, kernelSize = 2) Layer conv;
    @Reshape({2, 6}) Layer series;
    @ActivationLayer(RELU) Layer relu;
    @Conv1D(filters = 2, kernelSize = 2, activation = ELU) Layer conv2;
    @Flatten Layer flatten;
    @Dense(units = 2) Layer output;
  }

  /** Global max pooling: tanh, so that no channel's maximum is a tie at zero. */
  @Model(input = {6, 5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class GlobalMax2d {
    @Conv2D(filters = 3, kernelSize = {3, 2}, activation = TANH) Layer conv;
    @GlobalMaxPooling2D Layer global;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {9, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class GlobalMax1d {
    @Conv1D(filters = 3, kernelSize = 3, strides = 2, padding = Padding.SAME, activation = TANH)
    Layer conv;
    @GlobalMaxPooling1D Layer global;
    @Dense(units = 2) Layer output;
  }

  /** Zero padding between convolutions, with unequal rows and columns. */
  @Model(input = {4, 5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ZeroPadMiddle {
    @Conv2D(filters = 2, kernelSize = 2, activation = TANH) Layer conv1;
    @ZeroPadding2D(padding = {1, 2}) Layer pad;
    @Conv2D(filters = 2, kernelSize = {3, 2}, strides = 2, activation = TANH) Layer conv2;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Zero padding first, whose input gradient nothing needs. */
  @Model(input = {3, 3, 1}, loss = Loss.MEAN_SQUARED_ERROR)
  static class ZeroPadFirst {
    @ZeroPadding2D(padding = 1) Layer pad;
    @Conv2D(filters = 2, kernelSize = 3, activation = TANH) Layer conv;
    @GlobalMaxPooling2D Layer global;
    @Dense(units = 2) Layer output;
  }
}
