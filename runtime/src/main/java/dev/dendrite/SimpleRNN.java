package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code SimpleRNN} over a series {@code steps x features}:
 * {@code h = activation(x · kernel + h' · recurrent_kernel + bias)} at each step, from a zero
 * state. Kernel {@code [features, units]} Glorot-uniform, recurrent kernel {@code [units, units]}
 * orthogonal, bias {@code [units]} zero. Trained by backpropagation through time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "SimpleRNN", fixed = "{" + KerasJson.RECURRENT + "}",
    variables = {@KerasVariable("kernel"), @KerasVariable("recurrentKernel"),
        @KerasVariable(value = "bias", when = "useBias")}, cell = "simple_rnn_cell")
public @interface SimpleRNN {

  /** The width of the state: the number of units. */
  @KerasName("units")
  int units();

  /** Applied to the state. */
  @KerasName("activation")
  Activation activation() default Activation.TANH;

  /** Whether the layer adds biases. */
  @KerasName("use_bias")
  boolean useBias() default true;

  /**
   * Whether the output is the state at every step, {@code steps x units} (what a recurrent layer
   * above needs), or only the last, {@code units}.
   */
  @KerasName("return_sequences")
  boolean returnSequences() default false;
}
