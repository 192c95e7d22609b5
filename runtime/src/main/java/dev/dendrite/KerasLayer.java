package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a layer annotation: the Keras 3 layer class it stands for. Its elements name their Keras
 * config keys with {@link KerasName}; {@link #fixed()} holds the rest of the config as Keras 3
 * writes it, with the only values Dendrite supports. Keras import and export read both, so a
 * layer kind declares its Keras form here, in its own annotation, and nowhere else. A layer
 * annotation without it (Maxout) has no Keras counterpart.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface KerasLayer {
  /** Keras' class name, like {@code Conv2D}. */
  String value();

  /**
   * The config entries Dendrite does not model, as a JSON object of the values Keras 3 writes
   * by default and the only ones Dendrite accepts ({@code "data_format": "channels_last"}).
   * Initializers are written as here and ignored when read: loaded weights replace them.
   */
  String fixed() default "{}";

  /** The layer's weights in Keras' order, by Dendrite's names; none for a weightless layer. */
  KerasVariable[] variables() default {};

  /**
   * The sublayer whose {@code vars} hold the weights in Keras files, by its Keras name (a
   * recurrent layer's cell, {@code lstm_cell}, at {@code layers/lstm/cell/vars}); empty when the
   * layer holds them itself.
   */
  String cell() default "";
}
