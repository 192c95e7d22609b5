package dev.dendrite.bench;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.BatchNormalization;
import dev.dendrite.Conv1D;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.LSTM;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/** The benchmark's six models, as Dendrite compiles them: Adam, batch 128. */
final class BenchModels {
  private BenchModels() {}

  /** M1, the seed MLP. */
  @Model(input = 784, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      batchSize = 128)
  static class M1 {
    @Dense(units = 300, activation = RELU) Layer hidden1;
    @Dropout(0.3) Layer drop1;
    @Dense(units = 100, activation = RELU) Layer hidden2;
    @Dropout(0.3) Layer drop2;
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  /** M2, Keras' MNIST convnet. */
  @Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      batchSize = 128)
  static class M2 {
    @Conv2D(filters = 32, kernelSize = {3, 3}, activation = RELU) Layer conv1;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool1;
    @Conv2D(filters = 64, kernelSize = {3, 3}, activation = RELU) Layer conv2;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool2;
    @Flatten Layer flatten;
    @Dropout(0.5) Layer dropout;
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  /** M3, the seed's CNN. */
  @Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      batchSize = 128)
  static class M3 {
    @Conv2D(filters = 32, kernelSize = {10, 10}, activation = RELU) Layer conv1;
    @Conv2D(filters = 32, kernelSize = {10, 10}, activation = RELU) Layer conv2;
    @MaxPooling2D(poolSize = {5, 5}) Layer pool;
    @Dropout(0.3) Layer drop1;
    @Flatten Layer flatten;
    @Dense(units = 100, activation = RELU) Layer hidden;
    @Dropout(0.3) Layer drop2;
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  /** M4, the Conv1D series classifier. */
  @Model(input = {128, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      batchSize = 128)
  static class M4 {
    @Conv1D(filters = 32, kernelSize = 10, activation = RELU) Layer conv1;
    @Conv1D(filters = 32, kernelSize = 10, activation = RELU) Layer conv2;
    @MaxPooling1D(poolSize = 5) Layer pool;
    @Dropout(0.3) Layer dropout;
    @Flatten Layer flatten;
    @Dense(units = 100, activation = RELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** M5, M2 with batch normalization after each convolution (examples' MnistConvnetBatchNorm). */
  @Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      batchSize = 128)
  static class M5 {
    @Conv2D(filters = 32, kernelSize = {3, 3}, activation = RELU) Layer conv1;
    @BatchNormalization(momentum = 0.9) Layer norm1;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool1;
    @Conv2D(filters = 64, kernelSize = {3, 3}, activation = RELU) Layer conv2;
    @BatchNormalization(momentum = 0.9) Layer norm2;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool2;
    @Flatten Layer flatten;
    @Dropout(0.5) Layer dropout;
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  /** M6, an LSTM(64) over the 128 raw steps of a Waveforms series. */
  @Model(input = {128, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
      batchSize = 128)
  static class M6 {
    @LSTM(units = 64) Layer lstm;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** M1 without dropout, for the equivalence check against DL4J. */
  @Model(input = 784, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM)
  static class M1NoDropout {
    @Dense(units = 300, activation = RELU) Layer hidden1;
    @Dense(units = 100, activation = RELU) Layer hidden2;
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  /** M2 without dropout, for the equivalence check against DL4J. */
  @Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM)
  static class M2NoDropout {
    @Conv2D(filters = 32, kernelSize = {3, 3}, activation = RELU) Layer conv1;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool1;
    @Conv2D(filters = 64, kernelSize = {3, 3}, activation = RELU) Layer conv2;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool2;
    @Flatten Layer flatten;
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }

  /** M5 without dropout, for the equivalence check against DL4J. */
  @Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM)
  static class M5NoDropout {
    @Conv2D(filters = 32, kernelSize = {3, 3}, activation = RELU) Layer conv1;
    @BatchNormalization(momentum = 0.9) Layer norm1;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool1;
    @Conv2D(filters = 64, kernelSize = {3, 3}, activation = RELU) Layer conv2;
    @BatchNormalization(momentum = 0.9) Layer norm2;
    @MaxPooling2D(poolSize = {2, 2}) Layer pool2;
    @Flatten Layer flatten;
    @Dense(units = 10, activation = SOFTMAX) Layer output;
  }
}
