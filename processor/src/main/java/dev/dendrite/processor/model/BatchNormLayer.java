package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;

/**
 * {@code @BatchNormalization} on the last axis: same shape out as in; {@code gamma} and
 * {@code beta} per channel when {@code scale} and {@code center}, and the moving mean and
 * variance per channel as non-trainable state.
 */
public record BatchNormLayer(String name, Shape input, double momentum, double epsilon,
    boolean center, boolean scale, Annotation annotation, Origin origin) implements LayerIR {

  /** The size of the last axis, which each statistic and weight runs over. */
  public int channels() {
    return input.dims().get(input.dims().size() - 1);
  }

  @Override
  public Shape output() {
    return input;
  }

  @Override
  public long parameters() {
    return (long) channels() * ((scale ? 1 : 0) + (center ? 1 : 0));
  }

  @Override
  public long nonTrainableParameters() {
    return 2L * channels();
  }

  @Override
  public String kerasType() {
    return "BatchNormalization";
  }
}
