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
@KerasLayer(value = "MaxPooling2D", fixed = "{" + KerasJson.CHANNELS_LAST + "}")
public @interface MaxPooling2D {

  /** Window height and width, or one number for a square. */
  @KerasName("pool_size")
  int[] poolSize() default {2, 2};

  /** Step height and width; empty means {@code poolSize}. */
  @KerasName(value = "strides", defaultFrom = "pool_size")
  int[] strides() default {};

  @KerasName("padding")
  Padding padding() default Padding.VALID;
}
