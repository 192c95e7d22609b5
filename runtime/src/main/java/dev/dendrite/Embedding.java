package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code Embedding}: each of the {@code steps} integer token ids of a sample (the model's
 * input, {@code @Model(input = 12, ...)}) to its row of {@code embeddings}
 * {@code [inputDim, outputDim]}, a series {@code steps x outputDim}. It reads the model's input,
 * so it is the first layer; ids are whole numbers in {@code [0, inputDim)}, which the data files
 * are checked for. The rows start uniform in {@code [-0.05, 0.05]} (Keras' {@code "uniform"}) and
 * are trained; the ids themselves get no gradient.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "Embedding", fixed = "{\"embeddings_initializer\": {\"module\": "
    + "\"keras.initializers\", \"class_name\": \"RandomUniform\", \"config\": {\"minval\": -0.05, "
    + "\"maxval\": 0.05, \"seed\": null}}, \"embeddings_regularizer\": null, "
    + "\"activity_regularizer\": null, \"embeddings_constraint\": null, \"mask_zero\": false}",
    variables = @KerasVariable("embeddings"))
public @interface Embedding {

  /** The number of token ids: ids run from 0 to {@code inputDim - 1}. */
  @KerasName("input_dim")
  int inputDim();

  /** The width of each id's vector. */
  @KerasName("output_dim")
  int outputDim();
}
