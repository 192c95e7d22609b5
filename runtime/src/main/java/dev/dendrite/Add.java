package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Add}: the element-wise sum of the outputs of the named earlier layers, which must
 * all have the same shape: {@code @Add({"conv2", "shortcut"}) Layer residual;}. Its gradient goes
 * to each of them unchanged.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer("Add")
public @interface Add {
  /** The field names of the layers added, at least two, each declared above. */
  String[] value();
}
