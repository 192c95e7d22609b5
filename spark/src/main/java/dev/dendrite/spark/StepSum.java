package dev.dendrite.spark;

import java.io.Serializable;

/**
 * What the partitions of one step (or one averaging round) send back, summed: the samples they
 * trained on, their loss and metric sums, and the sample-weighted sums of their arrays
 * (gradients and state, or weights and optimizer state). Empty partitions add nothing.
 */
final class StepSum implements Serializable {
  private static final long serialVersionUID = 1L;

  long samples;
  /** The partitions that sent something. */
  int partitions;
  /** The most local optimizer steps a partition took (averaging rounds). */
  int steps;
  double lossSum;
  double metricSum;
  /** Gradients (synchronous) or weights (averaging), times samples; null while empty. */
  Tensors first;
  /** Non-trainable state (synchronous) or optimizer state (averaging), times samples. */
  Tensors second;

  StepSum add(StepSum other) {
    if (other.samples == 0) {
      return this;
    }
    if (samples == 0) {
      return other;
    }
    samples += other.samples;
    partitions += other.partitions;
    steps = Math.max(steps, other.steps);
    lossSum += other.lossSum;
    metricSum += other.metricSum;
    first = first == null ? null : first.add(other.first);
    second = second == null ? null : second.add(other.second);
    return this;
  }

  /** The bytes of its arrays on the wire. */
  long wireBytes() {
    return (first == null ? 0 : first.wireBytes()) + (second == null ? 0 : second.wireBytes());
  }
}
