package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.CONVOLUTIONS;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.ZeroPadLayer;
import java.util.List;
import java.util.Map;

/** Zero padding: copies the image into a zeroed larger one; the gradient is the inner window. */
record ZeroPadKind(ZeroPadLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": ZeroPadding2D " + layer.input() + " -> " + layer.output();
  }

  /** 1 per value written. */
  @Override
  public long flops() {
    return layer.output().size();
  }

  /** Keras' nested form, as Keras writes it: {@code [[top, bottom], [left, right]]}. */
  @Override
  public Map<String, Object> kerasValues() {
    return Map.of("padding", List.of(List.of(layer.rows(), layer.rows()),
        List.of(layer.columns(), layer.columns())));
  }

  @Override
  public CodeBlock forward(Site site) {
    return call(CONVOLUTIONS, "zeroPad2d", site.in(), site.out(), layer.rows(),
        layer.columns());
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(CONVOLUTIONS, "zeroPad2dBackward", site.outGrad(), site.inGrad(), layer.rows(),
        layer.columns());
  }
}
