package dev.dendrite.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured, as Keras' {@code logs}: {@code loss}, the metric ({@code accuracy} or
 * {@code mae}), their {@code val_} forms when validating, and the {@code learning_rate} the epoch
 * trained with.
 *
 * @param epoch counted from 0, as Keras' callbacks and CSV log count it
 * @param values by name, in the CSV log's column order
 */
public record EpochLog(int epoch, Map<String, Double> values) {
  static final String LEARNING_RATE = "learning_rate";

  public EpochLog {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The log of an epoch; {@code valLoss} and {@code valMetric} are NaN without validation. */
  public static EpochLog of(int epoch, String metric, double loss, double metricValue,
      boolean validating, double valLoss, double valMetric, double learningRate) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("loss", loss);
    values.put(metric, metricValue);
    if (validating) {
      values.put("val_loss", valLoss);
      values.put("val_" + metric, valMetric);
    }
    values.put(LEARNING_RATE, learningRate);
    return new EpochLog(epoch, values);
  }

  /** The value of a monitored quantity (its presence is checked when the flags are parsed). */
  public double value(String quantity) {
    Double v = values.get(quantity);
    if (v == null) {
      throw new IllegalStateException("no " + quantity + " in " + values.keySet());
    }
    return v;
  }
}
