package dev.dendrite.train;

import java.util.List;

/**
 * A quantity a callback watches ({@code val_loss}, {@code accuracy}, ...) and its direction:
 * accuracies should grow, losses and mean absolute errors shrink (Keras' {@code mode="auto"}).
 */
record Monitor(String quantity, boolean maximize) {

  /**
   * The monitor of {@code quantity} for a model whose metric is {@code metric}.
   *
   * @throws IllegalArgumentException naming {@code flag} when the quantity is unknown, or a
   *     validation quantity without {@code --validation-split}
   */
  static Monitor of(String flag, String quantity, String metric, boolean validating) {
    List<String> known = List.of("loss", metric, "val_loss", "val_" + metric);
    if (!known.contains(quantity)) {
      throw new IllegalArgumentException(flag + " must be one of " + String.join(", ", known)
          + ". Received: " + quantity);
    }
    if (quantity.startsWith("val_") && !validating) {
      throw new IllegalArgumentException(flag + " " + quantity + " needs validation data: give "
          + "--validation-split F, or monitor " + quantity.substring(4));
    }
    return new Monitor(quantity, quantity.endsWith("accuracy"));
  }

  /** The starting best value: nothing is worse. */
  double worst() {
    return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** Whether {@code current} beats {@code reference} by more than {@code minDelta}. */
  boolean improves(double current, double reference, double minDelta) {
    return maximize ? current - minDelta > reference : current + minDelta < reference;
  }
}
