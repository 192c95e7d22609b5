package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.Padding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernel chosen by measuring, and the kernels pinned by {@code dendrite.kernels}, against
 * im2col + GEMM: equal to float rounding whichever wins (tolerance as in
 * {@link OneDnnConvolutionTest}), bit for bit where pinned to the kernel computed beside it.
 */
class ConvolutionChoiceTest {
  private static final double TOLERANCE = 1e-4;

  private final Random random = new Random(11);

  @BeforeAll
  static void oneDnnLoads() {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
    assertTrue(OneDnnConvolution.AVAILABLE, "JavaCPP's oneDNN did not load beside ND4J");
  }

  @AfterEach
  void unpin() {
    System.clearProperty(ConvolutionChoice.PROPERTY);
  }

  /** One layer's three passes, twice (the second call runs on the choice), in each setting. */
  @ParameterizedTest
  @CsvSource({
      "auto, 1, 28, 28, 1, 10, 10, 32, 1, 1",
      "auto, 1, 19, 19, 32, 10, 10, 32, 1, 1",
      "auto, 4, 9, 8, 3, 3, 2, 5, 2, 1",
      "auto, 2, 9, 9, 2, 3, 3, 4, 1, 2",
      "auto, 16, 12, 12, 3, 3, 3, 8, 1, 1",
      "onednn, 1, 19, 19, 32, 10, 10, 32, 1, 1",
      "onednn, 4, 9, 8, 3, 3, 2, 5, 2, 1",
      "im2col, 1, 19, 19, 32, 10, 10, 32, 1, 1",
      "im2col, 2, 9, 9, 2, 3, 3, 4, 1, 2"})
  void everySettingMatchesIm2col(String setting, int n, int h, int w, int c, int kh, int kw,
      int f, int stride, int dilation) {
    System.setProperty(ConvolutionChoice.PROPERTY, setting);
    Layer layer = new Layer(n, h, w, c, kh, kw, f, stride, dilation, Padding.SAME);
    Layer reference = layer.copy();
    reference.im2col();
    for (int call = 0; call < 2; call++) {
      layer.chosen();
      assertClose(reference.out, layer.out, "forward");
      assertClose(reference.dX, layer.dX, "input gradient");
      assertClose(reference.kernelGrad, layer.kernelGrad, "kernel gradient");
      assertClose(reference.biasGrad, layer.biasGrad, "bias gradient");
    }
    if (setting.equals("im2col")) {
      assertArrayEquals(reference.out.data().asFloat(), layer.out.data().asFloat());
      assertArrayEquals(reference.dX.data().asFloat(), layer.dX.data().asFloat());
      assertArrayEquals(reference.kernelGrad.data().asFloat(), layer.kernelGrad.data().asFloat());
    }
    String line = ConvolutionChoice.report(Map.of("conv.kernel", layer.kernel)).get(0);
    assertTrue(line.startsWith("conv  " + h + "x" + w + "x" + c + " -> "), line);
    assertTrue(line.contains(", batch " + n + ": forward "), line);
    assertTrue(line.contains("; backward data ") && line.contains("; backward weights "), line);
    assertEquals(setting.equals("auto"), line.contains(" us"), line);
    assertEquals(!setting.equals("auto"), line.endsWith("(DENDRITE_KERNELS=" + setting + ")"),
        line);
  }

  /**
   * One sample's forward pass also measures halves of its rows on the two threads, and measures
   * again after {@link ConvolutionChoice#RECHECK_CALLS}: the values stay right throughout.
   */
  @Test
  void oneSampleAlsoMeasuresHalvesAndMeasuresAgainLater() {
    assumeTrue(SecondThread.AVAILABLE && SplitPass.sharing(), "one core: no halves");
    Layer layer = new Layer(1, 19, 19, 32, 10, 10, 32, 1, 1, Padding.VALID);
    Layer reference = layer.copy();
    reference.im2col();
    for (int call = 0; call <= ConvolutionChoice.RECHECK_CALLS[0] + 1; call++) {
      layer.chosen();
      if (call % 50 == 0 || call >= ConvolutionChoice.RECHECK_CALLS[0] - 1) {
        assertClose(reference.out, layer.out, "forward at call " + call);
      }
    }
    String line = ConvolutionChoice.report(Map.of("conv.kernel", layer.kernel)).get(0);
    assertTrue(line.contains("halves"), line);
  }

  /** Pinned to oneDNN, a layer computes what oneDNN's own plan does, to the bit. */
  @Test
  void pinnedOneDnnIsOneDnn() {
    System.setProperty(ConvolutionChoice.PROPERTY, "onednn");
    Layer layer = new Layer(1, 12, 12, 3, 5, 5, 8, 1, 1, Padding.VALID);
    Layer expected = layer.copy();
    layer.chosen();
    OneDnnConvolution.forward(expected.x, expected.kernel, expected.bias, expected.out, 1, 1, 1,
        1, Padding.VALID, false);
    OneDnnConvolution.backward(expected.x, expected.kernel, expected.dOut, expected.dX,
        expected.kernelGrad, expected.biasGrad, 1, 1, 1, 1, Padding.VALID);
    assertArrayEquals(expected.out.data().asFloat(), layer.out.data().asFloat());
    assertArrayEquals(expected.dX.data().asFloat(), layer.dX.data().asFloat());
    assertArrayEquals(expected.kernelGrad.data().asFloat(), layer.kernelGrad.data().asFloat());
    String line = ConvolutionChoice.report(Map.of("c1.kernel", layer.kernel)).get(0);
    assertTrue(line.contains("forward oneDNN ") && line.contains(", 1 thread;"), line);
    assertFalse(line.contains("im2col"), line);
  }

