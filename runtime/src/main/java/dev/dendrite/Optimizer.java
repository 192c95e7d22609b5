package dev.dendrite;

/** Gradient-descent rules, as Keras defines them; hyperparameters are set on {@link Model}. */
public enum Optimizer {
  /** Stochastic gradient descent with optional (Nesterov) momentum; default rate 0.01. */
  SGD(0.01),
  /** Adam (Kingma and Ba), Keras' epsilon-hat form; default rate 0.001. */
  ADAM(0.001),
  /** RMSprop with optional momentum; default rate 0.001. */
  RMSPROP(0.001),
  /** Adam with decoupled weight decay; default rate 0.001. */
  ADAMW(0.001);

  private final double defaultLearningRate;

  Optimizer(double defaultLearningRate) {
    this.defaultLearningRate = defaultLearningRate;
  }

  /** Keras' default learning rate for this optimizer. */
  public double defaultLearningRate() {
    return defaultLearningRate;
  }
}
