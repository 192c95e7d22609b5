package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code GRU} with {@code reset_after = true} (Keras 3's default) over a series
 * {@code steps x features}, gates in Keras' order z, r, h: kernel {@code [features, 3 units]}
 * Glorot-uniform, recurrent kernel {@code [units, 3 units]} orthogonal, bias {@code [2, 3 units]}
 * zero (input biases, then recurrent biases). Trained by backpropagation through time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "GRU",
    fixed = "{\"reset_after\": true, " + KerasJson.RECURRENT + "}",
    variables = {@KerasVariable("kernel"), @KerasVariable("recurrentKernel"),
        @KerasVariable(value = "bias", when = "useBias")}, cell = "gru_cell")
public @interface GRU {

  /** The width of the state: the number of units. */
  @KerasName("units")
  int units();

  /** Applied to the state candidate. */
  @KerasName("activation")
  Activation activation() default Activation.TANH;

  /** Applied to the gates. */
  @KerasName("recurrent_activation")
  Activation recurrentActivation() default Activation.SIGMOID;

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
