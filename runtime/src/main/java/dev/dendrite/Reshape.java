package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Reshape}: each sample to {@code value} (channels last, row-major), with the same
 * number of values; moves no data. Every dimension is given (Keras' {@code -1} is not supported).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer("Reshape")
public @interface Reshape {

  /** The shape of one sample out, like {@code {8, 4}}. */
  @KerasName("target_shape")
  int[] value();
}
