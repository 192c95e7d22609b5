package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
/** {@code @Dropout}: same shape out as in. */
public record DropoutLayer(String name, Shape input, double rate, Annotation annotation, Origin origin)
    implements LayerIR {

  @Override
  public Shape output() {
    return input;
  }

  @Override
  public long parameters() {
    return 0;
  }

  @Override
  public String kerasType() {
    return "Dropout";
  }
}
