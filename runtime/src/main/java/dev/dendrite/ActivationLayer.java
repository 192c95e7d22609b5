package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Activation} layer: applies an activation to each value of its input, same shape
 * out as in; {@link Activation#SOFTMAX} over the last axis. Named {@code ActivationLayer} because
 * {@link Activation} is the enum of the functions.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer("Activation")
public @interface ActivationLayer {

  /** The activation applied to the input. */
  @KerasName("activation")
  Activation value();
}
