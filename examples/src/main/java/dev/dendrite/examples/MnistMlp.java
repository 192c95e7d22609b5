package dev.dendrite.examples;

import static dev.dendrite.Activation.RELU;
import static dev.dendrite.Activation.SOFTMAX;

import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Layer;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;

/**
 * The seed's multi-layer perceptron for MNIST digits: 784 -> 300 -> 100 -> 10, trained with Adam
 * (Keras' compile() default would be RMSprop, about 0.2 points lower after three epochs) and
 * its learning rate annealed to zero over the three epochs (Keras' CosineDecay): 97.6-97.8 %
 * test accuracy over four seeds, against 97.3-97.6 % at a constant rate.
 */
@Model(input = 784, loss = Loss.CATEGORICAL_CROSSENTROPY, optimizer = Optimizer.ADAM, epochs = 3,
    learningRateSchedule = LearningRateSchedule.COSINE_DECAY)
class MnistMlp {
  @Dense(units = 300, activation = RELU) Layer hidden1;
  @Dropout(0.3) Layer drop1;
  @Dense(units = 100, activation = RELU) Layer hidden2;
  @Dropout(0.3) Layer drop2;
  @Dense(units = 10, activation = SOFTMAX) Layer output;
}
