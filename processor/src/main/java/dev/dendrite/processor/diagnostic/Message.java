package dev.dendrite.processor.diagnostic;

import javax.tools.Diagnostic.Kind;

/**
 * Every diagnostic the processor reports, in one place: worded for a Keras user, with the values
 * and shapes involved, ending with the fix.
 */
public enum Message {
  MODEL_NOT_A_CLASS(Kind.ERROR,
      "@Model must be on a class, but %s is %s. Put @Model on a class whose Layer fields declare "
          + "the layers."),
  MODEL_PRIVATE(Kind.ERROR,
      "@Model class %s must not be private: the generated %sNetwork beside it must see it. "
          + "Remove 'private'."),
  MODEL_INNER(Kind.ERROR,
      "@Model class %s is an inner class. Make it a static nested class: 'static class %s'."),
  NO_INPUT(Kind.ERROR,
      "@Model on %s has no input shape. Give the shape of one sample, like "
          + "@Model(input = 784, ...) or @Model(input = {28, 28}, ...)."),
  INPUT_DIMENSION(Kind.ERROR,
      "@Model input expected positive dimensions. Received: input = %s."),
  INPUT_TOO_LARGE(Kind.ERROR,
      "@Model input expected at most %,d values per sample. Received: input = %s, %,d values."),
  HYPERPARAMETER(Kind.ERROR, "@Model %s must be %s. Received: %s = %s."),
  NO_LAYERS(Kind.ERROR,
      "%s declares no layers. Add annotated Layer fields in order, like "
          + "'@Dense(units = 10, activation = SOFTMAX) Layer output;'."),
  UNITS(Kind.ERROR, "@Dense units expected a positive integer. Received: units = %d."),
  RATE(Kind.ERROR,
      "@Dropout rate must be in [0, 1): the fraction of inputs dropped. Received: rate = %s."),
  MOMENTUM(Kind.ERROR,
      "@BatchNormalization momentum must be in [0, 1): the weight the moving statistics keep at "
          + "each training step. Received: momentum = %s. Use a value like 0.99 (Keras' default)."),
  EPSILON(Kind.ERROR,
      "@%s epsilon must be a positive number: it keeps the division by the deviation finite. "
          + "Received: epsilon = %s. Use a small positive value like 1e-3 (Keras' default)."),
  WINDOW_VALUE(Kind.ERROR, "@%s %s expected %s. Received: %s = %s."),
  WRONG_INPUT_RANK(Kind.ERROR, "@%s %s needs %s but receives %s (%s). %s"),
  /** The last argument: how else to fit, ", padding = SAME, or ..." or " or padding = SAME". */
  WINDOW_TOO_LARGE(Kind.ERROR,
      "@%s %s: its %s %s is larger than its input %s (%s). Use a %s of at most %s%s."),
  LAYER_TOO_LARGE(Kind.ERROR,
      "@%s %s outputs %s, %,d values per sample (%s), but an array holds at most %,d. Use fewer "
          + "filters or shrink the input more before %s."),
  RESHAPE_SIZE(Kind.ERROR,
      "@Reshape %s receives %s (%s): %,d values per sample, but its target shape %s holds %,d. "
          + "Give a target shape of %,d values."),
  NEEDS_FLAT(Kind.ERROR,
      "@%s %s needs a flat input but receives %s (%s). Add '@Flatten Layer flatten;' before "
          + "%s."),
  TWO_LAYER_ANNOTATIONS(Kind.ERROR,
      "field %s has two layer annotations, @%s and @%s. One field declares one layer: declare "
          + "a second field for the second layer."),
  NOT_LAYER_TYPE(Kind.ERROR,
      "layer field %s has type %s. Declare it as 'Layer %s;' (dev.dendrite.Layer)."),
  STATIC_LAYER(Kind.ERROR,
      "layer field %s is static. Remove 'static': layers are the instance fields, in source order."),
  LAYER_NAME_CLASH(Kind.ERROR,
      "layer name %s clashes with generated code: %sNetwork already uses %s for %s. Rename the "
          + "layer."),
  LAYER_WITHOUT_ANNOTATION(Kind.ERROR,
      "field %s has type Layer but no layer annotation. Annotate it, like @Dense(units = 10), "
          + "or remove it."),
  LAYER_OUTSIDE_MODEL(Kind.ERROR,
      "@%s on field %s, but %s has no @Model. Add @Model(input = ..., loss = ...) to the class."),
  /** The last argument: the output that fits the loss, one of the OUTPUT_FOR phrases. */
  OUTPUT_NOT_DENSE(Kind.ERROR,
      "the last layer %s is @%s, but a model must end with a @Dense output layer that fits the "
          + "loss. For %s, add one after %s: %s."),
  OUTPUT_ACTIVATION_LAYER(Kind.ERROR,
      "the last layer %s is @ActivationLayer(%s), but a model must end with a @Dense output "
          + "layer, whose activation the loss reads. Give the activation to %s, "
          + "'activation = %s', and remove %s."),
  BCE_SOFTMAX(Kind.ERROR,
      "binary cross-entropy expects sigmoid probabilities, but the output layer %s uses SOFTMAX. "
          + "For two classes use @Dense(units = 1, activation = SIGMOID); for more, use "
          + "loss = CATEGORICAL_CROSSENTROPY."),
  BCE_TWO_UNITS(Kind.ERROR,
      "binary cross-entropy expects 1 sigmoid unit, but the output layer %s has 2 units. For two "
          + "classes use one unit, @Dense(units = 1, activation = SIGMOID), or keep the 2 units "
          + "with activation = SOFTMAX and loss = CATEGORICAL_CROSSENTROPY."),
  BCE_UNITS(Kind.ERROR,
      "binary cross-entropy expects 1 sigmoid unit, but the output layer %s has %d units. For %d "
          + "classes use loss = CATEGORICAL_CROSSENTROPY with activation = SOFTMAX; for two, use "
          + "@Dense(units = 1, activation = SIGMOID)."),
  BCE_ACTIVATION(Kind.ERROR,
      "binary cross-entropy expects a probability, but the output layer %s uses %s, whose values "
          + "are not in (0, 1). Use activation = SIGMOID."),
  CCE_ONE_UNIT(Kind.ERROR,
      "categorical cross-entropy needs one unit per class, but the output layer %s has 1 unit, so "
          + "its loss is always 0. For two classes use loss = BINARY_CROSSENTROPY with "
          + "activation = SIGMOID."),
  CCE_ACTIVATION(Kind.WARNING,
      "categorical cross-entropy expects class probabilities, but the output layer %s uses %s. "
          + "Use activation = SOFTMAX."),
  REGRESSION_SQUASHED(Kind.WARNING,
      "%s is a regression loss, but the output layer %s uses %s, which bounds every prediction. "
          + "Use activation = LINEAR unless the targets lie in that range."),
  PARAMETER_BUDGET(Kind.ERROR,
      "@Model %s has %,d parameters, %,d over its budget maxParameters = %,d. The largest: %s. "
          + "Shrink those layers or raise maxParameters."),
  MEMORY_BUDGET(Kind.ERROR,
      "@Model %s needs %s (%,d bytes) for a training step at batch size %,d, over its budget "
          + "maxTrainingMemory = \"%s\" (%,d bytes): %s. The largest: %s. Lower batchSize, "
          + "shrink those layers or raise maxTrainingMemory."),
  /** The first argument: {@code @From} or {@code @Add} ..., the annotation naming the input. */
  UNKNOWN_INPUT(Kind.ERROR,
      "%s on layer %s names %s, but no layer is named so. Name one of the layers declared before "
          + "%s: %s."),
  LATER_INPUT(Kind.ERROR,
      "%s on layer %s names %s, which is declared after it: a layer reads only layers above it. "
          + "Name one of the layers declared before %s (%s), or move %s above %s."),
  JOIN_COUNT(Kind.ERROR,
      "@%s %s joins %d layer(s), but needs at least two. Received: %s. Name them, like "
          + "@%s({\"conv2\", \"shortcut\"})."),
  FROM_ON_JOIN(Kind.ERROR,
      "@From on @%s %s: a join names its inputs itself. Remove @From and name every input in "
          + "@%s."),
  FROM_WITHOUT_LAYER(Kind.ERROR,
      "@From on field %s, which declares no layer. Put it beside the layer annotation of a Layer "
          + "field, like '@From(\"%s\") @Dense(units = 10) Layer %s;', or remove it."),
  ADD_SHAPES(Kind.ERROR,
      "@Add %s adds layers of different shapes: %s %s and %s %s. Give them one shape, for "
          + "example with a 1x1 @Conv2D or a @Dense on the shortcut."),
  CONCATENATE_SHAPES(Kind.ERROR,
      "@Concatenate %s joins along the last axis, so every other dimension must agree, but %s "
          + "is %s and %s is %s. Give them the same %s."),
  UNUSED_OUTPUT(Kind.WARNING,
      "the output of layer %s is read by no later layer and is not the model's output, so it "
          + "changes nothing. Read it (@From(\"%s\"), @Add or @Concatenate) or remove %s."),
  PROCESSOR_FAILED(Kind.ERROR,
      "Dendrite failed while compiling %s: %s. This is a bug in Dendrite; please report it with "
          + "this model."),
  STACKED_RECURRENT(Kind.ERROR,
      "@%s %s needs a series (steps x features) but receives %s (%s): @%s %s returns only its "
          + "last state. Set returnSequences = true on %s."),
  EMBEDDING_NOT_FIRST(Kind.ERROR,
      "@Embedding %s reads token ids, which only the model's input holds, but it receives %s "
          + "(%s). Declare %s as the first layer, without @From."),
  EMBEDDING_INPUT(Kind.ERROR,
      "@Embedding %s reads one token id per step, so the model's input must be the number of "
          + "steps alone, but it is %s. Declare it so on @Model, like input = %d."),
  DILATION_WITH_STRIDES(Kind.ERROR,
      "@%s %s: strides above 1 cannot be combined with dilationRate above 1 (Keras refuses them "
          + "too). Received: strides = %s, dilationRate = %s. Keep strides = 1 and shrink the "
          + "output with a pooling layer after %s, or set dilationRate = 1.");

