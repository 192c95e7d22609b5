package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.Conv1D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * The seed's series classifier: which waveform (sine, square, sawtooth) a noisy series of 128
 * steps shows, whatever its frequency and phase. {@link Waveforms} makes its data.
 */
@Model(input = {128, 1}, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM,
    batchSize = 32, epochs = 10)
class SeriesClassifier {
  @Conv1D(filters = 32, kernelSize = 10, activation = RELU) Layer conv1;
  @Conv1D(filters = 32, kernelSize = 10, activation = RELU) Layer conv2;
  @MaxPooling1D(poolSize = 5) Layer pool;
  @Dropout(0.3) Layer dropout;
  @Flatten Layer flatten;
  @Dense(units = 100, activation = RELU) Layer hidden;
  @Dense(units = 3, activation = SOFTMAX) Layer output;
}
