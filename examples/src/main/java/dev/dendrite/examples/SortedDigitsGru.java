package dev.dendrite.examples;

import static dev.dendrite.Activation.SIGMOID;

import dev.dendrite.Dense;
import dev.dendrite.Embedding;
import dev.dendrite.GRU;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * Is a sequence of 12 digit tokens sorted? Each token's learned vector, read in order by a GRU
 * whose last state decides. {@link SortedDigits} makes the data; {@link SortedDigitsBaseline} is
 * the same task without the order.
 */
@Model(input = SortedDigits.LENGTH, loss = Loss.BINARY_CROSSENTROPY, optimizer = Optimizer.ADAM,
    learningRate = 0.005, batchSize = 32, epochs = 10)
class SortedDigitsGru {
  @Embedding(inputDim = SortedDigits.TOKENS, outputDim = 8) Layer embedding;
  @GRU(units = 32) Layer gru;
  @Dense(units = 1, activation = SIGMOID) Layer output;
}
