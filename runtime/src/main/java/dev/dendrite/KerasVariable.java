package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * In {@link KerasLayer#variables()}: one weight of the layer, in the order Keras stores them
 * ({@code vars/0}, {@code vars/1}), by the name Dendrite gives it after the field's name
 * ({@code conv1.kernel}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface KerasVariable {
  /** Dendrite's name of the weight, like {@code kernel}. */
  String value();

  /**
   * A boolean element of the layer annotation without which the weight does not exist, like
   * {@code useBias}; empty when it always exists.
   */
  String when() default "";
}
