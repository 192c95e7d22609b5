package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
import java.util.List;

/**
 * {@code @Add} and {@code @Concatenate}: several earlier layers' outputs joined into one, summed
 * element-wise (all of one shape) or side by side along the last axis.
 *
 * @param sources the names of the layers joined, in the order written
 * @param inputs their output shapes, in the same order
 */
public record MergeLayer(String name, List<String> sources, List<Shape> inputs,
    boolean concatenate, Shape output, Annotation annotation, Origin origin) implements LayerIR {

  public MergeLayer {
    sources = List.copyOf(sources);
    inputs = List.copyOf(inputs);
  }

  /** The first input's shape; {@link #inputs()} has them all. */
  @Override
  public Shape input() {
    return inputs.get(0);
  }

  @Override
  public long parameters() {
    return 0;
  }

  @Override
  public String kerasType() {
    return concatenate ? "Concatenate" : "Add";
  }
}
