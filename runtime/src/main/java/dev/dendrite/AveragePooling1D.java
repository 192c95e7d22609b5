package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Keras' {@code AveragePooling1D}: the mean of each window along a series. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface AveragePooling1D {

  /** Window length. */
  int poolSize() default 2;

  /** Step; 0 means {@code poolSize}. */
  int strides() default 0;

  Padding padding() default Padding.VALID;
}
