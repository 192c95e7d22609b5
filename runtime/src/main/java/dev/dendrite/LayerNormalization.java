package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code LayerNormalization} on the last axis: each sample's values at each position
 * (the units after a dense layer, the channels of each pixel or step) are normalized with their
 * own mean and biased variance, then scaled by {@code gamma} (starting at one) and shifted by
 * {@code beta} (starting at zero), both trained. The same in training and prediction.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "LayerNormalization", fixed = "{\"axis\": -1, \"rms_scaling\": false, "
    + KerasJson.NORMALIZATION_WEIGHTS + "}",
    variables = {@KerasVariable(value = "gamma", when = "scale"),
        @KerasVariable(value = "beta", when = "center")})
public @interface LayerNormalization {

  /** Added to the variance before its square root; positive. */
  @KerasName("epsilon")
  double epsilon() default 1e-3;

  /** Whether the layer adds the trained offset {@code beta}. */
  @KerasName("center")
  boolean center() default true;

  /** Whether the layer multiplies by the trained scale {@code gamma}. */
  @KerasName("scale")
  boolean scale() default true;
}
