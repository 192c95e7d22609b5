package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.KERNELS;
import static dev.dendrite.processor.layer.Names.MAXOUT;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.MaxoutLayer;
import java.util.ArrayList;
import java.util.List;

/** {@code @Maxout}: a dense part to {@code units * pieces}, then each unit's largest piece. */
record MaxoutKind(MaxoutLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": Maxout " + layer.input() + " -> " + layer.denseWidth() + " -> "
        + layer.output() + ", max of " + layer.pieces()
        + (layer.pieces() == 1 ? " piece" : " pieces") + (layer.useBias() ? "" : ", no bias");
  }

  /** 2 per multiply-add, 1 per bias, 1 per value a maxout group reads. */
  @Override
  public long flops() {
    long width = layer.denseWidth();
    return 2L * layer.input().size() * width + (layer.useBias() ? width : 0) + width;
  }

  @Override
  public List<Constant> constants(Site site) {
    return List.of(new Constant(pieces(site), layer.pieces(),
        "Pieces per unit of " + layer.name() + ", of which the largest is the unit."));
  }

  @Override
  public List<Parameter> parameters(Site site) {
    List<Parameter> list = new ArrayList<>();
    list.add(Parameter.kernel(layer.name(), site.inputSize() + ", " + width(site), null,
        layer.input().size() + "x" + layer.denseWidth(), site.inputSize(), width(site)));
    if (layer.useBias()) {
      list.add(Parameter.bias(layer.name(), width(site), layer.denseWidth()));
    }
    return list;
  }

  /** The dense part's output and its gradient, before the max over each unit's pieces. */
  @Override
  public List<BufferPlan.Buffer> buffers(Site site) {
    List<BufferPlan.Buffer> list = new ArrayList<>();
    String shape = "n, " + width(site);
    list.add(BufferPlan.allocated(site.index(), site.field("Z"), shape, layer.denseWidth()));
    list.add(BufferPlan.allocated(site.index(), site.field("ZGrad"), shape, layer.denseWidth()));
    list.addAll(site.outputBuffers());
    return list;
  }

  @Override
  public CodeBlock forward(Site site) {
    return CodeBlock.builder()
        .add(call(KERNELS, "dense", site.in(), site.field("Kernel"),
            layer.useBias() ? site.field("Bias") : "null", site.buffer("Z")))
        .add(call(MAXOUT, "max", site.buffer("Z"), site.out(), pieces(site)))
        .build();
  }

  @Override
  public CodeBlock backward(Site site) {
    return CodeBlock.builder()
        .add(call(MAXOUT, "maxBackward", site.buffer("Z"), site.outGrad(), site.buffer("ZGrad"),
            pieces(site)))
        .add(call(KERNELS, "denseBackward", site.in(), site.field("Kernel"),
            site.buffer("ZGrad"), site.field("KernelGrad"),
            layer.useBias() ? site.field("BiasGrad") : "null", site.inGrad()))
        .build();
  }

  private static String pieces(Site site) {
    return site.prefix() + "_PIECES";
  }

  /** {@code OUT_SIZE * OUT_PIECES}: the dense part's width. */
  private static String width(Site site) {
    return site.size() + " * " + pieces(site);
  }
}
