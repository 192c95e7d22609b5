package dev.dendrite.processor.model;

import java.lang.annotation.Annotation;
import dev.dendrite.Padding;

/**
 * Max or average pooling over windows, 2-D or 1-D (a series is an image of height 1).
 *
 * @param max true for max pooling, false for average pooling
 */
public record PoolLayer(String name, Shape input, int dimensions, boolean max, int poolHeight,
    int poolWidth, int strideHeight, int strideWidth, Padding padding, Shape output,
    Annotation annotation, Origin origin) implements LayerIR {

  @Override
  public long parameters() {
    return 0;
  }

  @Override
  public String kerasType() {
    return (max ? "MaxPooling" : "AveragePooling") + dimensions + "D";
  }
}
