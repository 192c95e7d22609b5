package dev.dendrite.runtime;

import dev.dendrite.Padding;

/**
 * Keras' shape arithmetic for windows (convolution and pooling), the one source of truth used
 * by the processor at compile time and by the runtime to check its arrays.
 */
public final class ShapeMath {
  private ShapeMath() {}

  /**
   * The output length of a window of {@code kernel} moving by {@code stride} over {@code length}:
   * VALID {@code floor((n - k) / s) + 1} (0 or less when the window does not fit), SAME
   * {@code ceil(n / s)}.
   */
  public static int outputLength(int length, int kernel, int stride, Padding padding) {
    if (length <= 0 || kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive: length " + length + ", kernel " + kernel + ", stride " + stride);
    }
    return padding == Padding.SAME
        ? (length + stride - 1) / stride
        : length < kernel ? 0 : (length - kernel) / stride + 1;
  }

  /**
   * The extent of a kernel of {@code kernel} taps {@code dilation} cells apart, which is what
   * {@link #outputLength} and {@link #paddingBefore} take for a dilated convolution:
   * {@code (k - 1) * d + 1}.
   */
  public static int dilatedKernel(int kernel, int dilation) {
    if (kernel <= 0 || dilation <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive: kernel " + kernel + ", dilation " + dilation);
    }
    return (kernel - 1) * dilation + 1;
  }

  /** The zero padding before the input (top or left) under SAME padding; the rest goes after. */
  public static int paddingBefore(int length, int kernel, int stride, Padding padding) {
    if (padding == Padding.VALID) {
      return 0;
    }
    int out = outputLength(length, kernel, stride, padding);
    return Math.max((out - 1) * stride + kernel - length, 0) / 2;
  }
}
