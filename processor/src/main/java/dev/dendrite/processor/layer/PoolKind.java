package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.CONVOLUTIONS;
import static dev.dendrite.processor.layer.Names.PADDING;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.Padding;
import dev.dendrite.processor.model.PoolLayer;
import dev.dendrite.runtime.ShapeMath;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Max and average pooling, 2-D and 1-D (a series is an image of height 1). */
record PoolKind(PoolLayer layer) implements LayerKind {

  private boolean image() {
    return layer.dimensions() == 2;
  }

  @Override
  public String describe() {
    String pool = image() ? layer.poolHeight() + "x" + layer.poolWidth()
        : String.valueOf(layer.poolWidth());
    String strides = image() ? layer.strideHeight() + "x" + layer.strideWidth()
        : String.valueOf(layer.strideWidth());
    return layer.name() + ": " + layer.kerasType() + " " + layer.input() + " -> "
        + layer.output() + ", pool " + pool + ", strides " + strides + ", "
        + layer.padding().name().toLowerCase(Locale.ROOT);
  }

  /** 1 per value a window reads; a SAME window reads no padding. */
  @Override
  public long flops() {
    List<Integer> in = layer.input().dims();
    int height = image() ? in.get(0) : 1;
    return reads(height, layer.poolHeight(), layer.strideHeight(), layer.padding())
        * reads(in.get(in.size() - 2), layer.poolWidth(), layer.strideWidth(), layer.padding())
        * in.get(in.size() - 1);
  }

  /**
   * The input cells that the windows read along one axis, over all output positions: a SAME
   * window reads only the part of it inside the input, as the runtime's pooling does.
   */
  private static long reads(int length, int window, int stride, Padding padding) {
    int outputs = ShapeMath.outputLength(length, window, stride, padding);
    int before = ShapeMath.paddingBefore(length, window, stride, padding);
    long reads = 0;
    for (int i = 0; i < outputs; i++) {
      int start = i * stride - before;
      reads += Math.min(start + window, length) - Math.max(start, 0);
    }
    return reads;
  }

  /** The pool size and strides (the pool's when left out) as Keras' lists. */
  @Override
  public Map<String, Object> kerasValues() {
    return Map.of("poolSize", window(layer.poolHeight(), layer.poolWidth()),
        "strides", window(layer.strideHeight(), layer.strideWidth()));
  }

  private List<Integer> window(int height, int width) {
    return image() ? List.of(height, width) : List.of(width);
  }

  @Override
  public List<Constant> constants(Site site) {
    String p = site.prefix();
    String name = layer.name();
    return Constant.window(p, name, image(), "WINDOW", "Pooling window", layer.poolHeight(),
        layer.poolWidth(), layer.strideHeight(), layer.strideWidth());
  }

  @Override
  public CodeBlock forward(Site site) {
    return call(CONVOLUTIONS, layer.max() ? "maxPool2d" : "averagePool2d", site.in(), site.out(),
        window(site));
  }

  /** Max pooling: a window's maximum is above zero exactly where its output is. */
  @Override
  public boolean canTakeInputRelu() {
    return layer.max();
  }

  /**
   * Over a fused ReLU's output that it alone reads, the ReLU's gradient too, gated at its own
   * output ({@code Convolutions.maxPool2dReluBackward}, in place over its output's gradient).
   */
  @Override
  public CodeBlock backward(Site site) {
    if (site.takesInputRelu()) {
      return call(CONVOLUTIONS, "maxPool2dReluBackward", site.in(), site.out(), site.outGrad(),
          site.inGrad(), window(site));
    }
    return call(CONVOLUTIONS, layer.max() ? "maxPool2dBackward" : "averagePool2dBackward",
        site.in(), site.outGrad(), site.inGrad(), window(site));
  }

  /** {@code height, width, stride height, stride width, padding}, as named constants. */
  private CodeBlock window(Site site) {
    String p = site.prefix();
    List<String> names = image()
        ? List.of(p + "_WINDOW_HEIGHT", p + "_WINDOW_WIDTH", p + "_STRIDE_HEIGHT",
            p + "_STRIDE_WIDTH")
        : List.of("1", p + "_WINDOW_SIZE", "1", p + "_STRIDES");
    CodeBlock.Builder code = CodeBlock.builder();
    for (String name : names) {
      code.add("$L,$W", name);
    }
    return code.add("$T.$L", PADDING, layer.padding().name()).build();
  }
}
