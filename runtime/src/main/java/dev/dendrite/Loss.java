package dev.dendrite;

/** Training objectives, with Keras' formulas (each averaged over the batch). */
public enum Loss {
  /** Multi-class: {@code -sum(y · log(p))}; labels one-hot or a class index. Metric: accuracy. */
  CATEGORICAL_CROSSENTROPY("categorical cross-entropy", "accuracy"),
  /** Two classes, one sigmoid unit: {@code -(y·log(p) + (1-y)·log(1-p))}. Metric: accuracy. */
  BINARY_CROSSENTROPY("binary cross-entropy", "accuracy"),
  /** Regression: {@code mean((y - p)^2)}. Metric: mean absolute error. */
  MEAN_SQUARED_ERROR("mean squared error", "mae"),
  /** Regression: {@code mean(|y - p|)}. Metric: mean absolute error. */
  MEAN_ABSOLUTE_ERROR("mean absolute error", "mae"),
  /** Regression: squared below an error of 1, linear above (Keras' delta = 1). Metric: mae. */
  HUBER("Huber", "mae");

  private final String words;
  private final String metric;

  Loss(String words, String metric) {
    this.words = words;
    this.metric = metric;
  }

  /** The loss in words, as messages print it. */
  public String words() {
    return words;
  }

  /** Keras' name of the metric reported with this loss: {@code accuracy} or {@code mae}. */
  public String metric() {
    return metric;
  }

  /** The name Keras' {@code compile(loss=...)} takes, like {@code categorical_crossentropy}. */
  public String kerasName() {
    return this == HUBER ? "huber" : name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the targets are classes rather than numbers. */
  public boolean isClassification() {
    return this == CATEGORICAL_CROSSENTROPY || this == BINARY_CROSSENTROPY;
  }
}
