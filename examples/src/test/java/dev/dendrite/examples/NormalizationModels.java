package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;
import static dev.dendrite.Activation.TANH;

import dev.dendrite.BatchNormalization;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.LayerNormalization;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;
import static dev.dendrite.Activation.SIGMOID;

/**
 * Small models with batch and layer normalization after dense and convolutional layers, for the
 * gradient check through generated code.
 */
final class NormalizationModels {
  private NormalizationModels() {}

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class DenseBatchNorm {
    @Dense(units = 4) Layer hidden;
    @BatchNormalization Layer norm;
    @Dense(units = 4, activation = TANH) Layer hidden2;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {6, 5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ConvBatchNorm {
    @Conv2D(filters = 3, kernelSize = 3) Layer conv;
    @BatchNormalization(momentum = 0.9, epsilon = 1e-2) Layer norm;
    @MaxPooling2D Layer pool;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** First layer, without scale or offset, then after Flatten without scale. */
  @Model(input = {4, 3, 2}, loss = Loss.MEAN_SQUARED_ERROR)
  static class BatchNormFirst {
    @BatchNormalization(center = false, scale = false) Layer norm;
    @Conv2D(filters = 2, kernelSize = 2, activation = TANH) Layer conv;
    @Flatten Layer flatten;
    @BatchNormalization(scale = false) Layer norm2;
    @Dense(units = 2) Layer output;
  }

  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class DenseLayerNorm {
    @Dense(units = 4, activation = RELU) Layer hidden;
    @LayerNormalization Layer norm;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  @Model(input = {6, 5, 2}, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class ConvLayerNorm {
    @Conv2D(filters = 3, kernelSize = 3) Layer conv;
    @LayerNormalization(epsilon = 1e-2, center = false) Layer norm;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** BreastCancer with batch normalization: for checkpoints and weights files. */
  @Model(input = 30, loss = Loss.BINARY_CROSSENTROPY, optimizer = Optimizer.ADAM, epochs = 6,
      batchSize = 16)
  static class CancerBatchNorm {
    @Dense(units = 16) Layer hidden;
    @BatchNormalization(momentum = 0.9) Layer norm;
    @Dropout(0.2) Layer dropout;
    @Dense(units = 1, activation = SIGMOID) Layer malignant;
  }
}
