package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Keras' {@code MaxPooling2D}: the maximum of each window, channel by channel. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MaxPooling2D {

  /** Window height and width, or one number for a square. */
  int[] poolSize() default {2, 2};

  /** Step height and width; empty means {@code poolSize}. */
  int[] strides() default {};

  Padding padding() default Padding.VALID;
}
