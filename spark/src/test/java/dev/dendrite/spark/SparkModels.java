package dev.dendrite.spark;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SIGMOID;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * Small models for the Spark tests. Those without dropout must train to the single-machine
 * weights: dropout masks are drawn per partition, so a model with dropout trains differently (not
 * worse), but the same on every run.
 */
final class SparkModels {
  private SparkModels() {}

  /** Adam with cosine decay: the learning rate moves every step. */
  @Model(input = 6, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      learningRate = 0.01, batchSize = 32, epochs = 3,
      learningRateSchedule = LearningRateSchedule.COSINE_DECAY, seed = 7)
  static class Tabular {
    @Dense(units = 8, activation = RELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Convolution and pooling, RMSprop. */
  @Model(input = {6, 6, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.RMSPROP,
      learningRate = 0.005, batchSize = 16, epochs = 2, seed = 3)
  static class Image {
    @Conv2D(filters = 3, kernelSize = {3, 3}, activation = RELU) Layer conv;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool;
    @Flatten Layer flatten;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Dropout: each partition draws its masks from a stream the driver derives per step. */
  @Model(input = 6, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      learningRate = 0.01, batchSize = 32, epochs = 3, seed = 5)
  static class Dropped {
    @Dense(units = 8, activation = RELU) Layer hidden;
    @Dropout(0.3) Layer drop;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** One sigmoid unit: binary labels. */
  @Model(input = 4, loss = Loss.BINARY_CROSSENTROPY, optimizer = Optimizer.SGD,
      learningRate = 0.1, batchSize = 8, epochs = 2)
  static class Binary {
    @Dense(units = 5, activation = RELU) Layer hidden;
    @Dense(units = 1, activation = SIGMOID) Layer output;
  }
}
