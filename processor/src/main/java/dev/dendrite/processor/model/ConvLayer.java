package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
import dev.dendrite.Activation;
import dev.dendrite.Padding;

/**
 * {@code @Conv2D} or {@code @Conv1D}. A series is handled as an image of height 1, so a 1-D
 * layer has {@code kernelHeight == strideHeight == dilationHeight == 1}.
 *
 * @param dimensions 2 for images ({@code h x w x c}), 1 for series ({@code length x c})
 */
public record ConvLayer(String name, Shape input, int dimensions, int filters, int kernelHeight,
    int kernelWidth, int strideHeight, int strideWidth, int dilationHeight, int dilationWidth,
    Padding padding, Activation activation, boolean useBias, Shape output, Annotation annotation,
    Origin origin) implements LayerIR {

  /** Whether the kernel's taps are spread out (Keras' {@code dilation_rate} above 1). */
  public boolean dilated() {
    return dilationHeight > 1 || dilationWidth > 1;
  }

  public int inputChannels() {
    return input.dims().get(input.dims().size() - 1);
  }

  @Override
  public long parameters() {
    return (long) kernelHeight * kernelWidth * inputChannels() * filters + (useBias ? filters : 0);
  }

  @Override
  public String kerasType() {
    return dimensions == 2 ? "Conv2D" : "Conv1D";
  }
}
