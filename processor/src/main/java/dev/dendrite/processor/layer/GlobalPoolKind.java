package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.CONVOLUTIONS;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.GlobalPoolLayer;

/** Global pooling: each channel's mean or maximum over the image or series. */
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
    return call(CONVOLUTIONS, layer.max() ? "globalMaxPool" : "globalAveragePool", site.in(),
        site.out());
  }

  @Override
  public CodeBlock backward(Site site) {
    return layer.max()
        ? call(CONVOLUTIONS, "globalMaxPoolBackward", site.in(), site.outGrad(), site.inGrad())
        : call(CONVOLUTIONS, "globalAveragePoolBackward", site.outGrad(), site.inGrad());
  }
}
