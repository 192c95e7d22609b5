package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.KERNELS;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.ElementwiseLayer;

/**
 * {@code @ActivationLayer}: its input copied to the pre-activation {@link Site#z()}, where the
 * writer applies the activation (and differentiates it, leaving {@link Site#zGrad()}).
 */
record ElementwiseKind(ElementwiseLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": Activation " + layer.activation().kerasName() + " on "
        + layer.input();
  }

  /** One per value, as {@code ModelCost} counts an activation. */
  @Override
  public long flops() {
    return layer.activation() == dev.dendrite.Activation.LINEAR ? 0 : layer.output().size();
  }

  @Override
  public boolean keepsInputDimensions() {
    return true;
  }

  @Override
  public CodeBlock forward(Site site) {
    return call(KERNELS, "copy", site.in(), site.z());
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(KERNELS, "copy", site.zGrad(), site.inGrad());
  }
}
