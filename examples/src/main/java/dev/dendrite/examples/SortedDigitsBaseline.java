package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SIGMOID;

import dev.dendrite.Dense;
import dev.dendrite.Embedding;
import dev.dendrite.GlobalAveragePooling1D;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * {@link SortedDigitsGru}'s task for a bag of tokens: the mean of the 12 tokens' vectors, then
 * dense layers. The mean forgets the order, and {@link SortedDigits} gives both classes the same
 * multisets of digits, so this model cannot do better than chance: the baseline that shows the
 * task needs the order.
 */
@Model(input = SortedDigits.LENGTH, loss = Loss.BINARY_CROSSENTROPY, optimizer = Optimizer.ADAM,
    learningRate = 0.005, batchSize = 32, epochs = 10)
class SortedDigitsBaseline {
  @Embedding(inputDim = SortedDigits.TOKENS, outputDim = 8) Layer embedding;
  @GlobalAveragePooling1D Layer pool;
  @Dense(units = 32, activation = RELU) Layer hidden;
  @Dense(units = 1, activation = SIGMOID) Layer output;
}
