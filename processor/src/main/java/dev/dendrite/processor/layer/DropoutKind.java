package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.KERNELS;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.DropoutLayer;
import java.util.ArrayList;
import java.util.List;

/** {@code @Dropout}: in training, the input times a fresh scaled mask; otherwise a copy. */
record DropoutKind(DropoutLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": Dropout " + layer.rate() + " on " + layer.input();
  }

  /** 0: dropout is off when predicting. */
  @Override
  public long flops() {
    return 0;
  }

  @Override
  public boolean keepsInputDimensions() {
    return true;
  }

  @Override
  public boolean trainingOnly() {
    return true;
  }

  /** Its mask before its output. */
  @Override
  public List<BufferPlan.Buffer> buffers(Site site) {
    List<BufferPlan.Buffer> list = new ArrayList<>(site.activationBuffers());
    list.add(BufferPlan.allocated(site.index(), site.field("Mask"), site.arrayShape(),
        layer.output().size()));
    list.addAll(site.outputBuffers());
    return list;
  }

  @Override
  public CodeBlock forward(Site site) {
    String mask = site.buffer("Mask");
    return CodeBlock.builder()
        .beginControlFlow("if (training)")
        .add(call(KERNELS, "dropoutMask", mask, layer.rate(), "dropoutRng()"))
        .add(call(KERNELS, "multiply", site.in(), mask, site.out()))
        .nextControlFlow("else")
        .add(call(KERNELS, "copy", site.in(), site.out()))
        .endControlFlow()
        .build();
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(KERNELS, "multiply", site.outGrad(), site.buffer("Mask"), site.inGrad());
  }
}
