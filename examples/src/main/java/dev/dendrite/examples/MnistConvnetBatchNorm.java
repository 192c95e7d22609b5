package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.BatchNormalization;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * {@link MnistConvnet} with batch normalization after each convolution: 35,210 parameters, of
 * which 192 are the non-trainable moving statistics.
 */
@Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
    batchSize = 128, epochs = 15)
class MnistConvnetBatchNorm {
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
