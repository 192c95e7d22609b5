package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;

/** Zero padding: the image inside a border of {@code rows} and {@code columns} zeros. */
public record ZeroPadLayer(String name, Shape input, int rows, int columns,
    Annotation annotation, Origin origin) implements LayerIR {

  @Override
  public Shape output() {
    return Shape.of(input.dims().get(0) + 2 * rows, input.dims().get(1) + 2 * columns,
        input.dims().get(2));
  }

  @Override
  public long parameters() {
    return 0;
  }

  @Override
  public String kerasType() {
    return "ZeroPadding2D";
  }
}
