package dev.dendrite.processor.layer;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.ReshapeLayer;
import java.util.ArrayList;
import java.util.List;

/** {@code @Reshape}: moves no data; its output and gradient are views of its input's. */
record ReshapeKind(ReshapeLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": Reshape " + layer.input() + " -> " + layer.output();
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
