package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;
import static dev.dendrite.processor.layer.Names.CONVOLUTIONS;
import static dev.dendrite.processor.layer.Names.PADDING;

import com.squareup.javapoet.CodeBlock;
import dev.dendrite.Activation;
import dev.dendrite.processor.model.ConvLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code @Conv2D} and {@code @Conv1D} (a series is an image of height 1): im2col patches times
 * the kernel, plus the bias, then the activation; a ReLU within the convolution's own pass,
 * with no pre-activation array. A dilated layer's patches read taps
 * {@code dilationRate} apart and are always im2col's (ND4J's oneDNN helper cannot dilate).
 */
record ConvKind(ConvLayer layer) implements LayerKind {

  private boolean image() {
    return layer.dimensions() == 2;
  }

  @Override
  public String describe() {
    String kernel = image() ? layer.kernelHeight() + "x" + layer.kernelWidth()
        : String.valueOf(layer.kernelWidth());
    String strides = image() ? layer.strideHeight() + "x" + layer.strideWidth()
        : String.valueOf(layer.strideWidth());
    String dilation = !layer.dilated() ? ""
        : ", dilation " + (image() ? layer.dilationHeight() + "x" + layer.dilationWidth()
            : String.valueOf(layer.dilationWidth()));
    return layer.name() + ": " + layer.kerasType() + " " + layer.input() + " -> "
        + layer.output() + ", " + layer.filters() + " filters " + kernel + ", strides " + strides
        + dilation + ", " + layer.padding().name().toLowerCase(Locale.ROOT) + ", "
        + layer.activation().kerasName() + (layer.useBias() ? "" : ", no bias");
  }

  /**
   * 2 per multiply-add (the zeros of SAME padding included, as the GEMM multiplies them), 1 per
   * bias and 1 per activation value.
   */
  @Override
  public long flops() {
    long out = layer.output().size();
    long window = (long) layer.kernelHeight() * layer.kernelWidth() * layer.inputChannels();
    return 2L * window * out + (layer.useBias() ? out : 0)
        + (layer.activation() == Activation.LINEAR ? 0 : out);
  }

  /**
   * The kernel size, strides and dilation as Keras' lists: two numbers for images, one for
   * series.
   */
  @Override
  public Map<String, Object> kerasValues() {
    return Map.of("kernelSize", window(layer.kernelHeight(), layer.kernelWidth()),
        "strides", window(layer.strideHeight(), layer.strideWidth()),
        "dilationRate", window(layer.dilationHeight(), layer.dilationWidth()));
  }

  private List<Integer> window(int height, int width) {
    return image() ? List.of(height, width) : List.of(width);
  }

  @Override
  public List<Constant> constants(Site site) {
    String p = site.prefix();
    String name = layer.name();
    List<Constant> list = new ArrayList<>(Constant.window(p, name, image(), "KERNEL", "Kernel",
        layer.kernelHeight(), layer.kernelWidth(), layer.strideHeight(), layer.strideWidth()));
    if (layer.dilated() && image()) {
      list.add(new Constant(p + "_DILATION_HEIGHT", layer.dilationHeight(),
          "Rows between the kernel's taps in " + name + "."));
      list.add(new Constant(p + "_DILATION_WIDTH", layer.dilationWidth(),
          "Columns between the kernel's taps in " + name + "."));
    } else if (layer.dilated()) {
      list.add(new Constant(p + "_DILATION_RATE", layer.dilationWidth(),
          "Steps between the kernel's taps in " + name + "."));
    }
    list.add(new Constant(p + "_FAN_IN", kernelHeight(site) + " * " + kernelWidth(site) + " * "
        + site.inputChannels(), "Inputs of each output value of " + name + ": one patch."));
    list.add(new Constant(p + "_FAN_OUT", kernelHeight(site) + " * " + kernelWidth(site) + " * "
        + site.channels(), "Outputs each input value of " + name + " reaches, for Glorot."));
    return list;
  }

