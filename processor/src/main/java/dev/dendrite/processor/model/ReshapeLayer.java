package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;

/** {@code @Reshape}: any shape to another of the same size, row-major. */
public record ReshapeLayer(String name, Shape input, Shape output, Annotation annotation,
    Origin origin) implements LayerIR {

  @Override
  public long parameters() {
    return 0;
  }

  @Override
  public String kerasType() {
    return "Reshape";
  }
}
