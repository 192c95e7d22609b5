package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Beside a layer annotation: the layer takes its input from the named earlier layer instead of
 * the one declared just above it, as Keras' functional API calls a layer on any earlier tensor.
 * With {@link Add} or {@link Concatenate} a model has branches and residual connections:
 *
 * <pre>{@code
 * @Conv2D(filters = 32, kernelSize = 3, padding = SAME, activation = RELU) Layer conv1;
 * @Conv2D(filters = 32, kernelSize = 3, padding = SAME) Layer conv2;
 * @Add({"conv1", "conv2"}) Layer residual;
 * }</pre>
 *
 * <p>The name is a field name of a layer declared above; any other is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface From {
  /** The field name of the earlier layer whose output this layer reads. */
  String value();
}
