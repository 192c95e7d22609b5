package dev.dendrite;

/**
 * A loss and a metric measured over a data set.
 *
 * @param metricName Keras' name of the metric: {@code accuracy} or {@code mae}
 */
public record Evaluation(double loss, String metricName, double metric) {

  /** Keras' words: {@code loss: 0.0712 - accuracy: 0.9781}. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "loss: %.4f - %s: %.4f", loss, metricName, metric);
  }
}
