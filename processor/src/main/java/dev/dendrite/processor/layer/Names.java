package dev.dendrite.processor.layer;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import dev.dendrite.Activation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one naming rule of generated code, and the runtime types it refers to: shared by the checker
 * (which rejects layer names that would clash) and the writers.
 */
public final class Names {
  public static final String PROCESSOR = "dev.dendrite.processor.DendriteProcessor";
  public static final String RUNTIME = "dev.dendrite.runtime";

  public static final ClassName INDARRAY =
      ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
  public static final ClassName DATA_TYPE =
      ClassName.get("org.nd4j.linalg.api.buffer", "DataType");
  public static final ClassName ND4J = ClassName.get("org.nd4j.linalg.factory", "Nd4j");
  public static final ClassName NETWORK = ClassName.get("dev.dendrite", "Network");
  public static final ClassName MODEL_SPEC = ClassName.get("dev.dendrite", "ModelSpec");
  public static final ClassName LAYER_SPEC = ClassName.get("dev.dendrite", "LayerSpec");
  public static final ClassName LOSS = ClassName.get("dev.dendrite", "Loss");
  public static final ClassName OPTIMIZER = ClassName.get("dev.dendrite", "Optimizer");
  public static final ClassName ACTIVATIONS = ClassName.get(RUNTIME, "Activations");
  public static final ClassName LOSSES = ClassName.get(RUNTIME, "Losses");
  public static final ClassName KERNELS = ClassName.get(RUNTIME, "Kernels");
  public static final ClassName CONVOLUTIONS = ClassName.get(RUNTIME, "Convolutions");
  public static final ClassName MAXOUT = ClassName.get(RUNTIME, "MaxoutUnits");
  public static final ClassName NORMALIZATION = ClassName.get(RUNTIME, "Normalization");
  public static final ClassName PADDING = ClassName.get("dev.dendrite", "Padding");
  public static final ClassName UPDATER = ClassName.get(RUNTIME, "Updater");
  public static final ClassName SLOT = UPDATER.nestedClass("Slot");
  public static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
  public static final ClassName BATCH_BUFFERS = ClassName.get(RUNTIME, "BatchBuffers");
  public static final ClassName TRAINER_CLI = ClassName.get("dev.dendrite.train", "TrainerCli");
  public static final ClassName GENERATED_NETWORK = ClassName.get(RUNTIME, "GeneratedNetwork");
  public static final ClassName OPTIMIZER_SETTINGS = ClassName.get(RUNTIME, "OptimizerSettings");

  /** Buffer fields and constants the network declares whatever its layers. */
  public static final Map<String, String> RESERVED_FIELDS = Map.of(
      "input", "the input batch, which @From(\"input\") reads",
      "inputMap", "the input batch in its shape",
      "targets", "the target batch",
      "INPUT_SIZE", "the input width",
      "INPUT_HEIGHT", "the input height",
      "INPUT_WIDTH", "the input width",
      "INPUT_LENGTH", "the input length",
      "INPUT_CHANNELS", "the input channels",
      "OPTIMIZER", "the optimizer's settings");

  /** Methods the network declares whatever its layers. */
  public static final Map<String, String> RESERVED_METHODS =
      Map.of("lossBackward", "the gradient of the loss");

  /**
   * The inputs of a join whose gradient shares are reserved by name; a join of more inputs is
   * still checked by javac, which rejects a duplicate field.
   */
  private static final int JOIN_SHARES = 16;

  private Names() {}

