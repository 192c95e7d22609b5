package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Conv1D}: {@code filters} kernels of {@code kernelSize} steps slide along a
 * channels-last series {@code length x channels}; kernel Glorot-uniform
 * {@code [k, in, filters]}, bias zero.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "Conv1D",
    fixed = "{"
        + KerasJson.CHANNELS_LAST
        + ", \"groups\": 1, "
        + KerasJson.WEIGHTS
        + "}",
    variables = {@KerasVariable("kernel"), @KerasVariable(value = "bias", when = "useBias")})
public @interface Conv1D {

  /** The number of output channels. */
  @KerasName("filters")
  int filters();

  /** Window length. */
  @KerasName("kernel_size")
  int kernelSize();

  @KerasName("strides")
  int strides() default 1;

  @KerasName("padding")
  Padding padding() default Padding.VALID;

  /**
   * The spacing of the kernel's taps: 2 spreads a kernel of 3 over 5 steps,
   * {@code (k - 1) * d + 1}. Keras refuses {@code strides} above 1 with it, and so does the
   * compiler.
   */
  @KerasName("dilation_rate")
  int dilationRate() default 1;

  @KerasName("activation")
  Activation activation() default Activation.LINEAR;

  @KerasName("use_bias")
  boolean useBias() default true;
}
