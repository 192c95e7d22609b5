package dev.dendrite.processor.model;

import dev.dendrite.Activation;
import java.lang.annotation.Annotation;
import java.util.Optional;

/** One checked layer with its inferred input and output shapes. */
public sealed interface LayerIR permits DenseLayer, DropoutLayer, FlattenLayer, ConvLayer,
    PoolLayer, GlobalPoolLayer, MaxoutLayer,
    BatchNormLayer, LayerNormLayer, RecurrentLayer, MergeLayer,
    ElementwiseLayer, ReshapeLayer, ZeroPadLayer,
    EmbeddingLayer {

  /** The field name, used for generated members and parameter names. */
  String name();

  Shape input();

  Shape output();

  /** The number of trainable parameters. */
  long parameters();

  /** The number of non-trainable values it keeps, like a batch normalization's moving mean. */
  default long nonTrainableParameters() {
    return 0;
  }

  /**
   * The layer annotation as written (a value, not a javac element): its {@code @KerasLayer} and
   * {@code @KerasName} declarations give the layer's Keras form.
   */
  Annotation annotation();

  Origin origin();

  /** Keras' class name, as summaries print it. */
  String kerasType();

  /** The activation applied to its output; LINEAR for a layer without one. */
  default Activation activation() {
    return Activation.LINEAR;
  }

  /** This layer as a {@code @Dense} one, which alone can be a model's output; else empty. */
  default Optional<DenseLayer> asDense() {
    return Optional.empty();
  }
}
