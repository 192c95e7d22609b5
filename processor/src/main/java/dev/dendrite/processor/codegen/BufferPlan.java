package dev.dendrite.processor.codegen;

import static dev.dendrite.processor.codegen.Names.member;

import dev.dendrite.Activation;
import dev.dendrite.Loss;
import dev.dendrite.processor.model.ConvLayer;
import dev.dendrite.processor.model.DenseLayer;
import dev.dendrite.processor.model.DropoutLayer;
import dev.dendrite.processor.model.FlattenLayer;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.MaxoutLayer;
import dev.dendrite.processor.model.ModelIR;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-batch arrays of a generated network, in the order its {@code Buffers} class declares
 * them: the one list that both the generated code allocates and the memory estimate counts.
 */
public final class BufferPlan {

  /**
   * One array of {@code Buffers}.
   *
   * @param layer the index of the layer it belongs to; -1 for the input and the targets
   * @param field its field name
   * @param shape its shape as generated Java, like
   *     {@code n, CONV1_HEIGHT, CONV1_WIDTH, CONV1_CHANNELS}
   * @param valuesPerSample the values it holds per sample; 0 for a view
   * @param viewOf the field whose memory it shares, or null when it is allocated
   * @param im2col whether it holds a convolution's im2col patches
   */
  public record Buffer(int layer, String field, String shape, long valuesPerSample,
      String viewOf, boolean im2col) {

    public boolean isView() {
      return viewOf != null;
    }
  }

  private BufferPlan() {}

  /** Every array of {@code model}'s {@code Buffers} class, in declaration order. */
  public static List<Buffer> of(ModelIR model) {
    Dims dims = new Dims(model);
    List<LayerIR> layers = model.layers();
    int firstTrainable = firstTrainable(layers);
    List<Buffer> list = new ArrayList<>();
    list.add(allocated(-1, "input", "n, INPUT_SIZE", model.input().size()));
    if (!model.input().isFlat()) {
      list.add(new Buffer(-1, "inputMap", dims.arrayShape(-1), 0, "input", false));
    }
    int outputs = model.outputLayer().output().size();
    list.add(allocated(-1, "targets", "n, " + dims.size(layers.size() - 1), outputs));
    for (int i = 0; i < layers.size(); i++) {
      LayerIR layer = layers.get(i);
      String name = layer.name();
      String shape = dims.arrayShape(i);
      long values = layer.output().size();
      if (layer instanceof FlattenLayer) {
        // Flatten moves no data: its output and gradient are views of the previous layer's.
        list.add(new Buffer(i, name, shape, 0, outputField(model, i - 1), false));
        if (i >= firstTrainable) {
          list.add(new Buffer(i, member(name, "Grad"), shape, 0,
              member(layers.get(i - 1).name(), "Grad"), false));
        }
        continue;
      }
      if (layer instanceof MaxoutLayer m) {
        // The dense part's output, before the max over each unit's pieces.
        String pieces = "n, " + dims.size(i) + " * " + Names.constantPrefix(name) + "_PIECES";
        list.add(allocated(i, member(name, "Z"), pieces, m.denseWidth()));
        list.add(allocated(i, member(name, "ZGrad"), pieces, m.denseWidth()));
      } else if (activation(layer) != Activation.LINEAR) {
        list.add(allocated(i, member(name, "Z"), shape, values));
        if (i >= firstTrainable) {
          list.add(allocated(i, member(name, "ZGrad"), shape, values));
        }
      }
      if (layer instanceof DropoutLayer) {
        list.add(allocated(i, member(name, "Mask"), shape, values));
      }
      list.add(allocated(i, name, shape, values));
      if (i >= firstTrainable && !isFusedOutput(model, i)) {
        list.add(allocated(i, member(name, "Grad"), shape, values));
      }
      if (layer instanceof ConvLayer c) {
        // im2col patches: one row per output cell; the backward pass reuses it for col2im.
        List<String> outDims = dims.dims(i);
        int patch = c.kernelHeight() * c.kernelWidth() * c.inputChannels();
        long cells = (long) c.output().size() / c.filters();
        list.add(new Buffer(i, member(name, "Cols"), "(long) n * " + outDims.get(0) + " * "
            + outDims.get(1) + ", " + c.kernelHeight() * c.kernelWidth() + " * "
            + dims.channels(i - 1), cells * patch, null, true));
      }
    }
    return List.copyOf(list);
  }

  private static Buffer allocated(int layer, String field, String shape, long values) {
    return new Buffer(layer, field, shape, values, null, false);
  }

  /** The field holding layer i's output; {@code -1} is the input in its shape. */
  private static String outputField(ModelIR model, int i) {
    if (i < 0) {
      return model.input().isFlat() ? "input" : "inputMap";
    }
    return model.layers().get(i).name();
  }

  /** Index of the first layer with parameters: nothing before it needs a gradient. */
  static int firstTrainable(List<LayerIR> layers) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).parameters() > 0) {
        return i;
      }
    }
    return layers.size();
  }

  /** Whether layer i is the output and its loss gradient is fused with its activation. */
  static boolean isFusedOutput(ModelIR model, int i) {
    return i == model.layers().size() - 1 && fusedLoss(model) != null;
  }

  /** The fused loss-gradient kernel for this output, or null when there is none. */
  static String fusedLoss(ModelIR model) {
    Activation a = activation(model.outputLayer());
    if (model.loss() == Loss.CATEGORICAL_CROSSENTROPY && a == Activation.SOFTMAX) {
      return "softmaxCategoricalCrossentropyGradient";
    }
    if (model.loss() == Loss.BINARY_CROSSENTROPY && a == Activation.SIGMOID) {
      return "sigmoidBinaryCrossentropyGradient";
    }
    return null;
  }

  /** The layer's activation; LINEAR for layers without one. */
  static Activation activation(LayerIR layer) {
    if (layer instanceof DenseLayer d) {
      return d.activation();
    }
    if (layer instanceof ConvLayer c) {
      return c.activation();
    }
    return Activation.LINEAR;
  }
}
