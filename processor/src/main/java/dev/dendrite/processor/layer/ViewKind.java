package dev.dendrite.processor.layer;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.LayerIR;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @Flatten} and {@code @Reshape}: move no data; the output and its gradient are views of
 * the input's, in another shape.
 */
record ViewKind(LayerIR layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": " + layer.kerasType() + " " + layer.input() + " -> "
        + layer.output();
  }

  @Override
  public long flops() {
    return 0;
  }

  @Override
  public boolean hasPasses() {
    return false;
  }

  @Override
  public List<BufferPlan.Buffer> buffers(Site site) {
    List<BufferPlan.Buffer> list = new ArrayList<>();
    list.add(BufferPlan.view(site.index(), site.name(), site.arrayShape(), site.inputField()));
    if (site.trainable()) {
      list.add(BufferPlan.view(site.index(), site.field("Grad"), site.arrayShape(),
          site.inputGradField()));
    }
    return list;
  }

  /** Nothing: the views are the reshape. */
  @Override
  public CodeBlock forward(Site site) {
    return CodeBlock.of("");
  }

  /** Nothing: the views are the reshape. */
  @Override
  public CodeBlock backward(Site site) {
    return CodeBlock.of("");
  }
}
