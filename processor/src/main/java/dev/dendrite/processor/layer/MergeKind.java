package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.KERNELS;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.MergeLayer;

/**
 * {@code @Add} and {@code @Concatenate}: the sum of its inputs, whose gradient each input
 * receives whole; or its inputs side by side on the last axis, whose gradient splits back.
 */
record MergeKind(MergeLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": " + layer.kerasType() + " of " + String.join(", ", layer.sources())
        + " " + layer.input() + " -> " + layer.output();
  }

  /** 1 per value added after the first input; 0 for a concatenation, which only copies. */
  @Override
  public long flops() {
    return layer.concatenate() ? 0 : (long) (layer.inputs().size() - 1) * layer.output().size();
  }

  /** A sum has its inputs' shape and names its dimensions after the first. */
  @Override
  public boolean keepsInputDimensions() {
    return !layer.concatenate();
  }

  @Override
  public CodeBlock forward(Site site) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (layer.concatenate()) {
      for (int k = 0; k < site.inputCount(); k++) {
        code.add(call(KERNELS, "concatenate", site.in(k), site.out(), offset(site, k)));
      }
      return code.build();
    }
    code.add(call(KERNELS, "add", site.in(0), site.in(1), site.out()));
    for (int k = 2; k < site.inputCount(); k++) {
      code.add(call(KERNELS, "add", site.out(), site.in(k), site.out()));
    }
    return code.build();
  }

  @Override
  public CodeBlock backward(Site site) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (int k = 0; k < site.inputCount(); k++) {
      if (site.inGrad(k).equals("null")) {
        continue;
      }
      code.add(layer.concatenate()
          ? call(KERNELS, "split", site.outGrad(), site.inGrad(k), offset(site, k))
          : call(KERNELS, "copy", site.outGrad(), site.inGrad(k)));
    }
    return code.build();
  }

  /** Where input {@code k} starts on the last axis: the sum of the widths before it. */
  private static String offset(Site site, int k) {
    if (k == 0) {
      return "0";
    }
    StringBuilder s = new StringBuilder();
    for (int j = 0; j < k; j++) {
      s.append(j == 0 ? "" : " + ").append(site.inputLastDim(j));
    }
    return s.toString();
  }
}
