/**
 * Keras models imported as Dendrite source: {@link dev.dendrite.keras.KerasImport} reads a
 * Keras 3 {@code .keras} file or a Keras 2 full-model {@code .h5} and writes the equivalent
 * {@code @Model} class and its weights as safetensors. What each Keras layer class becomes is
 * read from the layer annotations ({@link dev.dendrite.KerasLayer}, {@link dev.dendrite.KerasName},
 * {@link dev.dendrite.KerasVariable}); this package names no layer kind. It depends on
 * {@code dev.dendrite} and {@code dev.dendrite.io}.
 */
package dev.dendrite.keras;
