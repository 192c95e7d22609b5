package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code LSTM} over a series {@code steps x features}, gates in Keras' order i, f, c, o:
 * kernel {@code [features, 4 units]} Glorot-uniform, recurrent kernel {@code [units, 4 units]}
 * orthogonal, bias {@code [4 units]} zero but for the forget gate's at 1 (Keras'
 * {@code unit_forget_bias}). Trained by backpropagation through time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "LSTM",
    fixed = "{\"unit_forget_bias\": true, " + KerasJson.RECURRENT + "}",
    variables = {@KerasVariable("kernel"), @KerasVariable("recurrentKernel"),
        @KerasVariable(value = "bias", when = "useBias")}, cell = "lstm_cell")
public @interface LSTM {

  /** The width of the state: the number of units. */
  @KerasName("units")
  int units();

  /** Applied to the state candidate and to the cell state. */
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
