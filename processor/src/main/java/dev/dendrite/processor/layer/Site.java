package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.Names.constantPrefix;
import static dev.dendrite.processor.layer.Names.member;

import dev.dendrite.Activation;
import dev.dendrite.Loss;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.ModelIR;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer in its model, as its {@link LayerKind} sees it: the Java expressions of the arrays it
 * reads and writes (its input, output and their gradients in the network's {@code Buffers}), its
 * named dimensions, and whether it needs gradients at all.
 */
public final class Site {
  private final ModelIR model;
  private final Dims dims;
  private final int index;

  Site(ModelIR model, Dims dims, int index) {
    this.model = model;
    this.dims = dims;
    this.index = index;
  }

  /** Every layer of {@code model} in its site, in order. */
  public static List<Site> of(ModelIR model) {
    Dims dims = new Dims(model);
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < model.layers().size(); i++) {
      sites.add(new Site(model, dims, i));
    }
    return List.copyOf(sites);
  }

  public LayerIR layer() {
    return model.layers().get(index);
  }

  public LayerKind kind() {
    return LayerKind.of(layer());
  }

  public int index() {
    return index;
  }

  public String name() {
    return layer().name();
  }

  /** {@code CONV1}: the prefix of this layer's own constants. */
  public String prefix() {
    return constantPrefix(name());
  }

  /** Whether backpropagation reaches this layer: a layer at or after the first with parameters. */
  public boolean trainable() {
    return index >= firstTrainable(model.layers());
  }

  /** Whether this is the output layer and its loss gradient is fused with its activation. */
  public boolean fusedOutput() {
    return index == model.layers().size() - 1 && fusedLoss(model) != null;
  }

  // ---- arrays ----

  /** The array this layer reads: the previous layer's output, or the input in its shape. */
  public String in() {
    return output(index - 1);
  }

  /** The array this layer writes. */
  public String out() {
    return output(index);
  }

  /** The gradient at this layer's output; null when nothing before it needs one. */
  public String outGrad() {
    return gradient(index);
  }

  /** The gradient at this layer's input, or {@code "null"} when no layer before needs it. */
  public String inGrad() {
    String grad = gradient(index - 1);
    return grad == null ? "null" : grad;
  }

  /** Where the pre-activation lives: the output itself when the activation is linear. */
  public String z() {
    return layer().activation() == Activation.LINEAR ? out() : "b." + member(name(), "Z");
  }

  /** The gradient at the pre-activation. */
  public String zGrad() {
    return layer().activation() == Activation.LINEAR ? outGrad() : "b." + member(name(), "ZGrad");
  }

  /** {@code b.name + suffix}: one of this layer's own per-batch arrays. */
  public String buffer(String suffix) {
    return "b." + member(name(), suffix);
  }

  /** {@code name + suffix}: one of this layer's fields on the network. */
  public String field(String suffix) {
    return member(name(), suffix);
  }

  private String output(int i) {
    if (i < 0) {
      return model.input().isFlat() ? "b.input" : "b.inputMap";
    }
    return "b." + model.layers().get(i).name();
  }

  private String gradient(int i) {
    return i < firstTrainable(model.layers()) ? null
        : "b." + member(model.layers().get(i).name(), "Grad");
  }

  // ---- dimensions ----

  /** {@code n, CONV1_HEIGHT, CONV1_WIDTH, CONV1_CHANNELS}: this layer's output array shape. */
  public String arrayShape() {
    return dims.arrayShape(index);
  }

  /** The shape of this layer's input array. */
  public String inputArrayShape() {
    return dims.arrayShape(index - 1);
  }

  /** This layer's output dimensions as constant names, after the batch size. */
  public List<String> outputDims() {
    return dims.dims(index);
  }

  /** The flat width of this layer's output. */
  public String size() {
    return dims.size(index);
  }

  /** The flat width of this layer's input. */
  public String inputSize() {
    return dims.size(index - 1);
  }

  public String channels() {
    return dims.channels(index);
  }

  public String inputChannels() {
    return dims.channels(index - 1);
  }

  // ---- the buffers most layers have ----

  /** The pre-activation and its gradient, when the activation is not linear. */
  public List<BufferPlan.Buffer> activationBuffers() {
    List<BufferPlan.Buffer> list = new ArrayList<>();
    if (layer().activation() != Activation.LINEAR) {
      long values = layer().output().size();
      list.add(BufferPlan.allocated(index, member(name(), "Z"), arrayShape(), values));
      if (trainable()) {
        list.add(BufferPlan.allocated(index, member(name(), "ZGrad"), arrayShape(), values));
      }
    }
    return list;
  }

  /** The output and, when needed and not fused into the loss, its gradient. */
  public List<BufferPlan.Buffer> outputBuffers() {
    List<BufferPlan.Buffer> list = new ArrayList<>();
    long values = layer().output().size();
    list.add(BufferPlan.allocated(index, name(), arrayShape(), values));
    if (trainable() && !fusedOutput()) {
      list.add(BufferPlan.allocated(index, member(name(), "Grad"), arrayShape(), values));
    }
    return list;
  }

  /** The field holding the previous layer's output; the input in its shape for the first. */
  String inputField() {
    return in().substring("b.".length());
  }

  /** The field holding the previous layer's output gradient. */
  String inputGradField() {
    return member(model.layers().get(index - 1).name(), "Grad");
  }

  // ---- model-wide ----

  /** Index of the first layer with parameters: nothing before it needs a gradient. */
  private static int firstTrainable(List<LayerIR> layers) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).parameters() > 0) {
        return i;
      }
    }
    return layers.size();
  }

  /** The fused loss-gradient kernel for this output, or null when there is none. */
  public static String fusedLoss(ModelIR model) {
    Activation a = model.outputLayer().activation();
    if (model.loss() == Loss.CATEGORICAL_CROSSENTROPY && a == Activation.SOFTMAX) {
      return "softmaxCategoricalCrossentropyGradient";
    }
    if (model.loss() == Loss.BINARY_CROSSENTROPY && a == Activation.SIGMOID) {
      return "sigmoidBinaryCrossentropyGradient";
    }
    return null;
  }
}
