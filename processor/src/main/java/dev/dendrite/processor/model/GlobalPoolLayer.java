package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
/**
 * Global pooling: each channel's mean ({@code max} false) or maximum ({@code max} true) over the
 * image or series, to a flat vector.
 */
public record GlobalPoolLayer(String name, Shape input, int dimensions, boolean max,
    Annotation annotation, Origin origin)
    implements LayerIR {

  @Override
  public Shape output() {
    return Shape.of(input.dims().get(input.dims().size() - 1));
  }

  @Override
  public long parameters() {
    return 0;
  }

  @Override
  public String kerasType() {
    return (max ? "GlobalMaxPooling" : "GlobalAveragePooling") + dimensions + "D";
  }
}
