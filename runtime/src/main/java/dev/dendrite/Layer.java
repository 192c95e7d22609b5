package dev.dendrite;

/**
 * The type of a layer field in a {@link Model} class: {@code @Dense(units = 10) Layer output;}.
 *
 * <p>Layer fields are declarations only and are never assigned; the generated network holds the
 * weights, which {@link Network#parameters()} exposes by layer name.
 */
public final class Layer {
  private Layer() {}
}
