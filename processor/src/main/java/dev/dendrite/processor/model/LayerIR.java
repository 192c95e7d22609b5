package dev.dendrite.processor.model;

/** One checked layer with its inferred input and output shapes. */
public sealed interface LayerIR permits DenseLayer, DropoutLayer, FlattenLayer, ConvLayer, PoolLayer,
    GlobalPoolLayer, MaxoutLayer {

  /** The field name, used for generated members and parameter names. */
  String name();

  Shape input();

  Shape output();

  /** The number of trainable parameters. */
  long parameters();

  Origin origin();

  /** Keras' class name, as summaries print it. */
  String kerasType();
}
