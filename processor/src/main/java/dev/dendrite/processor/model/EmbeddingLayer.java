package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;

/**
 * {@code @Embedding}: the model's input, {@code steps} token ids per sample, to their rows of a
 * table {@code [inputDim, outputDim]}, a series {@code steps x outputDim}.
 */
public record EmbeddingLayer(String name, Shape input, int inputDim, int outputDim,
    Annotation annotation, Origin origin) implements LayerIR {

  public int steps() {
    return input.dims().get(0);
  }

  @Override
  public Shape output() {
    return Shape.of(steps(), outputDim);
  }

  /** The table: one row of {@code outputDim} per id. */
  @Override
  public long parameters() {
    return (long) inputDim * outputDim;
  }

  @Override
  public String kerasType() {
    return "Embedding";
  }
}
