package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;
import static dev.dendrite.Activation.TANH;

import dev.dendrite.Dense;
import dev.dendrite.Layer;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * One model per optimizer with every setting it reads away from its default and from the
 * others, and the settings it must not read set too (to other values): a setting that reaches
 * the wrong slot of the generated update changes the trajectory. The hidden kernel (48 x 48)
 * is larger than one chunk of the float loops.
 */
final class OptimizerModels {
  private OptimizerModels() {}

  /** RMSprop, the default optimizer. */
  @Model(input = 48, loss = Loss.MEAN_SQUARED_ERROR, learningRate = 0.02, rho = 0.6,
      momentum = 0.3, epsilon = 1e-3, beta1 = 0.8, beta2 = 0.85, weightDecay = 0.2)
  static class RmsProp {
    @Dense(units = 48, activation = TANH) Layer hidden;
    @Dense(units = 3) Layer output;
  }

  @Model(input = 48, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAM,
      learningRate = 0.02, beta1 = 0.7, beta2 = 0.95, epsilon = 1e-4, rho = 0.6, momentum = 0.3,
      weightDecay = 0.2)
  static class Adam {
    @Dense(units = 48, activation = TANH) Layer hidden;
    @Dense(units = 3) Layer output;
  }

  @Model(input = 48, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAMW,
      learningRate = 0.02, beta1 = 0.8, beta2 = 0.9, epsilon = 1e-5, weightDecay = 0.5,
      rho = 0.6, momentum = 0.3)
  static class AdamW {
    @Dense(units = 48, activation = TANH) Layer hidden;
    @Dense(units = 3) Layer output;
  }

  @Model(input = 48, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD,
      learningRate = 0.05, momentum = 0.7, nesterov = true, rho = 0.6, beta1 = 0.8,
      epsilon = 1e-3, weightDecay = 0.2)
  static class SgdNesterov {
    @Dense(units = 48, activation = TANH) Layer hidden;
    @Dense(units = 3) Layer output;
  }

  @Model(input = 48, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.SGD,
      learningRate = 0.05, momentum = 0.6, rho = 0.7, beta1 = 0.8)
  static class SgdMomentum {
    @Dense(units = 48, activation = TANH) Layer hidden;
    @Dense(units = 3) Layer output;
  }

  /** Cosine decay declared on the model, for Iris' four features: 8 steps an epoch. */
  @Model(input = 4, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.SGD,
      learningRate = 0.05, learningRateSchedule = LearningRateSchedule.COSINE_DECAY,
      batchSize = 16, epochs = 3)
  static class Cosine {
    @Dense(units = 8, activation = RELU) Layer hidden;
    @Dense(units = 3, activation = SOFTMAX) Layer output;
  }
}
