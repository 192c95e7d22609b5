package dev.dendrite;

import java.lang.annotation.Annotation;
import java.util.List;

/**
 * The type of a layer field in a {@link Model} class: {@code @Dense(units = 10) Layer output;}.
 *
 * <p>Layer fields are declarations only and are never assigned; the generated network holds the
 * weights, which {@link Network#parameters()} exposes by layer name.
 */
public final class Layer {
  /**
   * The annotations that declare a layer on a field, in one list that the processor and the
   * Keras importer share: a new layer annotation is listed here, once.
   */
  public static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(
      Dense.class, Dropout.class, Flatten.class, Conv2D.class, Conv1D.class, MaxPooling2D.class,
      MaxPooling1D.class, AveragePooling2D.class, AveragePooling1D.class,
      GlobalAveragePooling2D.class, GlobalAveragePooling1D.class, Maxout.class,
      BatchNormalization.class, LayerNormalization.class,
      SimpleRNN.class, LSTM.class, GRU.class,
      Add.class, Concatenate.class,
      ActivationLayer.class, Reshape.class,
      GlobalMaxPooling2D.class, GlobalMaxPooling1D.class,
      ZeroPadding2D.class,
      Embedding.class);

  private Layer() {}
}
