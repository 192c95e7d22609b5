package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.Conv1D;
import dev.dendrite.Dense;
import dev.dendrite.GRU;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * {@link SeriesClassifier}'s task for a GRU: which waveform a noisy series of 128 steps shows,
 * after a Conv1D and a pooling layer have turned its 128 steps into 30 steps of 16 local
 * features. {@link Waveforms} makes its data.
 */
@Model(input = {128, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
    learningRate = 0.005, batchSize = 32, epochs = 10)
class SeriesGru {
  @Conv1D(filters = 16, kernelSize = 8, activation = RELU) Layer conv;
  @MaxPooling1D(poolSize = 4) Layer pool;
  @GRU(units = 32) Layer gru;
  @Dense(units = 3, activation = SOFTMAX) Layer output;
}