  /** The identifiers a layer named {@code layer} may give generated fields and constants. */
  public static Map<String, String> fieldsOf(String layer) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(layer, "the output of layer " + layer);
    fields.put(layer + "Grad", "the gradient of layer " + layer);
    fields.put(layer + "Z", "the pre-activation of layer " + layer);
    fields.put(layer + "ZGrad", "the pre-activation gradient of layer " + layer);
    fields.put(layer + "Mask", "the dropout mask of layer " + layer);
    fields.put(layer + "Cols", "the im2col patches of layer " + layer);
    fields.put(layer + "XHat", "the normalized values of layer " + layer);
    fields.put(layer + "Mean", "the batch means of layer " + layer);
    fields.put(layer + "Inv", "the inverse deviations of layer " + layer);
    for (String suffix : List.of("RecurrentKernel", "Gates", "States", "Cells", "Projections",
        "GatesGrad", "ProjectionsGrad", "StateGrad", "CellGrad")) {
      fields.put(layer + suffix, "the recurrent arrays of layer " + layer);
    }
    fields.put(layer + "Embeddings", "the embeddings of layer " + layer);
    fields.put(layer + "InGrad", "the share of its input's gradient of layer " + layer);
    for (int k = 0; k < JOIN_SHARES; k++) {
      fields.put(layer + "InGrad" + k, "the share of its input " + k + "'s gradient of layer "
          + layer);
    }
    String prefix = constantPrefix(layer);
    fields.put(prefix + "_SIZE", "the output width of layer " + layer);
    fields.put(prefix + "_HEIGHT", "the output height of layer " + layer);
    fields.put(prefix + "_WIDTH", "the output image width of layer " + layer);
    fields.put(prefix + "_LENGTH", "the output length of layer " + layer);
    fields.put(prefix + "_CHANNELS", "the output channels of layer " + layer);
    fields.put(prefix + "_PIECES", "the maxout pieces of layer " + layer);
    fields.put(prefix + "_KERNEL_HEIGHT", "the kernel height of layer " + layer);
    fields.put(prefix + "_KERNEL_WIDTH", "the kernel width of layer " + layer);
    fields.put(prefix + "_KERNEL_SIZE", "the kernel size of layer " + layer);
    fields.put(prefix + "_WINDOW_HEIGHT", "the pooling window height of layer " + layer);
    fields.put(prefix + "_WINDOW_WIDTH", "the pooling window width of layer " + layer);
    fields.put(prefix + "_WINDOW_SIZE", "the pooling window size of layer " + layer);
    fields.put(prefix + "_STRIDE_HEIGHT", "the vertical stride of layer " + layer);
    fields.put(prefix + "_STRIDE_WIDTH", "the horizontal stride of layer " + layer);
    fields.put(prefix + "_STRIDES", "the stride of layer " + layer);
    fields.put(prefix + "_FAN_IN", "the fan-in of layer " + layer);
    fields.put(prefix + "_FAN_OUT", "the fan-out of layer " + layer);
    for (String suffix : List.of("_STEPS", "_FEATURES", "_UNITS", "_GATES")) {
      fields.put(prefix + suffix, "the recurrent dimensions of layer " + layer);
    }
    fields.put(prefix + "_INPUT_DIM", "the token ids of layer " + layer);
    return fields;
  }

  /** The methods a layer named {@code layer} gives the network. */
  public static Map<String, String> methodsOf(String layer) {
    return Map.of(
        layer + "Forward", "the forward pass of layer " + layer,
        layer + "Backward", "the backward pass of layer " + layer);
  }

  public static String network(String baseName) {
    return baseName + "Network";
  }

  public static String trainer(String baseName) {
    return baseName + "Trainer";
  }

  /** {@code hidden1} + {@code Kernel} = {@code hidden1Kernel}. */
  public static String member(String layer, String suffix) {
    return layer + suffix;
  }

  /** {@code HIDDEN1_SIZE}: the constant naming a layer's output width. */
  public static String sizeConstant(String layer) {
    return constantPrefix(layer) + "_SIZE";
  }

  /** {@code conv1 -> CONV1}, {@code hiddenLayer -> HIDDEN_LAYER}: the prefix of its dimensions. */
  public static String constantPrefix(String layer) {
    return layer.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** The kernel method of an activation: {@code LEAKY_RELU -> leakyRelu}. */
  public static String activationMethod(Activation activation) {
    String[] words = activation.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder s = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      s.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return s.toString();
  }

  public static AnnotationSpec generated() {
    return AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
        .addMember("value", "$S", PROCESSOR)
        .build();
  }
}
