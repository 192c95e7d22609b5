package dev.dendrite.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer's update rule with Keras' formulas, applied in place to one parameter at a time.
 * Generated code creates one from its model's {@link OptimizerSettings} ({@link #of}, which reads
 * only the settings the rule uses, as the factories {@link #sgd}, {@link #adam}, {@link #adamW}
 * and {@link #rmsProp} take them), then calls {@link #beginStep()} once per batch and
 * {@link #apply} per parameter.
 */
public abstract class Updater {
  private final Map<String, INDArray> state = new LinkedHashMap<>();
  private double learningRate;
  private long iterations;

  Updater(double learningRate) {
    setLearningRate(learningRate);
  }

  /** The rule of {@code settings.optimizer()}, with the settings it reads. */
  public static Updater of(OptimizerSettings settings) {
    double learningRate = settings.learningRate();
    return switch (settings.optimizer()) {
      case SGD -> sgd(learningRate, settings.momentum(), settings.nesterov());
      case ADAM -> adam(learningRate, settings.beta1(), settings.beta2(), settings.epsilon());
      case ADAMW -> adamW(learningRate, settings.beta1(), settings.beta2(), settings.epsilon(),
          settings.weightDecay());
      case RMSPROP -> rmsProp(learningRate, settings.rho(), settings.momentum(),
          settings.epsilon());
    };
  }

  /** Keras' SGD; {@code momentum} 0 is plain gradient descent. */
  public static Updater sgd(double learningRate, double momentum, boolean nesterov) {
    return new Sgd(learningRate, momentum, nesterov);
  }

  /** Keras' Adam. */
  public static Updater adam(double learningRate, double beta1, double beta2, double epsilon) {
    return new Adam(learningRate, beta1, beta2, epsilon, 0);
  }

  /** Keras' AdamW: Adam with decoupled weight decay. */
  public static Updater adamW(double learningRate, double beta1, double beta2, double epsilon,
      double weightDecay) {
    return new Adam(learningRate, beta1, beta2, epsilon, weightDecay);
  }

  /** Keras' RMSprop (not centered). */
  public static Updater rmsProp(double learningRate, double rho, double momentum,
      double epsilon) {
    return new RmsProp(learningRate, rho, momentum, epsilon);
  }

  /**
   * The state this rule keeps for {@code parameter}: moments (registered in {@link #state()} as
   * {@code name.moment1} and {@code name.moment2}) and a scratch array.
   */
  public final Slot slot(String name, INDArray parameter) {
    Slot slot = new Slot(parameter.ulike(), parameter.ulike());
    state.put(name + ".moment1", slot.first);
    state.put(name + ".moment2", slot.second);
    return slot;
  }

  /** Every parameter's moments by name, live: what a checkpoint saves besides the weights. */
  public final Map<String, INDArray> state() {
    return Collections.unmodifiableMap(state);
  }

  /** Starts the update of one batch. */
  public final void beginStep() {
    iterations++;
  }

  /** Updates {@code parameter} in place from its gradient. */
  public abstract void apply(Slot slot, INDArray parameter, INDArray gradient);

  public final double learningRate() {
    return learningRate;
  }

  public final void setLearningRate(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive. Received: " + learningRate);
    }
    this.learningRate = learningRate;
  }

  /** Steps taken so far. */
  public final long iterations() {
    return iterations;
  }

  /** Restores the step count (Adam's bias correction depends on it), as when resuming. */
  public final void setIterations(long iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must not be negative: " + iterations);
    }
    this.iterations = iterations;
  }

  /** Per-parameter state: first and second moments, zeroed at start. */
  public static final class Slot {
    final INDArray first;
    final INDArray second;

    Slot(INDArray first, INDArray second) {
      this.first = first.assign(0);
      this.second = second.assign(0);
    }

  }

  /** Keras' SGD: {@code v = m v - lr g; p += v} (Nesterov: {@code p += m v - lr g}). */
  static final class Sgd extends Updater {
    private final double momentum;
    private final boolean nesterov;

    Sgd(double learningRate, double momentum, boolean nesterov) {
      super(learningRate);
      this.momentum = momentum;
      this.nesterov = nesterov;
    }

    @Override
    public void apply(Slot slot, INDArray parameter, INDArray gradient) {
      double lr = learningRate();
      if (Floats.all(parameter, gradient, slot.first)) {
        FloatLoops.sgd(Floats.of(parameter), Floats.of(gradient), Floats.of(slot.first),
            (int) parameter.length(), (float) lr, (float) momentum, nesterov);
        return;
      }
      Vec p = Vec.of(parameter);
      Vec g = Vec.of(gradient);
      if (momentum == 0) {
        for (int i = 0; i < p.length; i++) {
          p.set(i, p.get(i) - lr * g.get(i));
        }
        return;
      }
      Vec v = Vec.of(slot.first);
      for (int i = 0; i < p.length; i++) {
        double velocity = momentum * v.get(i) - lr * g.get(i);
        v.set(i, velocity);
        p.set(i, p.get(i) + (nesterov ? momentum * velocity - lr * g.get(i) : velocity));
      }
    }
  }

  /**
   * Keras' Adam, {@code p -= lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps)}; with a weight decay
   * it is AdamW, which first shrinks the parameter by {@code lr * decay}.
   */
  static final class Adam extends Updater {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
      super(learningRate);
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.epsilon = epsilon;
      this.weightDecay = weightDecay;
    }

    @Override
    public void apply(Slot slot, INDArray parameter, INDArray gradient) {
      double lr = learningRate();
      long t = iterations();
      double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
      double decay = 1 - lr * weightDecay;
      if (Floats.all(parameter, gradient, slot.first, slot.second)) {
        FloatLoops.adam(Floats.of(parameter), Floats.of(gradient), Floats.of(slot.first),
            Floats.of(slot.second), (int) parameter.length(), (float) alpha, (float) decay,
            (float) (1 - beta1), (float) (1 - beta2), (float) epsilon);
        return;
      }
      Vec p = Vec.of(parameter);
      Vec g = Vec.of(gradient);
      Vec m = Vec.of(slot.first);
      Vec v = Vec.of(slot.second);
      for (int i = 0; i < p.length; i++) {
        double gi = g.get(i);
        double mi = m.get(i) + (gi - m.get(i)) * (1 - beta1);
        double vi = v.get(i) + (gi * gi - v.get(i)) * (1 - beta2);
        m.set(i, mi);
        v.set(i, vi);
        p.set(i, p.get(i) * decay - alpha * mi / (Math.sqrt(vi) + epsilon));
      }
    }
  }

  /**
   * Keras' RMSprop: {@code v = rho v + (1-rho) g²; p -= lr g / sqrt(v + eps)}, with optional
   * momentum on the increment.
   */
  static final class RmsProp extends Updater {
    private final double rho;
    private final double momentum;
    private final double epsilon;

    RmsProp(double learningRate, double rho, double momentum, double epsilon) {
      super(learningRate);
      this.rho = rho;
      this.momentum = momentum;
      this.epsilon = epsilon;
    }

    @Override
    public void apply(Slot slot, INDArray parameter, INDArray gradient) {
      double lr = learningRate();
      if (Floats.all(parameter, gradient, slot.first, slot.second)) {
        FloatLoops.rmsProp(Floats.of(parameter), Floats.of(gradient), Floats.of(slot.first),
            Floats.of(slot.second), (int) parameter.length(), (float) lr, (float) rho,
            (float) momentum, (float) epsilon);
        return;
      }
      Vec p = Vec.of(parameter);
      Vec g = Vec.of(gradient);
      Vec mom = Vec.of(slot.first);
      Vec v = Vec.of(slot.second);
      for (int i = 0; i < p.length; i++) {
        double gi = g.get(i);
        double vi = rho * v.get(i) + (1 - rho) * gi * gi;
        v.set(i, vi);
        double increment = lr * gi / Math.sqrt(vi + epsilon);
        if (momentum != 0) {
          increment += momentum * mom.get(i);
          mom.set(i, increment);
        }
        p.set(i, p.get(i) - increment);
      }
    }
  }
}
