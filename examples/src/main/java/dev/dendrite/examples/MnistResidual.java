package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.Add;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;
import dev.dendrite.Padding;

/**
 * A small residual convnet on MNIST: a residual block of two SAME convolutions whose output is
 * added to the block's input (the shortcut), as in He et al., "Deep Residual Learning", 2015.
 */
@Model(input = {28, 28, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
    batchSize = 128, epochs = 3)
class MnistResidual {
  @Conv2D(filters = 16, kernelSize = 3, activation = RELU) Layer conv1;              // 26x26x16
  @MaxPooling2D(poolSize = 2) Layer pool1;                                           // 13x13x16
  @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME, activation = RELU)
  Layer block1;                                                                      // 13x13x16
  @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME) Layer block2;        // 13x13x16
  @Add({"block2", "pool1"}) Layer residual;                                          // 13x13x16
  @MaxPooling2D(poolSize = 2) Layer pool2;                                           // 6x6x16
  @Flatten Layer flatten;                                                            // 576
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
