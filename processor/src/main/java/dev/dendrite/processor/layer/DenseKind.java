package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.ACTIVATIONS;
import static dev.dendrite.processor.layer.Names.KERNELS;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.Activation;
import dev.dendrite.processor.model.DenseLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @Dense}: {@code z = x kernel + bias}, then the activation; a ReLU in place over the
 * output, with no pre-activation array.
 */
record DenseKind(DenseLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": Dense " + layer.input() + " -> " + layer.output() + ", "
        + layer.activation().kerasName() + (layer.useBias() ? "" : ", no bias");
  }

  /** 2 per multiply-add, 1 per bias and 1 per activation value. */
  @Override
  public long flops() {
    long out = layer.output().size();
    return 2L * layer.input().size() * layer.units() + (layer.useBias() ? out : 0)
        + (layer.activation() == Activation.LINEAR ? 0 : out);
  }

  @Override
  public List<Parameter> parameters(Site site) {
    List<Parameter> list = new ArrayList<>();
    list.add(Parameter.kernel(layer.name(), site.inputSize() + ", " + site.size(), null,
        layer.input().size() + "x" + layer.units(), site.inputSize(), site.size()));
    if (layer.useBias()) {
      list.add(Parameter.bias(layer.name(), site.size(), layer.units()));
    }
    return list;
  }

  /** A ReLU runs in place over the output: no pre-activation array. */
  @Override
  public boolean fusesRelu() {
    return true;
  }

  @Override
  public CodeBlock forward(Site site) {
    CodeBlock dense = call(KERNELS, "dense", site.in(), site.field("Kernel"), bias(site),
        site.z());
    if (layer.activation() != Activation.RELU) {
      return dense;
    }
    return CodeBlock.builder().add(dense)
        .add(call(ACTIVATIONS, "relu", site.out(), site.out())).build();
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(KERNELS, "denseBackward", site.in(), site.field("Kernel"), site.zGrad(),
        site.field("KernelGrad"), layer.useBias() ? site.field("BiasGrad") : "null",
        site.inGrad());
  }

  private String bias(Site site) {
    return layer.useBias() ? site.field("Bias") : "null";
  }
}
