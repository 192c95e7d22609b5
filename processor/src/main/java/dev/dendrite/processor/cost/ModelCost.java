package dev.dendrite.processor.cost;

import dev.dendrite.processor.layer.BufferPlan;
import dev.dendrite.processor.layer.LayerKind;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.ModelIR;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a model costs, counted at compile time from its shapes.
 *
 * <p>FLOPs are per sample, forward, as in inference, as each {@link LayerKind} counts them: 2
 * per multiply-add of a Dense, Conv or Maxout kernel (Conv counts the zeros of SAME padding, as
 * the im2col GEMM multiplies them), 1 per bias add, 1 per value an activation produces whatever
 * its function, 1 per value a pooling window or maxout group reads (a SAME pooling window reads no
 * padding); Dropout (off when predicting), Flatten and Reshape count 0.
 *
 * <p>Memory is what one training step at the model's batch size keeps allocated, in float32
 * (4 bytes a value): the parameters (and non-trainable state), their gradients, the optimizer's state (the runtime's
 * {@code Updater} keeps two moment arrays per parameter, whatever the optimizer), and the
 * per-batch arrays of the generated {@code Buffers} class
 * ({@link BufferPlan}: input, targets, outputs, pre-activations, gradients, dropout masks and
 * im2col columns). Views, JVM objects and native temporaries inside ND4J's ops are not counted.
 * Where ND4J's binary has oneDNN, the runtime convolves with oneDNN and allocates an array of the
 * input's shape in place of each layer's im2col columns ({@link #oneDnnTrainingBytes()}).
 *
 * @param inputBytes the per-batch input and target arrays, which belong to no layer
 * @param buffers the per-batch arrays counted, which the generated {@code Buffers} class declares
 */
public record ModelCost(ModelIR model, List<LayerCost> layers, long inputBytes,
    List<BufferPlan.Buffer> buffers) {
  /** Bytes of one float32 value. */
  public static final int BYTES_PER_VALUE = 4;
  /** Arrays the runtime's {@code Updater.slot} allocates per parameter: two moments. */
  public static final int OPTIMIZER_ARRAYS = 2;

  public ModelCost {
    layers = List.copyOf(layers);
    buffers = List.copyOf(buffers);
  }

  public static ModelCost of(ModelIR model) {
    long batch = model.batchSize();
    long[] batchBytes = new long[model.layers().size()];
    long[] im2col = new long[model.layers().size()];
    long inputBytes = 0;
    List<BufferPlan.Buffer> buffers = BufferPlan.of(model);
    for (BufferPlan.Buffer buffer : buffers) {
      long bytes = Math.multiplyExact(buffer.valuesPerSample(), batch * BYTES_PER_VALUE);
      if (buffer.layer() < 0) {
        inputBytes += bytes;
      } else {
        batchBytes[buffer.layer()] += bytes;
        if (buffer.im2col()) {
          im2col[buffer.layer()] += bytes;
        }
      }
    }
    List<LayerCost> layers = new ArrayList<>();
    for (int i = 0; i < model.layers().size(); i++) {
      LayerIR layer = model.layers().get(i);
      long state =
          Math.multiplyExact(layer.parameters(), (2 + OPTIMIZER_ARRAYS) * BYTES_PER_VALUE)
              + layer.nonTrainableParameters() * BYTES_PER_VALUE;
      LayerKind kind = LayerKind.of(layer);
      long workspace = kind.oneDnnWorkspaceValues() * batch * BYTES_PER_VALUE;
      layers.add(new LayerCost(layer, kind.flops(), state, batchBytes[i], im2col[i], workspace));
    }
    return new ModelCost(model, layers, inputBytes, buffers);
  }

  public long parameters() {
    return model.parameters();
  }

  /** Values kept beside the parameters that no optimizer updates (moving statistics). */
  public long nonTrainableParameters() {
    return model.layers().stream().mapToLong(LayerIR::nonTrainableParameters).sum();
  }

  public long nonTrainableBytes() {
    return nonTrainableParameters() * BYTES_PER_VALUE;
  }

  public long forwardFlops() {
    return layers.stream().mapToLong(LayerCost::flops).sum();
  }

  public long parameterBytes() {
    return parameters() * BYTES_PER_VALUE;
  }

  public long gradientBytes() {
    return parameterBytes();
  }

  public long optimizerBytes() {
    return parameterBytes() * OPTIMIZER_ARRAYS;
  }

  /** The per-batch arrays at the model's batch size, the input and targets included. */
  public long batchBytes() {
    return inputBytes + layers.stream().mapToLong(LayerCost::batchBytes).sum();
  }

  public long im2colBytes() {
    return layers.stream().mapToLong(LayerCost::im2colBytes).sum();
  }

  /** Everything one training step keeps allocated. */
  public long trainingBytes() {
    return parameterBytes() + nonTrainableBytes() + gradientBytes() + optimizerBytes()
        + batchBytes();
  }

  /** Whether any layer is a convolution, whose workspace depends on ND4J's binary. */
  public boolean hasConvolutions() {
    return layers.stream().anyMatch(layer -> layer.oneDnnWorkspaceBytes() > 0);
  }

  /**
   * What one training step keeps allocated where ND4J's binary has oneDNN: input-shaped
   * workspaces in place of the im2col columns.
   */
  public long oneDnnTrainingBytes() {
    return trainingBytes() - im2colBytes()
        + layers.stream().mapToLong(LayerCost::oneDnnWorkspaceBytes).sum();
  }

  /** The {@code count} layers that need the most memory, largest first, ties in layer order. */
  public List<LayerCost> largestByMemory(int count) {
    return largest(Comparator.comparingLong(LayerCost::bytes), count);
  }

  /** The {@code count} layers with the most parameters (at least one), largest first. */
  public List<LayerCost> largestByParameters(int count) {
    return largest(Comparator.comparingLong(LayerCost::parameters), count).stream()
        .filter(layer -> layer.parameters() > 0)
        .toList();
  }

  private List<LayerCost> largest(Comparator<LayerCost> by, int count) {
    return layers.stream().sorted(by.reversed()).limit(count).toList();
  }
}
