package dev.dendrite;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A compiled network: implemented by the generated {@code <Name>Network} classes.
 *
 * <p>Features are given one sample per row, flattened row-major (channels last):
 * {@code [samples, inputSize]}. Targets are {@code [samples, outputs]}: one-hot classes for
 * categorical cross-entropy, 0 or 1 for binary cross-entropy, values for regression. Buffers are
 * allocated once per batch size, so repeated calls with the same batch size allocate nothing.
 * Not thread-safe.
 */
public interface Network {

  /** What the compiler knows about this model. */
  ModelSpec spec();

  /**
   * The Keras-style summary the compiler computed: layers, output shapes, parameters, FLOPs and
   * training memory; empty if the network has none.
   */
  default String summary() {
    return "";
  }

  /** One training step on a batch (dropout on): forward, backward, optimizer; returns the loss. */
  double fit(INDArray features, INDArray targets);

  /** Forward and backward with dropout on, filling {@link #gradients()}; no update. */
  double computeGradients(INDArray features, INDArray targets);

  /**
   * One optimizer step from the arrays in {@link #gradients()} as they are now: the second half
   * of {@link #fit}. A caller that computed the gradients elsewhere (summed over the machines of
   * a cluster) writes them into {@link #gradients()} and calls this.
   */
  void applyGradients();

  /**
   * The loss on a batch, with dropout on ({@code training}) or off. In training, batch
   * normalization normalizes with the batch's statistics and moves its moving ones, as Keras'
   * {@code training=True} call does; otherwise it uses the moving ones and changes nothing.
   */
  double loss(INDArray features, INDArray targets, boolean training);

  /**
   * The outputs of the forward pass (dropout off) as a view of the network's buffer, valid until
   * the next call; {@link #predict(INDArray)} returns a copy.
   */
  INDArray output(INDArray features);

  /** The outputs of the most recent training step, before its update (a view). */
  INDArray lastTrainingOutput();

  /** The parameters by name ({@code hidden1.kernel}, {@code hidden1.bias}), live and in order. */
  Map<String, INDArray> parameters();

  /**
   * The non-trainable arrays by name, live and in order ({@code bn.moving_mean},
   * {@code bn.moving_variance}): updated by training steps, never by the optimizer; empty for a
   * model without them.
   */
  default Map<String, INDArray> state() {
    return Map.of();
  }

  /**
   * Every array a weights file holds, live: the parameters and the state, layer by layer in
   * Keras' order ({@code bn.gamma}, {@code bn.beta}, {@code bn.moving_mean},
   * {@code bn.moving_variance}).
   */
  default Map<String, INDArray> variables() {
    if (state().isEmpty()) {
      return parameters();
    }
    Map<String, INDArray> all = new java.util.LinkedHashMap<>(parameters());
    all.putAll(state());
    return java.util.Collections.unmodifiableMap(all);
  }

  /** The gradients of the last step, named as {@link #parameters()}. */
  Map<String, INDArray> gradients();

  double learningRate();

  void setLearningRate(double learningRate);

  /** Restarts the dropout random stream from {@code seed}. */
  void reseed(long seed);

  /**
   * The optimizer's state, live, by name: {@code hidden1.kernel.moment1} and {@code .moment2} for
   * each parameter (Adam's m and v; SGD's velocity; RMSprop's average and momentum).
   */
  Map<String, INDArray> optimizerState();

  /** Optimizer steps taken so far. */
  long optimizerSteps();

  /** Restores the optimizer's step count, as when resuming from a checkpoint. */
  void setOptimizerSteps(long steps);

  /** The dropout random stream's state; {@link #setDropoutState} continues it exactly. */
  long dropoutState();

  void setDropoutState(long state);

  /** The outputs for a batch: probabilities for classifiers, values for regression. */
  default INDArray predict(INDArray features) {
    return output(features).dup();
  }

  /** The outputs for one sample. */
  default float[] predict(float[] sample) {
    INDArray row = Nd4j.createFromArray(sample).reshape(1, sample.length);
    return output(row).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector();
  }

  /**
   * The answer for one sample: the most probable class (for a single sigmoid unit, 1 when its
   * probability is at least one half).
   */
  default int predictClass(float[] sample) {
    float[] p = predict(sample);
    if (p.length == 1) {
      return p[0] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Sets parameters (and non-trainable state) by name; each given array must have the
   * parameter's shape.
   */
  default void setParameters(Map<String, INDArray> values) {
    Map<String, INDArray> own = variables();
    values.forEach((name, value) -> {
      INDArray target = own.get(name);
      if (target == null) {
        throw new IllegalArgumentException(
            "no parameter named " + name + "; this model has " + own.keySet());
      }
      if (!java.util.Arrays.equals(target.shape(), value.shape())) {
        throw new IllegalArgumentException("parameter " + name + " has shape "
            + java.util.Arrays.toString(target.shape()) + ", given "
            + java.util.Arrays.toString(value.shape()));
      }
      target.assign(value);
    });
  }
}
