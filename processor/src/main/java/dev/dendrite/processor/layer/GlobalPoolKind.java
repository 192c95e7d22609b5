package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.CONVOLUTIONS;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.GlobalPoolLayer;

/** Global average pooling: each channel's mean over the image or series. */
record GlobalPoolKind(GlobalPoolLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": " + layer.kerasType() + " " + layer.input() + " -> "
        + layer.output();
  }

  /** 1 per value read. */
  @Override
  public long flops() {
    return layer.input().size();
  }

  @Override
  public CodeBlock forward(Site site) {
    return call(CONVOLUTIONS, "globalAveragePool", site.in(), site.out());
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(CONVOLUTIONS, "globalAveragePoolBackward", site.outGrad(), site.inGrad());
  }
}
