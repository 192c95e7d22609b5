package dev.dendrite.processor.layer;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.BatchNormLayer;
import dev.dendrite.processor.model.ConvLayer;
import dev.dendrite.processor.model.DenseLayer;
import dev.dendrite.processor.model.DropoutLayer;
import dev.dendrite.processor.model.ElementwiseLayer;
import dev.dendrite.processor.model.EmbeddingLayer;
import dev.dendrite.processor.model.FlattenLayer;
import dev.dendrite.processor.model.GlobalPoolLayer;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.LayerNormLayer;
import dev.dendrite.processor.model.MaxoutLayer;
import dev.dendrite.processor.model.MergeLayer;
import dev.dendrite.processor.model.PoolLayer;
import dev.dendrite.processor.model.RecurrentLayer;
import dev.dendrite.processor.model.ReshapeLayer;
import dev.dendrite.processor.model.ZeroPadLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the processor knows about one kind of layer, in one place: its parameters (with
 * their Keras names and shapes), its per-batch arrays, its named dimensions, its description and
 * FLOPs, and the statements of its forward and backward pass. The cost model, the buffer plan and
 * the network writer iterate over layers and ask; none of them branches on the kind.
 *
 * <p>A layer's activation, when it has one, is not its kind's business: the writer applies it
 * after {@link #forward} and differentiates it before {@link #backward}, reading and writing
 * {@link Site#z()} and {@link Site#zGrad()}; only a ReLU may be its kind's, where
 * {@link #fusesRelu()} says so.
 *
 * <p>A new layer touches: its annotation (in the runtime's {@code dev.dendrite}, with its Keras
 * form in {@code @KerasLayer} and {@code @KerasName}) and its entry in {@code Layer.ANNOTATIONS};
 * its IR record in {@code model} (permitted by
 * {@code LayerIR}); its shape rule, one branch of {@code LayerInference}; its kind here (permitted
 * below, and one line of {@link #of}); its runtime kernel; and {@link Names#fieldsOf} only when it
 * names a new kind of field or constant. Cost, buffers and generated code follow from the kind.
 */
public sealed interface LayerKind permits DenseKind, MaxoutKind, DropoutKind, ViewKind,
    ConvKind, PoolKind, GlobalPoolKind,
    BatchNormKind, LayerNormKind, RecurrentKind, MergeKind,
    ElementwiseKind, ZeroPadKind,
    EmbeddingKind {

  /** The kind of {@code layer}: the one place that maps an IR record to its kind. */
  static LayerKind of(LayerIR layer) {
    if (layer instanceof DenseLayer dense) {
      return new DenseKind(dense);
    }
    if (layer instanceof MaxoutLayer maxout) {
      return new MaxoutKind(maxout);
    }
    if (layer instanceof DropoutLayer dropout) {
      return new DropoutKind(dropout);
    }
    if (layer instanceof FlattenLayer || layer instanceof ReshapeLayer) {
      return new ViewKind(layer);
    }
    if (layer instanceof ConvLayer conv) {
      return new ConvKind(conv);
    }
    if (layer instanceof PoolLayer pool) {
      return new PoolKind(pool);
    }
    if (layer instanceof GlobalPoolLayer global) {
      return new GlobalPoolKind(global);
    }
    if (layer instanceof BatchNormLayer norm) {
      return new BatchNormKind(norm);
    }
    if (layer instanceof LayerNormLayer norm) {
      return new LayerNormKind(norm);
    }
    if (layer instanceof RecurrentLayer recurrent) {
      return new RecurrentKind(recurrent);
    }
    if (layer instanceof MergeLayer merge) {
      return new MergeKind(merge);
    }
    if (layer instanceof ElementwiseLayer e) {
      return new ElementwiseKind(e);
    }
    if (layer instanceof ZeroPadLayer pad) {
      return new ZeroPadKind(pad);
    }
    if (layer instanceof EmbeddingLayer embedding) {
      return new EmbeddingKind(embedding);
    }
    throw new IllegalArgumentException("no kind for " + layer);
  }

  /** The layer, checked and with its shapes. */
  LayerIR layer();

  /**
   * One line in words, as the generated comments and Javadoc say it:
   * {@code hidden: Dense 784 -> 128, relu}.
   */
  String describe();

  /** Forward FLOPs of one sample, counted as {@code ModelCost} says. */
  long flops();

  /** Its trainable arrays, in the order the network declares and updates them. */
  default List<Parameter> parameters(Site site) {
    return List.of();
  }

  /**
   * Its non-trainable arrays (a batch normalization's moving statistics), after its parameters
   * in Keras' variable order: saved and loaded with them, never updated by the optimizer.
   */
  default List<Parameter> state(Site site) {
    return List.of();
  }

  /** Its per-batch arrays, in the order {@code Buffers} declares them. */
  default List<BufferPlan.Buffer> buffers(Site site) {
    List<BufferPlan.Buffer> list = new ArrayList<>(site.activationBuffers());
    list.addAll(site.outputBuffers());
    return list;
  }

  /**
   * Statements that initialise its parameters and state otherwise than Glorot-uniform kernels
   * and zeros (a scale of ones, an orthogonal recurrent kernel), run after every parameter is
   * created and with the same {@code init} generator; empty for most kinds.
   */
  default CodeBlock initialize(Site site) {
    return CodeBlock.of("");
  }

  /** The constants it names besides its output's dimensions: window sizes, strides, fan-in. */
  default List<Constant> constants(Site site) {
    return List.of();
  }

  /**
   * The values of its annotation's {@code @KerasName} elements that Keras saves otherwise than
   * written, by element name: defaults resolved (pooling strides), windows as Keras' lists
   * ({@code kernelSize = 3} as {@code [3, 3]}). {@link KerasForm} takes the rest as written.
   */
  default Map<String, Object> kerasValues() {
    return Map.of();
  }

  /** Whether its output keeps its input's dimension names (Dropout: same shape, same names). */
  default boolean keepsInputDimensions() {
    return false;
  }

  /**
   * Values per sample that the runtime allocates in place of its im2col columns where ND4J
   * convolves with oneDNN; 0 for a layer without them.
   */
  default long oneDnnWorkspaceValues() {
    return 0;
  }

  /**
   * Whether, where its activation is ReLU, its {@link #forward} applies it itself and writes
   * {@link Site#out()}, keeping no pre-activation: the writer then takes ReLU's gradient from
   * the output ({@code a > 0} exactly where {@code z > 0}), in place over the output's gradient,
   * which {@link #backward} reads as {@link Site#zGrad()}.
   */
  default boolean fusesRelu() {
    return false;
  }

  /**
   * Whether its {@link #backward} can take the gradient of a fused ReLU ({@link #fusesRelu()})
   * whose output it alone reads, when {@link Site#takesInputRelu()} says it does: the ReLU's
   * layer then skips its own pass of that gradient. Max pooling can, at its output.
   */
  default boolean canTakeInputRelu() {
    return false;
  }

  /** Whether it has forward and backward methods; Flatten's arrays are views and need none. */
  default boolean hasPasses() {
    return true;
  }

  /** Whether its forward pass behaves differently in training (and takes a flag). */
  default boolean trainingOnly() {
    return false;
  }

  /** The forward pass up to the pre-activation {@link Site#z()} (or a fused ReLU's output). */
  CodeBlock forward(Site site);

  /** The backward pass from the pre-activation gradient {@link Site#zGrad()}. */
  CodeBlock backward(Site site);

  /** {@code Type.method(a, b, c);} with each argument's comma a place the line may wrap. */
  static CodeBlock call(ClassName type, String method, Object... arguments) {
    CodeBlock.Builder code = CodeBlock.builder().add("$T.$L(", type, method);
    for (int i = 0; i < arguments.length; i++) {
      code.add(i == 0 ? "$L" : ",$W$L", arguments[i]);
    }
    return code.add(");\n").build();
  }
}
