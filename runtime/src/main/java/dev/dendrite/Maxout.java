package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A maxout layer (Goodfellow et al., 2013), beyond Keras: a dense layer to
 * {@code units * pieces} values, then the maximum of each unit's {@code pieces} consecutive
 * values. The kernel {@code [in, units * pieces]} starts Glorot-uniform, the bias at zero. It is
 * its own nonlinearity (a learned convex piecewise-linear function), so it has no activation.
 * Its input must be flat (use {@link Flatten}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Maxout {

  /** Output width: the number of units. */
  int units();

  /** Linear pieces per unit, of which the largest is the unit's value. */
  int pieces();

  /** Whether the dense part adds a bias vector. */
  boolean useBias() default true;
}
