package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code ZeroPadding2D}: the image inside a border of zeros, {@code padding[0]} rows above
 * and below and {@code padding[1]} columns left and right. Exported in Keras' nested form,
 * {@code [[top, bottom], [left, right]]}; imported from it when symmetric (top equal to bottom,
 * left to right), or from {@code [h, w]} or one number.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "ZeroPadding2D", fixed = "{" + KerasJson.CHANNELS_LAST + "}")
public @interface ZeroPadding2D {

  /** Rows above and below, columns left and right; one number for both. */
  @KerasName("padding")
  int[] padding() default {1, 1};
}
