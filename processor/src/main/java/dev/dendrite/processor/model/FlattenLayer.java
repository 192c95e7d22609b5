package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
/** {@code @Flatten}: any shape to one dimension of the same size, row-major. */
public record FlattenLayer(String name, Shape input, Annotation annotation, Origin origin) implements LayerIR {

  @Override
  public Shape output() {
    return Shape.of(input.size());
  }

  @Override
  public long parameters() {
    return 0;
  }

  @Override
  public String kerasType() {
    return "Flatten";
  }
}
