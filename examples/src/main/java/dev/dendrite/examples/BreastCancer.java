package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SIGMOID;

import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/** Malignant or benign from 30 cell-nucleus measurements: one sigmoid unit. */
@Model(input = 30, loss = Loss.BINARY_CROSSENTROPY, optimizer = Optimizer.ADAM,
    batchSize = 16, epochs = 40)
class BreastCancer {
  @Dense(units = 16, activation = RELU) Layer hidden;
  @Dropout(0.2) Layer dropout;
  @Dense(units = 1, activation = SIGMOID) Layer malignant;
}
