package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;

/**
 * {@code @LayerNormalization} on the last axis: same shape out as in; {@code gamma} and
 * {@code beta} per channel when {@code scale} and {@code center}.
 */
public record LayerNormLayer(String name, Shape input, double epsilon, boolean center,
    boolean scale, Annotation annotation, Origin origin) implements LayerIR {

  /** The size of the last axis, which each row's statistics run over. */
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
  public String kerasType() {
    return "LayerNormalization";
  }
}
