package dev.dendrite.processor.layer;

/**
 * A trainable array of a layer, as the generated network declares and registers it.
 *
 * @param layer the layer's name
 * @param field the network's field holding it, like {@code hidden1Kernel}
 * @param publicName its name in {@code parameters()} and saved files, like {@code hidden1.kernel}
 * @param shape its shape as allocated, as generated Java
 * @param kerasShape the shape Keras gives it, when different (a 1-D kernel); otherwise null
 * @param description what it holds in words, like {@code 784x300 kernel}
 * @param fanIn its Glorot fan-in as generated Java; null for a bias (initialised to zero)
 * @param fanOut its Glorot fan-out as generated Java; null for a bias
 */
public record Parameter(String layer, String field, String publicName, String shape,
    String kerasShape, String description, String fanIn, String fanOut) {

  public boolean isKernel() {
    return fanIn != null;
  }

  /** The kernel {@code layer.kernel} of {@code shape}. */
  static Parameter kernel(String layer, String shape, String kerasShape, String description,
      String fanIn, String fanOut) {
    return new Parameter(layer, layer + "Kernel", layer + ".kernel", shape, kerasShape,
        description + " kernel", fanIn, fanOut);
  }

  /** The bias {@code layer.bias} of {@code shape}: {@code count} biases. */
  static Parameter bias(String layer, String shape, int count) {
    return new Parameter(layer, layer + "Bias", layer + ".bias", shape, null, count + " biases",
        null, null);
  }
}
