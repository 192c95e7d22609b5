package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.NORMALIZATION;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.BatchNormLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @BatchNormalization}: in training, the batch's statistics per channel (kept with the
 * normalized values for the backward pass) and a step of the moving ones; otherwise the moving
 * ones. {@code gamma} and {@code beta} are parameters, the moving mean and variance state.
 */
record BatchNormKind(BatchNormLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": BatchNormalization on " + layer.input() + ", momentum "
        + layer.momentum() + ", epsilon " + layer.epsilon()
        + (layer.scale() ? "" : ", no scale") + (layer.center() ? "" : ", no center");
  }

  /** 2 per value to normalize (subtract, multiply), 1 each to scale and shift. */
  @Override
  public long flops() {
    return (long) layer.output().size()
        * (2 + (layer.scale() ? 1 : 0) + (layer.center() ? 1 : 0));
  }

  @Override
  public boolean keepsInputDimensions() {
    return true;
  }

  @Override
  public boolean trainingOnly() {
    return true;
  }

  @Override
  public List<Parameter> parameters(Site site) {
    return NormalizationWeights.of(site, layer.input(), layer.scale(), layer.center());
  }

  @Override
  public List<Parameter> state(Site site) {
    String channels = NormalizationWeights.channels(site, layer.input());
    return List.of(
        new Parameter(layer.name(), site.field("MovingMean"), layer.name() + ".moving_mean",
            channels, null, layer.channels() + " moving means", null, null),
        new Parameter(layer.name(), site.field("MovingVariance"),
            layer.name() + ".moving_variance", channels, null,
            layer.channels() + " moving variances", null, null));
  }

  /** Gamma and the moving variance start at one. */
  @Override
  public CodeBlock initialize(Site site) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (layer.scale()) {
      code.addStatement("$L.assign(1)", site.field("Gamma"));
    }
    return code.addStatement("$L.assign(1)", site.field("MovingVariance")).build();
  }

  /** The normalized values, and the batch's mean and inverse deviation per channel. */
  @Override
  public List<BufferPlan.Buffer> buffers(Site site) {
    String channels = NormalizationWeights.channels(site, layer.input());
    List<BufferPlan.Buffer> list = new ArrayList<>();
    list.add(BufferPlan.allocated(site.index(), site.field("XHat"), site.arrayShape(),
        layer.output().size()));
    list.add(BufferPlan.allocated(site.index(), site.field("Mean"), channels, 0));
    list.add(BufferPlan.allocated(site.index(), site.field("Inv"), channels, 0));
    list.addAll(site.outputBuffers());
    return list;
  }

  @Override
  public CodeBlock forward(Site site) {
    String gamma = layer.scale() ? site.field("Gamma") : "null";
    String beta = layer.center() ? site.field("Beta") : "null";
    return CodeBlock.builder()
        .beginControlFlow("if (training)")
        .add(call(NORMALIZATION, "batchNormTraining", site.in(), gamma, beta,
            site.field("MovingMean"), site.field("MovingVariance"), layer.momentum(),
            layer.epsilon(), site.buffer("Mean"), site.buffer("Inv"), site.buffer("XHat"),
            site.out()))
        .nextControlFlow("else")
        .add(call(NORMALIZATION, "batchNormInference", site.in(), gamma, beta,
            site.field("MovingMean"), site.field("MovingVariance"), layer.epsilon(),
            site.out()))
        .endControlFlow()
        .build();
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(NORMALIZATION, "batchNormBackward", site.outGrad(), site.buffer("XHat"),
        site.buffer("Inv"), layer.scale() ? site.field("Gamma") : "null",
        layer.scale() ? site.field("GammaGrad") : "null",
        layer.center() ? site.field("BetaGrad") : "null", site.inGrad());
  }
}
