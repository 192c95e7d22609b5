package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Keras' {@code MaxPooling1D}: the maximum of each window along a series. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "MaxPooling1D", fixed = "{" + KerasJson.CHANNELS_LAST + "}")
public @interface MaxPooling1D {

  /** Window length. */
  @KerasName("pool_size")
  int poolSize() default 2;

  /** Step; 0 means {@code poolSize}. */
  @KerasName(value = "strides", defaultFrom = "pool_size")
  int strides() default 0;

  @KerasName("padding")
  Padding padding() default Padding.VALID;
}