  @Override
  public List<Parameter> parameters(Site site) {
    String shape = kernelHeight(site) + ", " + kernelWidth(site) + ", " + site.inputChannels()
        + ", " + site.channels();
    String keras = image() ? null
        : kernelWidth(site) + ", " + site.inputChannels() + ", " + site.channels();
    String text = image()
        ? layer.kernelHeight() + "x" + layer.kernelWidth() + "x" + layer.inputChannels() + "x"
            + layer.filters()
        : layer.kernelWidth() + "x" + layer.inputChannels() + "x" + layer.filters();
    List<Parameter> list = new ArrayList<>();
    list.add(Parameter.kernel(layer.name(), shape, keras, text, site.prefix() + "_FAN_IN",
        site.prefix() + "_FAN_OUT"));
    if (layer.useBias()) {
      list.add(Parameter.bias(layer.name(), site.channels(), layer.filters()));
    }
    return list;
  }

  /**
   * Besides the usual arrays, the im2col patches: one row of {@code FAN_IN} values per output
   * cell; the backward pass reuses them for col2im. Undilated, the runtime may swap them for an
   * input-shaped oneDNN workspace; dilated, they are always allocated.
   */
  @Override
  public List<BufferPlan.Buffer> buffers(Site site) {
    List<BufferPlan.Buffer> list = new ArrayList<>(site.activationBuffers());
    list.addAll(site.outputBuffers());
    List<String> out = site.outputDims();
    long cells = (long) layer.output().size() / layer.filters();
    long patch = (long) layer.kernelHeight() * layer.kernelWidth() * layer.inputChannels();
    list.add(new BufferPlan.Buffer(site.index(), site.field("Cols"),
        "(long) n * " + out.get(0) + " * " + out.get(1) + ", " + site.prefix() + "_FAN_IN",
        cells * patch, null, layer.dilated() ? null : site.inputArrayShape()));
    return list;
  }

  @Override
  public long oneDnnWorkspaceValues() {
    return layer.dilated() ? 0 : layer.input().size();
  }

  /** A ReLU runs inside the convolution: a oneDNN post-op, or in place over the output. */
  @Override
  public boolean fusesRelu() {
    return true;
  }

  @Override
  public CodeBlock forward(Site site) {
    List<Object> args = new ArrayList<>(List.of(site.in(), site.field("Kernel"),
        layer.useBias() ? site.field("Bias") : "null", site.z(), site.buffer("Cols"),
        strideHeight(site), strideWidth(site)));
    String method = layer.activation() == Activation.RELU ? "conv2dRelu" : "conv2d";
    return call(CONVOLUTIONS, method, withDilation(site, args).toArray());
  }

  @Override
  public CodeBlock backward(Site site) {
    List<Object> args = new ArrayList<>(List.of(site.in(), site.field("Kernel"), site.zGrad(),
        site.buffer("Cols"), site.inGrad(), site.field("KernelGrad"),
        layer.useBias() ? site.field("BiasGrad") : "null", strideHeight(site),
        strideWidth(site)));
    return call(CONVOLUTIONS, "conv2dBackward", withDilation(site, args).toArray());
  }

  /** The arguments, then the dilation where the layer has one, then the padding. */
  private List<Object> withDilation(Site site, List<Object> args) {
    if (layer.dilated()) {
      args.add(image() ? site.prefix() + "_DILATION_HEIGHT" : "1");
      args.add(site.prefix() + (image() ? "_DILATION_WIDTH" : "_DILATION_RATE"));
    }
    args.add(padding());
    return args;
  }

  private String kernelHeight(Site site) {
    return image() ? site.prefix() + "_KERNEL_HEIGHT" : "1";
  }

  private String kernelWidth(Site site) {
    return site.prefix() + (image() ? "_KERNEL_WIDTH" : "_KERNEL_SIZE");
  }

  private String strideHeight(Site site) {
    return image() ? site.prefix() + "_STRIDE_HEIGHT" : "1";
  }

  private String strideWidth(Site site) {
    return site.prefix() + (image() ? "_STRIDE_WIDTH" : "_STRIDES");
  }

  private CodeBlock padding() {
    return CodeBlock.of("$T.$L", PADDING, layer.padding().name());
  }
}
