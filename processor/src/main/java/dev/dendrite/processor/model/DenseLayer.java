package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
import dev.dendrite.Activation;
import java.util.Optional;

/** {@code @Dense}: a flat input of {@code input.size()} values to {@code units} values. */
public record DenseLayer(String name, Shape input, int units, Activation activation,
    boolean useBias, Annotation annotation, Origin origin) implements LayerIR {

  @Override
  public Shape output() {
    return Shape.of(units);
  }

  @Override
  public long parameters() {
    return (long) input.size() * units + (useBias ? units : 0);
  }

  @Override
  public String kerasType() {
    return "Dense";
  }

  @Override
  public Optional<DenseLayer> asDense() {
    return Optional.of(this);
  }
}
