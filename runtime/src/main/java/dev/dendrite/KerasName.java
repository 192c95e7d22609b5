package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an element of a layer annotation: its key in the Keras layer's config
 * ({@code units()} is {@code "units"}, {@code useBias()} is {@code "use_bias"}). Values convert
 * by type: numbers and booleans as they are, enums as their lower-case names (an activation as
 * its {@link Activation#kerasName()}), {@code int[]} and one-number windows as Keras' lists.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KerasName {
  /** The config key, like {@code "kernel_size"}. */
  String value();

  /**
   * The config key whose value this element stands for when left at its default, like
   * {@code "pool_size"} for a pooling layer's {@code strides}; empty when the default is a value
   * of its own.
   */
  String defaultFrom() default "";
}
