package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/** The seed's convolutional network for MNIST: two 10x10 convolutions, 5x5 max pooling. */
@Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
    batchSize = 128, epochs = 10)
class SeedCnn {
  @Conv2D(filters = 32, kernelSize = {10, 10}, activation = RELU) Layer conv1;
  @Conv2D(filters = 32, kernelSize = {10, 10}, activation = RELU) Layer conv2;
  @MaxPooling2D(poolSize = {5, 5}) Layer pool;
  @Dropout(0.3) Layer drop1;
  @Flatten Layer flatten;
  @Dense(units = 100, activation = RELU) Layer hidden;
  @Dropout(0.3) Layer drop2;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
