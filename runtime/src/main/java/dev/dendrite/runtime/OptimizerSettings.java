package dev.dendrite.runtime;

import dev.dendrite.Optimizer;

/**
 * An optimizer and its hyperparameters, as {@code @Model} declares them: what
 * {@link Updater#of(OptimizerSettings)} builds an update rule from. Generated code names each
 * setting its optimizer reads, like
 * {@code OptimizerSettings.of(Optimizer.ADAM, 0.001).withBeta1(0.9).withBeta2(0.999)}; the
 * others keep {@code @Model}'s defaults and are ignored by the rule.
 */
public record OptimizerSettings(Optimizer optimizer, double learningRate, double momentum,
    boolean nesterov, double beta1, double beta2, double epsilon, double rho,
    double weightDecay) {

  /** {@code optimizer} at {@code learningRate}, every other setting at {@code @Model}'s default. */
  public static OptimizerSettings of(Optimizer optimizer, double learningRate) {
    return new OptimizerSettings(optimizer, learningRate, 0.0, false, 0.9, 0.999, 1e-7, 0.9,
        0.004);
  }

  public OptimizerSettings withMomentum(double momentum) {
    return new OptimizerSettings(optimizer, learningRate, momentum, nesterov, beta1, beta2,
        epsilon, rho, weightDecay);
  }

  public OptimizerSettings withNesterov(boolean nesterov) {
    return new OptimizerSettings(optimizer, learningRate, momentum, nesterov, beta1, beta2,
        epsilon, rho, weightDecay);
  }

  public OptimizerSettings withBeta1(double beta1) {
    return new OptimizerSettings(optimizer, learningRate, momentum, nesterov, beta1, beta2,
        epsilon, rho, weightDecay);
  }

  public OptimizerSettings withBeta2(double beta2) {
    return new OptimizerSettings(optimizer, learningRate, momentum, nesterov, beta1, beta2,
        epsilon, rho, weightDecay);
  }

  public OptimizerSettings withEpsilon(double epsilon) {
    return new OptimizerSettings(optimizer, learningRate, momentum, nesterov, beta1, beta2,
        epsilon, rho, weightDecay);
  }

  public OptimizerSettings withRho(double rho) {
    return new OptimizerSettings(optimizer, learningRate, momentum, nesterov, beta1, beta2,
        epsilon, rho, weightDecay);
  }

  public OptimizerSettings withWeightDecay(double weightDecay) {
    return new OptimizerSettings(optimizer, learningRate, momentum, nesterov, beta1, beta2,
        epsilon, rho, weightDecay);
  }
}
