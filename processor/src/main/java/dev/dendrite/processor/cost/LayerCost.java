package dev.dendrite.processor.cost;

import dev.dendrite.processor.model.LayerIR;

/**
 * One layer's share of a model's cost.
 *
 * @param flops forward floating-point operations per sample, as {@link ModelCost} counts them
 * @param stateBytes its parameters with their gradients and optimizer state, and its
 *     non-trainable values
 * @param batchBytes its per-batch arrays at the model's batch size, im2col columns included
 * @param im2colBytes the part of {@code batchBytes} that holds convolution patches
 * @param oneDnnWorkspaceBytes what the runtime allocates in place of the im2col columns when
 *     ND4J's binary has oneDNN: an array of the convolution's input shape
 */
public record LayerCost(LayerIR layer, long flops, long stateBytes, long batchBytes,
    long im2colBytes, long oneDnnWorkspaceBytes) {

  public long parameters() {
    return layer.parameters();
  }

  /** Its parameters as Keras' summary counts them: trainable and non-trainable. */
  public long allParameters() {
    return layer.parameters() + layer.nonTrainableParameters();
  }

  /** What the layer adds to a training step's memory. */
  public long bytes() {
    return stateBytes + batchBytes;
  }
}
