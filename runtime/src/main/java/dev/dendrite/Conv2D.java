package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Conv2D}: {@code filters} kernels of {@code kernelSize} slide over a
 * channels-last image {@code height x width x channels}; kernel Glorot-uniform
 * {@code [kh, kw, in, filters]}, bias zero.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "Conv2D",
    fixed = "{"
        + KerasJson.CHANNELS_LAST
        + ", \"groups\": 1, "
        + KerasJson.WEIGHTS
        + "}",
    variables = {@KerasVariable("kernel"), @KerasVariable(value = "bias", when = "useBias")})
public @interface Conv2D {

  /** The number of output channels. */
  @KerasName("filters")
  int filters();

  /** Window height and width: {@code {3, 3}}, or one number for a square. */
  @KerasName("kernel_size")
  int[] kernelSize();

  /** Step height and width: {@code {2, 2}}, or one number for both. */
  @KerasName("strides")
  int[] strides() default {1};

  @KerasName("padding")
  Padding padding() default Padding.VALID;

  /**
   * The spacing of the kernel's taps in rows and columns: {@code {2, 2}} spreads a 3x3 kernel
   * over a 5x5 window, {@code (k - 1) * d + 1} cells; one number for both. Keras refuses
   * {@code strides} above 1 with it, and so does the compiler.
   */
  @KerasName("dilation_rate")
  int[] dilationRate() default {1};

  @KerasName("activation")
  Activation activation() default Activation.LINEAR;

  @KerasName("use_bias")
  boolean useBias() default true;
}
