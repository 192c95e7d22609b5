package dev.dendrite;

import java.util.List;
import java.util.Objects;

/**
 * One layer of a model as the compiler resolved it, in the form Keras 3 saves: generated into
 * {@link ModelSpec#layers()}. Keras files are read and written from these alone, so a new layer
 * kind needs no Keras code of its own.
 *
 * @param name the layer's field name, which Keras files use as the layer's {@code name}
 * @param kerasClass Keras' class name, like {@code Conv2D}; empty when Keras has none
 * @param kerasConfig the layer's whole Keras config as a JSON object: {@code name},
 *     {@code trainable}, {@code dtype}, every {@link KerasName} key with its resolved value
 *     (strides defaulted, windows as lists) and the {@link KerasLayer#fixed()} entries
 * @param inputShape the shape of one sample entering the layer
 * @param parameters its parameters' names in Keras' variable order ({@code conv1.kernel},
 *     {@code conv1.bias})
 * @param unsupported why Keras cannot hold the layer, like {@code Maxout has no Keras
 *     counterpart}; empty when it can
 * @param inputs the names of the layers it reads, in order ({@value #INPUT} for the model's
 *     input); empty for the one above it (the model's input for the first)
 * @param outputShape the shape of one sample leaving the layer; empty in a spec built by hand
 */
public record LayerSpec(String name, String kerasClass, String kerasConfig,
    List<Integer> inputShape, List<String> parameters, String unsupported, List<String> inputs,
    List<Integer> outputShape) {
  /** The name by which a layer reads the model's input ({@code @From("input")}). */
  public static final String INPUT = "input";

  public LayerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kerasClass, "kerasClass");
    Objects.requireNonNull(kerasConfig, "kerasConfig");
    Objects.requireNonNull(unsupported, "unsupported");
    inputShape = List.copyOf(inputShape);
    parameters = List.copyOf(parameters);
    inputs = List.copyOf(inputs);
    outputShape = List.copyOf(outputShape);
  }

  /** A layer that reads the one above it, its output shape not stated. */
  public LayerSpec(String name, String kerasClass, String kerasConfig, List<Integer> inputShape,
      List<String> parameters, String unsupported) {
    this(name, kerasClass, kerasConfig, inputShape, parameters, unsupported, List.of(),
        List.of());
  }

  /** Whether Keras has this layer, with its options. */
  public boolean inKeras() {
    return unsupported.isEmpty();
  }
}
