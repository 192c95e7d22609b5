package dev.dendrite.processor.codegen;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import dev.dendrite.Activation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The one naming rule of generated code, and the runtime types it refers to. */
public final class Names {
  static final String PROCESSOR = "dev.dendrite.processor.DendriteProcessor";
  static final String RUNTIME = "dev.dendrite.runtime";

  static final ClassName INDARRAY = ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
  static final ClassName DATA_TYPE = ClassName.get("org.nd4j.linalg.api.buffer", "DataType");
  static final ClassName ND4J = ClassName.get("org.nd4j.linalg.factory", "Nd4j");
  static final ClassName NETWORK = ClassName.get("dev.dendrite", "Network");
  static final ClassName MODEL_SPEC = ClassName.get("dev.dendrite", "ModelSpec");
  static final ClassName LOSS = ClassName.get("dev.dendrite", "Loss");
  static final ClassName OPTIMIZER = ClassName.get("dev.dendrite", "Optimizer");
  static final ClassName ACTIVATIONS = ClassName.get(RUNTIME, "Activations");
  static final ClassName LOSSES = ClassName.get(RUNTIME, "Losses");
  static final ClassName KERNELS = ClassName.get(RUNTIME, "Kernels");
  static final ClassName CONVOLUTIONS = ClassName.get(RUNTIME, "Convolutions");
  static final ClassName MAXOUT = ClassName.get(RUNTIME, "MaxoutUnits");
  static final ClassName PADDING = ClassName.get("dev.dendrite", "Padding");
  static final ClassName UPDATER = ClassName.get(RUNTIME, "Updater");
  static final ClassName SLOT = UPDATER.nestedClass("Slot");
  static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
  static final ClassName BATCH_BUFFERS = ClassName.get(RUNTIME, "BatchBuffers");
  static final ClassName TRAINER_CLI = ClassName.get("dev.dendrite.train", "TrainerCli");

  /** Buffer fields and constants the network declares whatever its layers. */
  public static final Map<String, String> RESERVED_FIELDS = Map.of(
      "input", "the input batch",
      "inputMap", "the input batch in its shape",
      "targets", "the target batch",
      "INPUT_SIZE", "the input width",
      "INPUT_HEIGHT", "the input height",
      "INPUT_WIDTH", "the input width",
      "INPUT_LENGTH", "the input length",
      "INPUT_CHANNELS", "the input channels");

  /** Methods the network declares whatever its layers. */
  public static final Map<String, String> RESERVED_METHODS =
      Map.of("lossBackward", "the gradient of the loss");

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
    String prefix = constantPrefix(layer);
    fields.put(prefix + "_SIZE", "the output width of layer " + layer);
    fields.put(prefix + "_HEIGHT", "the output height of layer " + layer);
    fields.put(prefix + "_WIDTH", "the output image width of layer " + layer);
    fields.put(prefix + "_LENGTH", "the output length of layer " + layer);
    fields.put(prefix + "_CHANNELS", "the output channels of layer " + layer);
    fields.put(prefix + "_PIECES", "the maxout pieces of layer " + layer);
    return fields;
  }

  /** The methods a layer named {@code layer} gives the network. */
  public static Map<String, String> methodsOf(String layer) {
    return Map.of(
        layer + "Forward", "the forward pass of layer " + layer,
        layer + "Backward", "the backward pass of layer " + layer);
  }

  static String network(String baseName) {
    return baseName + "Network";
  }

  static String trainer(String baseName) {
    return baseName + "Trainer";
  }

  /** {@code hidden1} + {@code Kernel} = {@code hidden1Kernel}. */
  static String member(String layer, String suffix) {
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
  static String activationMethod(Activation activation) {
    String[] words = activation.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder s = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      s.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return s.toString();
  }

  static AnnotationSpec generated() {
    return AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
        .addMember("value", "$S", PROCESSOR)
        .build();
  }
}
