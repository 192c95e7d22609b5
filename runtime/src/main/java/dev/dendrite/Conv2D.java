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
public @interface Conv2D {

  /** The number of output channels. */
  int filters();

  /** Window height and width: {@code {3, 3}}, or one number for a square. */
  int[] kernelSize();

  /** Step height and width: {@code {2, 2}}, or one number for both. */
  int[] strides() default {1};

  Padding padding() default Padding.VALID;

  Activation activation() default Activation.LINEAR;

  boolean useBias() default true;
}
