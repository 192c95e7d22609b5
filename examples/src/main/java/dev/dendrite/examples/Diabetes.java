package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;

import dev.dendrite.Dense;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/** Disease progression after one year from ten measurements: regression, linear output. */
@Model(input = 10, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAM,
    learningRate = 0.01, batchSize = 16, epochs = 150)
class Diabetes {
  @Dense(units = 32, activation = RELU) Layer hidden1;
  @Dense(units = 16, activation = RELU) Layer hidden2;
  @Dense(units = 1) Layer progression;
}