  private final Kind kind;
  private final String format;

  /** The parts of sentences that several messages share: what a layer needs, and the fixes. */
  public enum Phrase {
    IMAGE_INPUT("an image input (height x width x channels)"),
    SERIES_INPUT("a series input (length x channels)"),
    DECLARE_BEFORE_FLATTENER("@%s %s made it flat: declare %s before %s."),
    DECLARE_IMAGE_SHAPE("Declare the image's shape on @Model, like input = {28, 28, 1}."),
    DECLARE_SERIES_SHAPE("Declare the series' shape on @Model, like input = {128, 1}."),
    USE_1D_LAYERS("This is a series: use the 1D layers (@Conv1D, @MaxPooling1D, ...), or, for an "
        + "image, add its channels to the input on @Model, like input = {28, 28, 1}."),
    USE_2D_LAYERS("This is an image: use the 2D layers (@Conv2D, @MaxPooling2D, ...)."),
    RESHAPE_INPUT("Reshape the input on @Model to %d dimensions."),
    OR_SAME_PADDING(" or padding = SAME"),
    OR_SHRINK_LESS(", padding = SAME, or shrink the input less before %s"),
    OUTPUT_FOR_CLASSES("'@Dense(units = 10, activation = SOFTMAX) Layer %s;' with one unit "
        + "per class"),
    OUTPUT_FOR_TWO_CLASSES("'@Dense(units = 1, activation = SIGMOID) Layer %s;', the "
        + "probability of class 1"),
    OUTPUT_FOR_REGRESSION("'@Dense(units = 1) Layer %s;' with one linear unit per target value"),
    POSITIVE_INTEGER("a positive integer"),
    POSITIVE_INTEGERS("one or two positive integers"),
    POSITIVE_NUMBER("a positive number"),
    ZERO_OR_MORE("zero or more"),
    NO_LIMIT_OR_MORE("zero (no limit) or more"),
    IN_UNIT_INTERVAL("in [0, 1)"),
    SIZE("a size like \"512MB\", \"1.5GB\" or \"2GiB\", or a number of bytes"),
    MAXOUT_WIDTH("units * pieces of at most %,d (units = %d)"),
    STEPS_INPUT("a series input (steps x features)"),
    DECLARE_STEPS("Declare the input as steps x features on @Model, like input = {128, 1} for "
        + "128 steps of 1 feature, or reshape it to steps x features before %s."),
    RECURRENT_ACTIVATION("one of TANH, SIGMOID, RELU, HARD_SIGMOID, LINEAR"),
    TARGET_SHAPE("positive dimensions of at most %,d values in all, like {8, 4}"),
    EMBEDDING_SIZE("%s * outputDim of at most %,d (%s = %d)");

    private final String format;

    Phrase(String format) {
      this.format = format;
    }

    public String format(Object... args) {
      return String.format(java.util.Locale.ROOT, format, args);
    }
  }

  Message(Kind kind, String format) {
    this.kind = kind;
    this.format = format;
  }

  public Kind kind() {
    return kind;
  }

  public String format(Object... args) {
    return String.format(java.util.Locale.ROOT, format, args);
  }
}
