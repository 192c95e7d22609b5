package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.Dense;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/** Iris species from four flower measurements: three classes, softmax. */
@Model(input = 4, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
    learningRate = 0.01, batchSize = 16, epochs = 100)
class Iris {
  @Dense(units = 16, activation = RELU) Layer hidden;
  @Dense(units = 3, activation = SOFTMAX) Layer species;
}
