package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Concatenate} on the last axis: the outputs of the named earlier layers side by
 * side, in the order named; all their other dimensions must agree
 * ({@code 14x14x32} and {@code 14x14x16} give {@code 14x14x48}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "Concatenate", fixed = "{\"axis\": -1}")
public @interface Concatenate {
  /** The field names of the layers joined, at least two, each declared above. */
  String[] value();
}