  /** A second layer of the same shapes takes the first one's choice without measuring. */
  @Test
  void aGeometryIsChosenOncePerProcess() {
    Layer first = new Layer(3, 10, 10, 4, 3, 3, 6, 1, 1, Padding.VALID);
    first.chosen();
    Layer second = new Layer(3, 10, 10, 4, 3, 3, 6, 1, 1, Padding.VALID);
    second.chosen();
    List<String> lines = ConvolutionChoice.report(Map.of("b.kernel", second.kernel,
        "a.kernel", first.kernel));
    assertEquals(2, lines.size(), lines.toString());
    String measured = lines.stream().filter(l -> l.startsWith("a ")).findFirst().orElseThrow();
    String taken = lines.stream().filter(l -> l.startsWith("b ")).findFirst().orElseThrow();
    assertTrue(measured.contains(" us"), measured);
    assertFalse(taken.contains(" us"), taken);
    assertEquals(measured.replaceAll(" [0-9.]+ us| \\([^)]*us\\)", "").substring(1),
        taken.substring(1));
  }

  /** Layers of one geometry run on several threads at once all take one kernel per pass. */
  @Test
  void concurrentLayersTakeOneChoice() throws Exception {
    Layer[] layers = new Layer[4];
    for (int t = 0; t < layers.length; t++) {
      layers[t] = new Layer(2, 11, 9, 3, 4, 3, 5, 1, 1, Padding.SAME);
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(layers.length);
    try {
      var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (Layer layer : layers) {
        done.add(pool.submit(layer::chosen));
      }
      for (var each : done) {
        each.get();
      }
    } finally {
      pool.shutdown();
    }
    List<String> lines = new java.util.ArrayList<>();
    for (Layer layer : layers) {
      lines.addAll(ConvolutionChoice.report(Map.of("c.kernel", layer.kernel)));
    }
    // each pass measured once, by whichever layer came first
    assertEquals(3, lines.stream().mapToInt(l -> l.split(" us \\(", -1).length - 1).sum(),
        lines.toString());
    assertEquals(1, lines.stream().map(l -> l.replaceAll(" [0-9.]+ us| \\([^)]*us\\)", ""))
        .distinct().count(), lines.toString());
  }

  /** A layer not run yet, or a parameter that is no convolution kernel, has no line. */
  @Test
  void reportsOnlyLayersThatRan() {
    Layer layer = new Layer(2, 6, 6, 1, 3, 3, 2, 1, 1, Padding.VALID);
    assertEquals(List.of(), ConvolutionChoice.report(Map.of("c.kernel", layer.kernel,
        "c.bias", layer.bias)));
  }

  @Test
  void refusesAnUnknownSetting() {
    System.setProperty(ConvolutionChoice.PROPERTY, "fastest");
    Layer layer = new Layer(1, 6, 6, 1, 3, 3, 2, 1, 1, Padding.VALID);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, layer::chosen);
    assertEquals("DENDRITE_KERNELS must be auto, onednn or im2col. Received: fastest",
        e.getMessage());
  }

  /** One convolution's arrays, with a workspace of im2col patches. */
  private final class Layer {
    final int stride;
    final int dilation;
    final Padding padding;
    final INDArray x;
    final INDArray kernel;
    final INDArray bias;
    final INDArray dOut;
    final INDArray out;
    final INDArray cols;
    final INDArray dX;
    final INDArray kernelGrad;
    final INDArray biasGrad;

    Layer(int n, int h, int w, int c, int kh, int kw, int f, int stride, int dilation,
        Padding padding) {
      this(stride, dilation, padding, random(n, h, w, c), random(kh, kw, c, f), random(f),
          random(n, ShapeMath.outputLength(h, ShapeMath.dilatedKernel(kh, dilation), stride,
              padding), ShapeMath.outputLength(w, ShapeMath.dilatedKernel(kw, dilation), stride,
              padding), f));
    }

    private Layer(int stride, int dilation, Padding padding, INDArray x, INDArray kernel,
        INDArray bias, INDArray dOut) {
      this.stride = stride;
      this.dilation = dilation;
      this.padding = padding;
      this.x = x;
      this.kernel = kernel;
      this.bias = bias;
      this.dOut = dOut;
      out = Nd4j.create(DataType.FLOAT, dOut.shape()).assign(Float.NaN);
      cols = Nd4j.create(DataType.FLOAT, dOut.length() / kernel.size(3),
          kernel.length() / kernel.size(3));
      dX = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
      kernelGrad = Nd4j.create(DataType.FLOAT, kernel.shape()).assign(Float.NaN);
      biasGrad = Nd4j.create(DataType.FLOAT, bias.shape()).assign(Float.NaN);
    }

    /** The same inputs in arrays of its own: another layer to its caches. */
    Layer copy() {
      return new Layer(stride, dilation, padding, x.dup(), kernel.dup(), bias.dup(), dOut.dup());
    }

    void chosen() {
      ConvolutionChoice.forward(x, kernel, bias, out, cols, stride, stride, dilation, dilation,
          padding, false);
      ConvolutionChoice.backward(x, kernel, dOut, cols, dX, kernelGrad, biasGrad, stride,
          stride, dilation, dilation, padding);
    }

    void im2col() {
      Convolutions.im2colConv2d(x, kernel, bias, out, cols, stride, stride, dilation, dilation,
          padding);
      Convolutions.im2colConv2dBackward(x, kernel, dOut, cols, dX, kernelGrad, biasGrad, stride,
          stride, dilation, dilation, padding);
    }
  }

  private INDArray random(long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, random.nextGaussian());
    }
    return a;
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = Math.max(1e-30, expected.amaxNumber().doubleValue());
    double worst = expected.sub(actual).amaxNumber().doubleValue() / scale;
    assertTrue(worst <= TOLERANCE, what + ": relative difference " + worst);
  }
}
