package dev.dendrite.examples;

import static dev.dendrite.Activation.SIGMOID;
import static dev.dendrite.Activation.SOFTMAX;
import static dev.dendrite.Activation.TANH;

import dev.dendrite.Dense;
import dev.dendrite.Embedding;
import dev.dendrite.GRU;
import dev.dendrite.GlobalAveragePooling1D;
import dev.dendrite.LSTM;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;

/**
 * Small models with an {@code @Embedding} under each layer that reads a series of its vectors,
 * for the gradient checks and the PyTorch comparison through generated code.
 */
final class EmbeddingModels {
  private EmbeddingModels() {}

  /** The mean of the tokens' vectors: a bag of tokens. */
  @Model(input = 6, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Pooled {
    @Embedding(inputDim = 5, outputDim = 3) Layer embedding;
    @GlobalAveragePooling1D Layer pool;
    @Dense(units = 4, activation = TANH) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** A GRU over the tokens' vectors, its last state to the output. */
  @Model(input = 5, loss = Loss.CATEGORICAL_CROSSENTROPY)
  static class Gru {
    @Embedding(inputDim = 6, outputDim = 3) Layer embedding;
    @GRU(units = 4) Layer gru;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }

  /** Stacked LSTMs over the tokens' vectors. */
  @Model(input = 5, loss = Loss.BINARY_CROSSENTROPY)
  static class Lstm {
    @Embedding(inputDim = 6, outputDim = 2) Layer embedding;
    @LSTM(units = 3, returnSequences = true) Layer lstm1;
    @LSTM(units = 2) Layer lstm2;
    @Dense(units = 1, activation = SIGMOID) Layer output;
  }

  /** The model of {@code torch/embedding.txt}, which embedding_fixtures.py computes. */
  @Model(input = 5, loss = Loss.MEAN_SQUARED_ERROR)
  static class TorchGru {
    @Embedding(inputDim = 7, outputDim = 3) Layer embedding;
    @GRU(units = 4) Layer gru;
    @Dense(units = 2) Layer output;
  }
}
