package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.Names.constantPrefix;
import static dev.dendrite.processor.layer.Names.member;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.Activation;
import dev.dendrite.Loss;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.ModelIR;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer in its model, as its {@link LayerKind} sees it: the Java expressions of the arrays it
 * reads and writes (its inputs, output and their gradients in the network's {@code Buffers}), its
 * named dimensions, and whether it needs gradients at all.
 *
 * <p>A layer reads one input (the layer above, or the one its {@code @From} names) or, a join,
 * several ({@link #in(int)}). Where one layer's output feeds several, the gradient at that output
 * is the sum of theirs: the consumer whose backward pass runs first (the last one declared)
 * writes it, each other writes its share into a gradient of its own for that input
 * ({@link #edgeBuffers()}) and adds that share to it ({@link #accumulations()}).
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

  /**
   * Whether backpropagation reaches this layer: it or a layer it reads from, directly or not, has
   * parameters (in a plain stack: a layer at or after the first with parameters).
   */
  public boolean trainable() {
    return trainable(model, index);
  }

  /** Whether this is the output layer and its loss gradient is fused with its activation. */
  public boolean fusedOutput() {
    return index == model.layers().size() - 1 && fusedLoss(model) != null;
  }

  // ---- arrays ----

  /** The array this layer reads: its (first) input's output, or the input in its shape. */
  public String in() {
    return in(0);
  }

  /** The array of its input {@code k}: a join reads several. */
  public String in(int k) {
    return output(source(k));
  }

  /** How many inputs it reads: 1, or a join's count. */
  public int inputCount() {
    return model.inputsOf(index).size();
  }

  /** The index of the layer its input {@code k} comes from; -1 for the model's input. */
  public int source(int k) {
    return model.inputsOf(index).get(k);
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
    return inGrad(0);
  }

  /**
   * Where its backward pass writes the gradient at its input {@code k}: that input's gradient,
   * or its own share of it when others read that input too ({@link #accumulations()}), or
   * {@code "null"} when no layer before needs it.
   */
  public String inGrad(int k) {
    int source = source(k);
    if (source < 0 || !trainable(model, source)) {
      return "null";
    }
    return writesGradient(k) ? gradient(source) : buffer(edgeSuffix(k));
  }

  /** Whether its input {@code k}'s gradient is its to write, being the first pass to reach it. */
  private boolean writesGradient(int k) {
    int source = source(k);
    for (int c = model.layers().size() - 1; c >= 0; c--) {
      List<Integer> inputs = model.inputsOf(c);
      for (int j = inputs.size() - 1; j >= 0; j--) {
        if (inputs.get(j) == source) {
          return c == index && j == k;
        }
      }
    }
    throw new IllegalStateException(name() + " does not read " + source);
  }

  /** {@code InGrad} for a layer of one input, {@code InGrad0}, {@code InGrad1}... for a join. */
  private String edgeSuffix(int k) {
    return inputCount() == 1 ? "InGrad" : "InGrad" + k;
  }

  /** Its shares of the gradients of inputs that others read too: one array per such input. */
  public List<BufferPlan.Buffer> edgeBuffers() {
    List<BufferPlan.Buffer> list = new ArrayList<>();
    for (int k = 0; k < inputCount(); k++) {
      int source = source(k);
      if (source >= 0 && trainable(model, source) && !writesGradient(k)) {
        list.add(BufferPlan.allocated(index, member(name(), edgeSuffix(k)),
            dims.arrayShape(source), model.layers().get(source).output().size()));
      }
    }
    return list;
  }

  /**
   * After its backward pass: adds each share of {@link #edgeBuffers()} to its input's gradient,
   * which the first consumer wrote.
   */
  public CodeBlock accumulations() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (int k = 0; k < inputCount(); k++) {
      int source = source(k);
      if (source >= 0 && trainable(model, source) && !writesGradient(k)) {
        code.add(LayerKind.call(Names.KERNELS, "add", gradient(source), inGrad(k),
            gradient(source)));
      }
    }
    return code.build();
  }

  /**
   * Whether its backward pass takes the gradient of the ReLU below it ({@link
   * LayerKind#canTakeInputRelu()}): its one input is a layer's fused ReLU output
   * ({@link LayerKind#fusesRelu()}) that no other layer reads, whose gradient it writes.
   */
  public boolean takesInputRelu() {
    if (!kind().canTakeInputRelu() || inputCount() != 1) {
      return false;
    }
    int source = source(0);
    return source >= 0 && trainable(model, source) && firesFusedRelu(source)
        && readers(source) == 1;
  }

  /**
   * The layer whose backward pass takes its fused ReLU's gradient ({@link #takesInputRelu()}),
   * or null when its own backward pass takes it.
   */
  public String reluTakenBy() {
    if (!firesFusedRelu(index) || readers(index) != 1) {
      return null;
    }
    for (int c = index + 1; c < model.layers().size(); c++) {
      if (model.inputsOf(c).contains(index)) {
        return new Site(model, dims, c).takesInputRelu() ? model.layers().get(c).name() : null;
      }
    }
    return null;
  }

  /** Whether layer {@code i} applies a ReLU within its own forward pass. */
  private boolean firesFusedRelu(int i) {
    LayerIR layer = model.layers().get(i);
    return layer.activation() == Activation.RELU && LayerKind.of(layer).fusesRelu();
  }

  /** How many times layers read layer {@code i}'s output (a join may read it twice). */
  private int readers(int i) {
    int count = 0;
    for (int c = 0; c < model.layers().size(); c++) {
      for (int source : model.inputsOf(c)) {
        count += source == i ? 1 : 0;
      }
    }
    return count;
  }

  /** Whether its backward pass adds a share to a gradient another layer wrote. */
  public boolean accumulates() {
    return !edgeBuffers().isEmpty();
  }

  /**
   * Whether it keeps its pre-activation in an array of its own: it has an activation, and not a
   * ReLU that its kind applies itself ({@link LayerKind#fusesRelu()}).
   */
  public boolean keepsPreActivation() {
    Activation a = layer().activation();
    return a != Activation.LINEAR && !(a == Activation.RELU && kind().fusesRelu());
  }

  /**
   * Where the pre-activation lives: the output itself when the activation is linear or a ReLU
   * fused into the layer's forward pass.
   */
  public String z() {
    return keepsPreActivation() ? "b." + member(name(), "Z") : out();
  }

  /**
   * The gradient at the pre-activation: the output's gradient itself when the activation is
   * linear, or a fused ReLU's, whose gradient is taken in place there.
   */
  public String zGrad() {
    return keepsPreActivation() ? "b." + member(name(), "ZGrad") : outGrad();
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
    return i < 0 || !trainable(model, i) ? null
        : "b." + member(model.layers().get(i).name(), "Grad");
  }

  // ---- dimensions ----

  /** {@code n, CONV1_HEIGHT, CONV1_WIDTH, CONV1_CHANNELS}: this layer's output array shape. */
  public String arrayShape() {
    return dims.arrayShape(index);
  }

  /** The shape of this layer's (first) input array. */
  public String inputArrayShape() {
    return dims.arrayShape(source(0));
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
    return dims.size(source(0));
  }

  public String channels() {
    return dims.channels(index);
  }

  public String inputChannels() {
    return dims.channels(source(0));
  }

  /** The constant naming the last axis of its input {@code k}: its channels, or its width. */
  public String inputLastDim(int k) {
    List<String> d = dims.dims(source(k));
    return d.get(d.size() - 1);
  }

  // ---- the buffers most layers have ----

  /** The pre-activation and its gradient, when {@link #keepsPreActivation() kept}. */
  public List<BufferPlan.Buffer> activationBuffers() {
    List<BufferPlan.Buffer> list = new ArrayList<>();
    if (keepsPreActivation()) {
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

  /** The field holding its input's output; the input in its shape for the first. */
  String inputField() {
    return in().substring("b.".length());
  }

  /** The field where its backward pass leaves its input's gradient. */
  String inputGradField() {
    return inGrad().substring("b.".length());
  }

  // ---- model-wide ----

  /** Whether layer {@code i} or a layer it reads from, directly or not, has parameters. */
  static boolean trainable(ModelIR model, int i) {
    boolean[] trainable = new boolean[i + 1];
    for (int j = 0; j <= i; j++) {
      trainable[j] = model.layers().get(j).parameters() > 0;
      for (int source : model.inputsOf(j)) {
        trainable[j] |= source >= 0 && trainable[source];
      }
    }
    return trainable[i];
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
