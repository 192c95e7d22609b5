package dev.dendrite.processor.model;

import dev.dendrite.Activation;
import java.lang.annotation.Annotation;

/** {@code @ActivationLayer}: an activation on each value, same shape out as in. */
public record ElementwiseLayer(String name, Shape input, Activation activation,
    Annotation annotation, Origin origin) implements LayerIR {

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
    return "Activation";
  }
}
