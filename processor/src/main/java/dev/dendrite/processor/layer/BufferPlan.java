package dev.dendrite.processor.layer;

import dev.dendrite.processor.model.ModelIR;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-batch arrays of a generated network, in the order its {@code Buffers} class declares
 * them: the one list that both the generated code allocates and the memory estimate counts. The
 * input and targets come first; then each layer's: its shares of gradients it sums with other
 * layers' ({@link Site#edgeBuffers()}), then what its {@link LayerKind#buffers} says.
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
   * @param workspaceOf for a convolution's im2col patches, the shape of the input array that
   *     the runtime allocates in their place where ND4J convolves with oneDNN; otherwise null
   */
  public record Buffer(int layer, String field, String shape, long valuesPerSample,
      String viewOf, String workspaceOf) {

    public boolean isView() {
      return viewOf != null;
    }

    /** Whether it holds a convolution's im2col patches. */
    public boolean im2col() {
      return workspaceOf != null;
    }
  }

  private BufferPlan() {}

  /** Every array of {@code model}'s {@code Buffers} class, in declaration order. */
  public static List<Buffer> of(ModelIR model) {
    Dims dims = new Dims(model);
    List<Buffer> list = new ArrayList<>();
    list.add(allocated(-1, "input", "n, INPUT_SIZE", model.input().size()));
    if (!model.input().isFlat()) {
      list.add(view(-1, "inputMap", dims.arrayShape(-1), "input"));
    }
    int last = model.layers().size() - 1;
    list.add(allocated(-1, "targets", "n, " + dims.size(last),
        model.outputLayer().output().size()));
    for (Site site : Site.of(model)) {
      list.addAll(site.edgeBuffers());
      list.addAll(site.kind().buffers(site));
    }
    return List.copyOf(list);
  }

  static Buffer allocated(int layer, String field, String shape, long values) {
    return new Buffer(layer, field, shape, values, null, null);
  }

  static Buffer view(int layer, String field, String shape, String of) {
    return new Buffer(layer, field, shape, 0, of, null);
  }
}
