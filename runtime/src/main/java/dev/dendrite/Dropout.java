package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Dropout}: while training, sets each input to zero with probability {@code rate}
 * and scales the kept ones by {@code 1 / (1 - rate)}; does nothing when predicting.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "Dropout", fixed = "{\"noise_shape\": null, \"seed\": null}")
public @interface Dropout {

  /** The rate: the fraction of inputs dropped, in [0, 1). */
  @KerasName("rate")
  double value();
}
