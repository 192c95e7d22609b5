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
public @interface Conv1D {

  /** The number of output channels. */
  int filters();

  /** Window length. */
  int kernelSize();

  int strides() default 1;

  Padding padding() default Padding.VALID;

  Activation activation() default Activation.LINEAR;

  boolean useBias() default true;
}
