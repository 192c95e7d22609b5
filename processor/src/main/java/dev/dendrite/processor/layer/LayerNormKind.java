package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.NORMALIZATION;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.LayerNormLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @LayerNormalization}: each position's channels normalized with their own statistics
 * (kept with the normalized values for the backward pass), then scaled and shifted.
 */
record LayerNormKind(LayerNormLayer layer) implements LayerKind {

  @Override
  public String describe() {
    return layer.name() + ": LayerNormalization on " + layer.input() + ", epsilon "
        + layer.epsilon() + (layer.scale() ? "" : ", no scale")
        + (layer.center() ? "" : ", no center");
  }

  /**
   * 5 per value for the statistics and normalizing (sum, deviation, square, subtract, multiply),
   * 1 each to scale and shift.
   */
  @Override
  public long flops() {
    return (long) layer.output().size()
        * (5 + (layer.scale() ? 1 : 0) + (layer.center() ? 1 : 0));
  }

  @Override
  public boolean keepsInputDimensions() {
    return true;
  }

  @Override
  public List<Parameter> parameters(Site site) {
    return NormalizationWeights.of(site, layer.input(), layer.scale(), layer.center());
  }

  /** Gamma starts at one. */
  @Override
  public CodeBlock initialize(Site site) {
    return layer.scale() ? CodeBlock.builder()
        .addStatement("$L.assign(1)", site.field("Gamma")).build() : CodeBlock.of("");
  }

  /** The normalized values, and the inverse deviation of each position. */
  @Override
  public List<BufferPlan.Buffer> buffers(Site site) {
    List<String> dims = site.outputDims();
    String positions = dims.size() == 1 ? "n"
        : "n, " + String.join(", ", dims.subList(0, dims.size() - 1));
    List<BufferPlan.Buffer> list = new ArrayList<>();
    list.add(BufferPlan.allocated(site.index(), site.field("XHat"), site.arrayShape(),
        layer.output().size()));
    list.add(BufferPlan.allocated(site.index(), site.field("Inv"), positions,
        layer.output().size() / layer.channels()));
    list.addAll(site.outputBuffers());
    return list;
  }

  @Override
  public CodeBlock forward(Site site) {
    return call(NORMALIZATION, "layerNorm", site.in(),
        layer.scale() ? site.field("Gamma") : "null",
        layer.center() ? site.field("Beta") : "null", layer.epsilon(), site.buffer("Inv"),
        site.buffer("XHat"), site.out());
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(NORMALIZATION, "layerNormBackward", site.outGrad(), site.buffer("XHat"),
        site.buffer("Inv"), layer.scale() ? site.field("Gamma") : "null",
        layer.scale() ? site.field("GammaGrad") : "null",
        layer.center() ? site.field("BetaGrad") : "null", site.inGrad());
  }
}
