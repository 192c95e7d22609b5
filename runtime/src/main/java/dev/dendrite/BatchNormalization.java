package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code BatchNormalization} on the last axis (the channels, or the units after a dense
 * layer): while training, each channel is normalized with the batch's mean and biased variance,
 * then scaled by {@code gamma} and shifted by {@code beta}, and the moving statistics move
 * towards the batch's ({@code moving = moving * momentum + batch * (1 - momentum)}); when
 * evaluating and predicting, the moving statistics normalize instead. {@code gamma} starts at
 * one and {@code beta} at zero, both trained; {@code moving_mean} (zeros) and
 * {@code moving_variance} (ones) are non-trainable state.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "BatchNormalization", fixed = "{\"axis\": -1, "
    + KerasJson.NORMALIZATION_WEIGHTS + ", "
    + "\"moving_mean_initializer\": {\"module\": \"keras.initializers\", \"class_name\": "
    + "\"Zeros\", \"config\": {}}, \"moving_variance_initializer\": {\"module\": "
    + "\"keras.initializers\", \"class_name\": \"Ones\", \"config\": {}}, "
    + "\"synchronized\": false}",
    variables = {@KerasVariable(value = "gamma", when = "scale"),
        @KerasVariable(value = "beta", when = "center"), @KerasVariable("moving_mean"),
        @KerasVariable("moving_variance")})
public @interface BatchNormalization {

  /** The weight of the moving statistics' old value at each training step, in [0, 1). */
  @KerasName("momentum")
  double momentum() default 0.99;

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
