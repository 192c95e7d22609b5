package dev.dendrite.processor.model;

import java.util.List;
import java.util.stream.Collectors;

/** The shape of one sample (batch dimension excluded), like {@code 28x28x1}. */
public record Shape(List<Integer> dims) {

  public Shape {
    dims = List.copyOf(dims);
    if (dims.isEmpty()) {
      throw new IllegalArgumentException("a shape needs at least one dimension");
    }
  }

  public static Shape of(int... dims) {
    return new Shape(java.util.Arrays.stream(dims).boxed().toList());
  }

  /** The number of values in one sample. */
  public int size() {
    return dims.stream().reduce(1, Math::multiplyExact);
  }

  public boolean isFlat() {
    return dims.size() == 1;
  }

  @Override
  public String toString() {
    return dims.stream().map(String::valueOf).collect(Collectors.joining("x"));
  }
}
