package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
/**
 * {@code @Maxout}: a flat input of {@code input.size()} values, densely to
 * {@code units * pieces} pre-activations, then the maximum of each unit's {@code pieces}.
 */
public record MaxoutLayer(String name, Shape input, int units, int pieces, boolean useBias,
    Annotation annotation, Origin origin) implements LayerIR {

  /** The width of the dense part: {@code units * pieces}. */
  public int denseWidth() {
    return Math.multiplyExact(units, pieces);
  }

  @Override
  public Shape output() {
    return Shape.of(units);
  }

  @Override
  public long parameters() {
    return (long) input.size() * denseWidth() + (useBias ? denseWidth() : 0);
  }

  @Override
  public String kerasType() {
    return "Maxout";
  }
}
