package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer, Keras' {@code Dense}: {@code activation(input · kernel + bias)}.
 * The kernel starts Glorot-uniform, the bias at zero. Its input must be flat (use {@link Flatten}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "Dense", fixed = "{" + KerasJson.WEIGHTS + "}",
    variables = {@KerasVariable("kernel"), @KerasVariable(value = "bias", when = "useBias")})
public @interface Dense {

  /** Output width: the number of units. */
  @KerasName("units")
  int units();

  /** Applied to the output. */
  @KerasName("activation")
  Activation activation() default Activation.LINEAR;

  /** Whether the layer adds a bias vector. */
  @KerasName("use_bias")
  boolean useBias() default true;
}
