package dev.dendrite.runtime;

import dev.dendrite.Padding;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution and pooling kernels over channels-last arrays {@code [n, h, w, c]} (a series is
 * {@code [n, 1, w, c]}), with Keras' kernel layout {@code [kh, kw, in, out]}. Float convolutions
 * run on the kernel each layer chose by measuring at its first use ({@link ConvolutionChoice}:
 * oneDNN called directly, {@link OneDnnConvolution}, or im2col + GEMM); where oneDNN cannot
 * load, and in double (gradient checks), on libnd4j's oneDNN ops or im2col + GEMM (OpenBLAS).
 * Float pooling runs on oneDNN called directly too ({@link OneDnnPooling}); double pooling on
 * libnd4j's ops or plain loops.
 */
public final class Convolutions {

  private Convolutions() {}

  /**
   * {@code out = x (*) kernel + bias}: on the chosen kernel for float arrays, else by im2col
   * and one GEMM, where {@code cols} receives the {@code [n * outH * outW, kh * kw * c]} input
   * patches (row-major, channels last, matching the kernel's {@code [kh, kw, c, f]} layout), then
   * {@code out = cols · kernel}, or on libnd4j's op where {@code cols} has the input's shape
   * ({@link #workspace}).
   */
  public static void conv2d(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols, int strideH, int strideW, Padding padding) {
    conv2d(x, kernel, bias, out, cols, strideH, strideW, 1, 1, padding);
  }

  /**
   * The same with the kernel's taps {@code dilationH} rows and {@code dilationW} columns apart
   * (Keras' {@code dilation_rate}): a window of {@code (k - 1) * d + 1} cells. Off
   * {@link OneDnnConvolution} a dilated convolution runs by im2col + GEMM, so {@code cols} must
   * then be the patches {@code [n * outH * outW, kh * kw * c]}: ND4J 1.0.0-M2.1's oneDNN helper
   * fails to create a dilated convolution ("could not create a descriptor for a dilated
   * convolution forward propagation primitive").
   */
  public static void conv2d(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols, int strideH, int strideW, int dilationH, int dilationW, Padding padding) {
    convolve(x, kernel, bias, out, cols, strideH, strideW, dilationH, dilationW, padding, false);
  }

  /**
   * {@code out = max(0, x (*) kernel + bias)}, with no pre-activation array: on oneDNN the
   * ReLU is a post-op of the convolution, written in the same pass; elsewhere {@link #conv2d}
   * into {@code out} and the ReLU in place. The gradient follows from {@code out} alone
   * ({@link Activations#reluBackwardFromOutput}).
   */
  public static void conv2dRelu(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols, int strideH, int strideW, Padding padding) {
    conv2dRelu(x, kernel, bias, out, cols, strideH, strideW, 1, 1, padding);
  }

  /** The same with a dilated kernel, as {@link #conv2d} takes it. */
  public static void conv2dRelu(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols, int strideH, int strideW, int dilationH, int dilationW, Padding padding) {
    convolve(x, kernel, bias, out, cols, strideH, strideW, dilationH, dilationW, padding, true);
  }

  /**
   * The forward pass, with {@code relu} its {@code max(0, ...)}: on the chosen kernel for float
   * arrays (the ReLU a oneDNN post-op there), else libnd4j's op or im2col + GEMM and the ReLU in
   * place.
   */
  private static void convolve(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols, int strideH, int strideW, int dilationH, int dilationW, Padding padding,
      boolean relu) {
    if (OneDnnConvolution.takes(x, kernel, bias, out)) {
      ConvolutionChoice.forward(x, kernel, bias, out, cols, strideH, strideW, dilationH,
          dilationW, padding, relu);
      return;
    }
    if (dilationH == 1 && dilationW == 1) {
      conv2d(x, kernel, bias, out, cols, strideH, strideW, padding, cols.rank() != 2);
    } else {
      im2colConv2d(x, kernel, bias, out, cols, strideH, strideW, dilationH, dilationW, padding);
    }
    if (relu) {
      Activations.relu(out, out);
    }
  }

  /** The forward pass by im2col + GEMM, whatever the batch; {@code cols} holds the patches. */
  static void im2colConv2d(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols, int strideH, int strideW, int dilationH, int dilationW, Padding padding) {
    Patches p = Patches.of(x, kernel, out, strideH, strideW, dilationH, dilationW, padding);
    p.requirePatches(cols);
    forward(p, x, kernel, bias, out, cols);
  }

  /** The forward pass on oneDNN's kernels ({@code native}) or by im2col + GEMM. */
  static void conv2d(INDArray x, INDArray kernel, INDArray bias, INDArray out, INDArray cols,
      int strideH, int strideW, Padding padding, boolean useNative) {
    if (useNative) {
      PreparedOps.run("conv2d", (int) kernel.size(0), (int) kernel.size(1), strideH, strideW,
          padding == Padding.SAME, NHWC, HWIO_KERNEL, x, kernel, bias, null, out, null, null);
      return;
    }
    forward(Patches.of(x, kernel, out, strideH, strideW, 1, 1, padding), x, kernel, bias, out,
        cols);
  }

  /** im2col + GEMM over the geometry {@code p}. */
  static void forward(Patches p, INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols) {
    p.im2col(x, cols);
    int rows = Math.toIntExact(p.rows());
    Blas.gemm(cols, kernel, out, false, false, rows, p.filters, p.patch());
    if (bias != null) {
      Kernels.addRowVector(out, bias);
    }
  }

  /**
   * Gradients from {@code dOut}, the gradient at the convolution's output, all overwritten: on
   * the chosen kernels for float arrays, else {@code kernelGrad = colsᵀ · dOut},
   * {@code biasGrad} its column sums, and {@code dX = col2im(dOut · kernelᵀ)}, which reuses
   * (overwrites) {@code cols}. The input gradient is computed only where {@code dX} is not null,
   * except by libnd4j's op.
   */
  public static void conv2dBackward(INDArray x, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX, INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW,
      Padding padding) {
    conv2dBackward(x, kernel, dOut, cols, dX, kernelGrad, biasGrad, strideH, strideW, 1, 1,
        padding);
  }

  /**
   * The gradients of a dilated convolution, by GEMM and col2im over the patches its forward pass
   * left in {@code cols}.
   */
  public static void conv2dBackward(INDArray x, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX, INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW,
      int dilationH, int dilationW, Padding padding) {
    if (OneDnnConvolution.takes(x, kernel, biasGrad, dOut) && Floats.all(kernelGrad)
        && (dX == null || Floats.all(dX))) {
      ConvolutionChoice.backward(x, kernel, dOut, cols, dX, kernelGrad, biasGrad, strideH,
          strideW, dilationH, dilationW, padding);
      return;
    }
    if (dilationH == 1 && dilationW == 1) {
      conv2dBackward(x, kernel, dOut, cols, dX, kernelGrad, biasGrad, strideH, strideW, padding,
          cols.rank() != 2);
      return;
    }
    im2colConv2dBackward(x, kernel, dOut, cols, dX, kernelGrad, biasGrad, strideH, strideW,
        dilationH, dilationW, padding);
  }

  /** The backward pass by GEMM and col2im over the patches the forward pass left in cols. */
  static void im2colConv2dBackward(INDArray x, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX, INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW,
      int dilationH, int dilationW, Padding padding) {
    Patches p = Patches.of(x, kernel, dOut, strideH, strideW, dilationH, dilationW, padding);
    p.requirePatches(cols);
    backward(p, kernel, dOut, cols, dX, kernelGrad, biasGrad);
  }

  /**
   * The backward pass on the native op ({@code cols} then has the input's shape) or by GEMM and
   * col2im ({@code cols} holds the forward pass's patches).
   */
  static void conv2dBackward(INDArray x, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX, INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW,
      Padding padding, boolean useNative) {
    if (useNative) {
      // the native op always writes an input gradient: the workspace takes it when none is wanted
      INDArray gradI = dX != null ? dX : cols;
      // the bias input only tells the op to compute its gradient; its values do not matter
      PreparedOps.run("conv2d_bp", (int) kernel.size(0), (int) kernel.size(1), strideH, strideW,
          padding == Padding.SAME, NHWC, HWIO_KERNEL, x, kernel,
          biasGrad == null ? dOut : biasGrad, biasGrad == null ? null : dOut, gradI, kernelGrad,
          biasGrad);
      return;
    }
    backward(Patches.of(x, kernel, dOut, strideH, strideW, 1, 1, padding), kernel, dOut, cols,
        dX, kernelGrad, biasGrad);
  }

  /** GEMMs and col2im over the geometry {@code p}. */
  private static void backward(Patches p, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX, INDArray kernelGrad, INDArray biasGrad) {
    kernelGradient(p, dOut, cols, kernelGrad, biasGrad);
    if (dX != null) {
      inputGradient(p, kernel, dOut, cols, dX);
    }
  }

  /** {@code kernelGrad = colsᵀ · dOut} over the patches in {@code cols}; the bias's too. */
  static void kernelGradient(Patches p, INDArray dOut, INDArray cols, INDArray kernelGrad,
      INDArray biasGrad) {
    Blas.gemm(cols, dOut, kernelGrad, true, false, p.patch(), p.filters,
        Math.toIntExact(p.rows()));
    if (biasGrad != null) {
      Kernels.columnSums(dOut, biasGrad);
    }
  }

  /** {@code dX = col2im(dOut · kernelᵀ)}, through {@code cols}, which it overwrites. */
  static void inputGradient(Patches p, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX) {
    Blas.gemm(dOut, kernel, cols, false, true, Math.toIntExact(p.rows()), p.patch(), p.filters);
    p.col2im(cols, dX);
  }

  /**
   * One line per float convolution layer among {@code parameters} (a network's, by name) that
   * has run: its shapes, batch size and, per pass, the kernel chosen at its first use and the
   * times measured ({@link ConvolutionChoice}); none where oneDNN did not load.
   */
  public static java.util.List<String> kernelChoices(
      java.util.Map<String, INDArray> parameters) {
    return OneDnnConvolution.AVAILABLE ? ConvolutionChoice.report(parameters)
        : java.util.List.of();
  }

  /**
   * Refuses a {@code DENDRITE_KERNELS} (or {@code dendrite.kernels}) other than {@code auto},
   * {@code onednn} or {@code im2col}, before a convolution runs into it.
   */
  public static void checkKernelSetting() {
    ConvolutionChoice.Setting.current();
  }

  /**
   * Whether ND4J's binary has oneDNN, whose convolution kernels beat im2col + GEMM here (conv2d
   * forward about 3.4 ms against 5 ms, backward 10 ms against 25 ms for Keras' convnet's second
   * layer at batch 128); without it, libnd4j's own conv2d_bp is 4x slower than im2col.
   */
  static final boolean ONEDNN = hasOneDnn();

  /**
   * Below this many samples im2col + GEMM and loop pooling run instead of libnd4j's oneDNN ops,
   * whose per-call setup (they build their primitives on every call) outweighs the arithmetic of
   * a few samples. Float convolutions and pooling run on {@link OneDnnConvolution} and
   * {@link OneDnnPooling} at any batch size.
   */
  static final int NATIVE_MIN_BATCH = 8;

  /** Whether a convolution or pooling over {@code samples} samples runs on oneDNN. */
  static boolean nativeFor(long samples) {
    return ONEDNN && samples >= NATIVE_MIN_BATCH;
  }

  private static boolean hasOneDnn() {
    try {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
          .isUseONEDNN();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * The per-batch workspace a convolution layer needs: the im2col patches {@code [rows, patch]},
   * or with oneDNN an array of the input's shape that takes the unneeded input gradient of a
   * first layer.
   */
  public static INDArray workspace(DataType type, long[] patches, long... inputShape) {
    return nativeFor(inputShape[0]) ? Nd4j.create(type, inputShape)
        : Nd4j.create(type, patches);
  }

  /** libnd4j's data format argument for channels-last arrays. */
  private static final int NHWC = 1;
  /** libnd4j's kernel format argument for Keras' {@code [kh, kw, in, out]}. */
  private static final int HWIO_KERNEL = 0;
  /** libnd4j's average-pooling argument: divide by the cells inside the input, as Keras. */
  private static final int EXCLUDE_PADDING = 0;

  /**
   * The geometry of one convolution: where each output cell's window lies in the input; its
   * taps are {@code dilationH} rows and {@code dilationW} columns apart.
   */
  record Patches(int n, int height, int width, int channels, int kernelH, int kernelW,
      int filters, int outH, int outW, int strideH, int strideW, int dilationH, int dilationW,
      int top, int left) {

    static Patches of(INDArray x, INDArray kernel, INDArray out, int strideH, int strideW,
        int dilationH, int dilationW, Padding padding) {
      int h = (int) x.size(1);
      int w = (int) x.size(2);
      int kh = (int) kernel.size(0);
      int kw = (int) kernel.size(1);
      int extentH = ShapeMath.dilatedKernel(kh, dilationH);
      int extentW = ShapeMath.dilatedKernel(kw, dilationW);
      int outH = ShapeMath.outputLength(h, extentH, strideH, padding);
      int outW = ShapeMath.outputLength(w, extentW, strideW, padding);
      if (x.rank() != 4 || out.rank() != 4 || out.size(0) != x.size(0) || out.size(1) != outH
          || out.size(2) != outW || out.size(3) != kernel.size(3)
          || x.size(3) != kernel.size(2)) {
        throw new IllegalArgumentException("convolution shapes do not agree: input "
            + java.util.Arrays.toString(x.shape()) + ", kernel "
            + java.util.Arrays.toString(kernel.shape()) + ", output "
            + java.util.Arrays.toString(out.shape()));
      }
      return new Patches((int) x.size(0), h, w, (int) x.size(3), kh, kw, (int) kernel.size(3),
          outH, outW, strideH, strideW, dilationH, dilationW,
          ShapeMath.paddingBefore(h, extentH, strideH, padding),
          ShapeMath.paddingBefore(w, extentW, strideW, padding));
    }

    long rows() {
      return (long) n * outH * outW;
    }

    /** Whether {@code cols} (where not null) has the shape of this convolution's patches. */
    boolean holdsPatches(INDArray cols) {
      return cols != null && cols.rank() == 2 && cols.size(0) == rows()
          && cols.size(1) == patch();
    }

    /** Refuses a workspace that is not this convolution's patches {@code [rows, patch]}. */
    void requirePatches(INDArray cols) {
      if (!holdsPatches(cols)) {
        throw new IllegalArgumentException("a dilated convolution needs its im2col patches ["
            + rows() + ", " + patch() + "] as workspace; received "
            + java.util.Arrays.toString(cols.shape()));
      }
    }

    int patch() {
      return kernelH * kernelW * channels;
    }

    /** Copies every window into its row of {@code cols}; cells outside the input are zero. */
    void im2col(INDArray x, INDArray cols) {
      if (Floats.all(x, cols) && dilationW == 1) {
        im2col(Floats.of(x), Floats.of(cols));
        return;
      }
      Vec in = Vec.of(x);
      Vec out = Vec.of(cols);
      forEachCell((at, from) -> {
        for (int c = 0; c < channels; c++) {
          out.set(at + c, from < 0 ? 0 : in.get(from + c));
        }
      });
    }

    /**
     * The same for float arrays, a window row at a time: the cells of one kernel row that lie
     * inside the input are one contiguous run of channels-last memory (undilated columns),
     * copied in one call.
     */
    private void im2col(FloatBuffer in, FloatBuffer out) {
      int run = kernelW * channels;
      int at = 0;
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < outH; i++) {
          for (int j = 0; j < outW; j++) {
            int x0 = j * strideW - left;
            // kernel columns [b0, b1) fall inside the input
            int b0 = Math.max(0, -x0);
            int b1 = Math.min(kernelW, width - x0);
            for (int a = 0; a < kernelH; a++, at += run) {
              int y = i * strideH + a * dilationH - top;
              if (y < 0 || y >= height || b0 >= b1) {
                FloatLoops.zero(out, at, run);
                continue;
              }
              FloatLoops.zero(out, at, b0 * channels);
              out.put(at + b0 * channels, in, ((s * height + y) * width + x0 + b0) * channels,
                  (b1 - b0) * channels);
              FloatLoops.zero(out, at + b1 * channels, (kernelW - b1) * channels);
            }
          }
        }
      }
    }

    /** Adds every row of {@code cols} back onto the input cells its window covers. */
    void col2im(INDArray cols, INDArray dX) {
      Vec in = Vec.of(cols);
      Vec out = Vec.of(dX);
      for (int i = 0; i < out.length; i++) {
        out.set(i, 0);
      }
      forEachCell((at, to) -> {
        if (to >= 0) {
          for (int c = 0; c < channels; c++) {
            out.set(to + c, out.get(to + c) + in.get(at + c));
          }
        }
      });
    }

    /** What to do with one window cell: its offset in the patches, its input offset or -1. */
    @FunctionalInterface
    private interface Cell {
      void at(int patchOffset, int inputOffset);
    }

    /** Visits every cell of every window, in the patches' row-major order. */
    private void forEachCell(Cell cell) {
      int row = 0;
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < outH; i++) {
          for (int j = 0; j < outW; j++, row++) {
            int at = row * patch();
            for (int a = 0; a < kernelH; a++) {
              int y = i * strideH + a * dilationH - top;
              for (int b = 0; b < kernelW; b++, at += channels) {
                int xx = j * strideW + b * dilationW - left;
                boolean inside = y >= 0 && y < height && xx >= 0 && xx < width;
                cell.at(at, inside ? ((s * height + y) * width + xx) * channels : -1);
              }
            }
          }
        }
      }
    }
  }

  public static void maxPool2d(INDArray x, INDArray out, int poolH, int poolW, int strideH,
      int strideW, Padding padding) {
    pool(x, out, poolH, poolW, strideH, strideW, padding, true);
  }

  /**
   * The gradient of {@link #maxPool2d}, overwriting {@code dX}: on oneDNN it follows the forward
   * pass over the same {@code x}, whose maxima it reuses, so {@code x} must not change between
   * the two.
   */
  public static void maxPool2dBackward(INDArray x, INDArray dOut, INDArray dX, int poolH,
      int poolW, int strideH, int strideW, Padding padding) {
    poolBackward(x, dOut, dX, poolH, poolW, strideH, strideW, padding, true);
  }

  /**
   * {@link #maxPool2dBackward} followed by the gradient of the ReLU whose output {@code x} is
   * (a convolution's fused ReLU, {@link #conv2dRelu}): {@code dX} is the gradient at the ReLU's
   * input. A window's gradient goes to its maximum, which is above zero exactly where the
   * pooling's output {@code out} is, and there the ReLU passes it; every other cell gets zero
   * either way. So the ReLU's gradient is taken over the pooling's output, in place over its
   * gradient {@code dOut} (a quarter of the input under 2x2 windows), and the pooling's
   * backward pass needs nothing after it. The result is the two passes' to the bit.
   */
  public static void maxPool2dReluBackward(INDArray x, INDArray out, INDArray dOut, INDArray dX,
      int poolH, int poolW, int strideH, int strideW, Padding padding) {
    Activations.reluBackwardFromOutput(out, dOut, dOut);
    maxPool2dBackward(x, dOut, dX, poolH, poolW, strideH, strideW, padding);
  }

  public static void averagePool2d(INDArray x, INDArray out, int poolH, int poolW, int strideH,
      int strideW, Padding padding) {
    pool(x, out, poolH, poolW, strideH, strideW, padding, false);
  }

  public static void averagePool2dBackward(INDArray x, INDArray dOut, INDArray dX, int poolH,
      int poolW, int strideH, int strideW, Padding padding) {
    poolBackward(x, dOut, dX, poolH, poolW, strideH, strideW, padding, false);
  }

  /** Pooling on {@link OneDnnPooling} for float arrays, else as {@link #nativeFor} says. */
  static void pool(INDArray x, INDArray out, int poolH, int poolW, int strideH, int strideW,
      Padding padding, boolean max) {
    if (OneDnnPooling.takes(x, out)) {
      OneDnnPooling.forward(x, out, poolH, poolW, strideH, strideW, padding, max);
      return;
    }
    pool(x, out, poolH, poolW, strideH, strideW, padding, max, nativeFor(x.size(0)));
  }

  static void poolBackward(INDArray x, INDArray dOut, INDArray dX, int poolH, int poolW,
      int strideH, int strideW, Padding padding, boolean max) {
    if (OneDnnPooling.takes(x, dOut)) {
      OneDnnPooling.backward(x, dOut, dX, poolH, poolW, strideH, strideW, padding, max);
      return;
    }
    poolBackward(x, dOut, dX, poolH, poolW, strideH, strideW, padding, max,
        nativeFor(x.size(0)));
  }

  /**
   * Pooling on oneDNN's kernels through libnd4j's ops ({@code useNative}: multi-threaded, about
   * 3x faster than the loops on 2 cores), or in plain loops.
   */
  static void pool(INDArray x, INDArray out, int poolH, int poolW, int strideH, int strideW,
      Padding padding, boolean max, boolean useNative) {
    if (useNative) {
      PreparedOps.run(max ? "maxpool2d" : "avgpool2d", poolH, poolW, strideH, strideW,
          padding == Padding.SAME, EXCLUDE_PADDING, NHWC, x, null, null, null, out, null, null);
      return;
    }
    Pooling.of(x, out, poolH, poolW, strideH, strideW, padding).forward(x, out, max);
  }

  static void poolBackward(INDArray x, INDArray dOut, INDArray dX, int poolH, int poolW,
      int strideH, int strideW, Padding padding, boolean max, boolean useNative) {
    if (useNative) {
      PreparedOps.run(max ? "maxpool2d_bp" : "avgpool2d_bp", poolH, poolW, strideH, strideW,
          padding == Padding.SAME, EXCLUDE_PADDING, NHWC, x, dOut, null, null, dX, null, null);
      return;
    }
    Pooling.of(x, dOut, poolH, poolW, strideH, strideW, padding).backward(x, dOut, dX, max);
  }


  /**
   * Max and average pooling over channels-last arrays, in plain loops (the windows are small;
   * libnd4j's ops cost more in call overhead and temporary arrays than the arithmetic). Cells
   * outside the input take no part: an average divides by the cells inside the window.
   */
  private record Pooling(int n, int height, int width, int channels, int poolH, int poolW,
      int outH, int outW, int strideH, int strideW, int top, int left) {

    static Pooling of(INDArray x, INDArray out, int poolH, int poolW, int strideH, int strideW,
        Padding padding) {
      int h = (int) x.size(1);
      int w = (int) x.size(2);
      int outH = ShapeMath.outputLength(h, poolH, strideH, padding);
      int outW = ShapeMath.outputLength(w, poolW, strideW, padding);
      if (out.size(1) != outH || out.size(2) != outW || out.size(3) != x.size(3)) {
        throw new IllegalArgumentException("pooling shapes do not agree: input "
            + java.util.Arrays.toString(x.shape()) + ", output "
            + java.util.Arrays.toString(out.shape()));
      }
      return new Pooling((int) x.size(0), h, w, (int) x.size(3), poolH, poolW, outH, outW,
          strideH, strideW, ShapeMath.paddingBefore(h, poolH, strideH, padding),
          ShapeMath.paddingBefore(w, poolW, strideW, padding));
    }

    void forward(INDArray x, INDArray out, boolean max) {
      if (Floats.all(x, out) && channels <= FloatLoops.CHUNK) {
        forward(Floats.of(x), Floats.of(out), max);
        return;
      }
      Vec in = Vec.of(x);
      Vec o = Vec.of(out);
      forEachWindow((cell, s, y0, y1, x0, x1) -> {
        for (int c = 0; c < channels; c++) {
          double best = Double.NEGATIVE_INFINITY;
          double sum = 0;
          for (int y = y0; y < y1; y++) {
            for (int xx = x0; xx < x1; xx++) {
              double v = in.get(((s * height + y) * width + xx) * channels + c);
              best = Math.max(best, v);
              sum += v;
            }
          }
          o.set(cell * channels + c, max ? best : sum / ((y1 - y0) * (x1 - x0)));
        }
      });
    }

    /**
     * The same for float arrays: each window cell's channels are one contiguous run, reduced
     * into a row of accumulators (in float, as the native ops do) on heap arrays.
     */
    private void forward(FloatBuffer in, FloatBuffer out, boolean max) {
      float[] acc = new float[channels];
      float[] run = new float[channels];
      forEachWindow((cell, s, y0, y1, x0, x1) -> {
        java.util.Arrays.fill(acc, max ? Float.NEGATIVE_INFINITY : 0f);
        for (int y = y0; y < y1; y++) {
          for (int xx = x0; xx < x1; xx++) {
            in.get(((s * height + y) * width + xx) * channels, run, 0, channels);
            if (max) {
              for (int c = 0; c < channels; c++) {
                acc[c] = Math.max(acc[c], run[c]);
              }
            } else {
              for (int c = 0; c < channels; c++) {
                acc[c] += run[c];
              }
            }
          }
        }
        if (!max) {
          float count = (y1 - y0) * (x1 - x0);
          for (int c = 0; c < channels; c++) {
            acc[c] /= count;
          }
        }
        out.put(cell * channels, acc, 0, channels);
      });
    }

    /** Max: the gradient goes to the first maximum of each window; average: spread evenly. */
    void backward(INDArray x, INDArray dOut, INDArray dX, boolean max) {
      Vec in = Vec.of(x);
      Vec g = Vec.of(dOut);
      Vec d = Vec.of(dX);
      for (int i = 0; i < d.length; i++) {
        d.set(i, 0);
      }
      forEachWindow((cell, s, y0, y1, x0, x1) -> {
        for (int c = 0; c < channels; c++) {
          double grad = g.get(cell * channels + c);
          if (max) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int y = y0; y < y1; y++) {
              for (int xx = x0; xx < x1; xx++) {
                int at = ((s * height + y) * width + xx) * channels + c;
                if (best < 0 || in.get(at) > bestValue) {
                  bestValue = in.get(at);
                  best = at;
                }
              }
            }
            d.set(best, d.get(best) + grad);
          } else {
            double share = grad / ((y1 - y0) * (x1 - x0));
            for (int y = y0; y < y1; y++) {
              for (int xx = x0; xx < x1; xx++) {
                int at = ((s * height + y) * width + xx) * channels + c;
                d.set(at, d.get(at) + share);
              }
            }
          }
        }
      });
    }

    /** One output cell's window: its index and the input rows and columns it covers. */
    @FunctionalInterface
    private interface Window {
      void at(int cell, int sample, int y0, int y1, int x0, int x1);
    }

    /** Visits every output cell's window, clipped to the input, in output order. */
    private void forEachWindow(Window window) {
      int cell = 0;
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < outH; i++) {
          int y0 = Math.max(i * strideH - top, 0);
          int y1 = Math.min(i * strideH - top + poolH, height);
          for (int j = 0; j < outW; j++, cell++) {
            window.at(cell, s, y0, y1, Math.max(j * strideW - left, 0),
                Math.min(j * strideW - left + poolW, width));
          }
        }
      }
    }
  }

  /** The mean over height and width: {@code [n, h, w, c] -> [n, c]}. */
  public static void globalAveragePool(INDArray x, INDArray out) {
    Vec in = Vec.of(x);
    Vec o = Vec.of(out);
    int channels = (int) x.size(3);
    int cells = (int) (x.size(1) * x.size(2));
    for (int s = 0; s < x.size(0); s++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int cell = 0; cell < cells; cell++) {
          sum += in.get((s * cells + cell) * channels + c);
        }
        o.set(s * channels + c, sum / cells);
      }
    }
  }

  /** Spreads {@code dOut [n, c]} evenly over the {@code h * w} cells of {@code dX}. */
  public static void globalAveragePoolBackward(INDArray dOut, INDArray dX) {
    long n = dX.size(0);
    long cells = dX.size(1) * dX.size(2);
    long channels = dX.size(3);
    double scale = 1.0 / cells;
    var out = dX.data();
    var grad = dOut.data();
    for (long s = 0; s < n; s++) {
      for (long cell = 0; cell < cells; cell++) {
        long base = (s * cells + cell) * channels;
        for (long c = 0; c < channels; c++) {
          out.put(base + c, grad.getDouble(s * channels + c) * scale);
        }
      }
    }
  }

  /** The maximum over height and width: {@code [n, h, w, c] -> [n, c]}. */
  public static void globalMaxPool(INDArray x, INDArray out) {
    Vec in = Vec.of(x);
    Vec o = Vec.of(out);
    int channels = (int) x.size(3);
    int cells = (int) (x.size(1) * x.size(2));
    for (int s = 0; s < x.size(0); s++) {
      for (int c = 0; c < channels; c++) {
        double best = in.get(s * cells * channels + c);
        for (int cell = 1; cell < cells; cell++) {
          best = Math.max(best, in.get((s * cells + cell) * channels + c));
        }
        o.set(s * channels + c, best);
      }
    }
  }

  /**
   * Routes {@code dOut [n, c]} to each channel's maximum in {@code x [n, h, w, c]}, the first
   * in row-major order on ties (as {@link #maxPool2dBackward} does), and zero elsewhere in
   * {@code dX}. The maxima are found again in {@code x}: nothing is stored between the passes.
   */
  public static void globalMaxPoolBackward(INDArray x, INDArray dOut, INDArray dX) {
    Vec in = Vec.of(x);
    Vec g = Vec.of(dOut);
    Vec d = Vec.of(dX);
    int channels = (int) x.size(3);
    int cells = (int) (x.size(1) * x.size(2));
    for (int i = 0; i < d.length; i++) {
      d.set(i, 0);
    }
    for (int s = 0; s < x.size(0); s++) {
      for (int c = 0; c < channels; c++) {
        int best = s * cells * channels + c;
        double bestValue = in.get(best);
        for (int cell = 1; cell < cells; cell++) {
          int at = (s * cells + cell) * channels + c;
          if (in.get(at) > bestValue) {
            bestValue = in.get(at);
            best = at;
          }
        }
        d.set(best, g.get(s * channels + c));
      }
    }
  }

  /**
   * {@code x [n, h, w, c]} inside a border of zeros in {@code out [n, h + 2 * rows,
   * w + 2 * columns, c]}.
   */
  public static void zeroPad2d(INDArray x, INDArray out, int rows, int columns) {
    Vec in = Vec.of(x);
    Vec o = Vec.of(out);
    for (int i = 0; i < o.length; i++) {
      o.set(i, 0);
    }
    copyWindow(in, o, x, rows, columns, true);
  }

  /** The gradient of {@link #zeroPad2d}: the inner window of {@code dOut}, into {@code dX}. */
  public static void zeroPad2dBackward(INDArray dOut, INDArray dX, int rows, int columns) {
    copyWindow(Vec.of(dX), Vec.of(dOut), dX, rows, columns, false);
  }

  /** Copies the small image into (or, {@code in} false, out of) the padded one's window. */
  private static void copyWindow(Vec small, Vec padded, INDArray shape, int rows, int columns,
      boolean in) {
    int n = (int) shape.size(0);
    int height = (int) shape.size(1);
    int width = (int) shape.size(2);
    int channels = (int) shape.size(3);
    int paddedWidth = width + 2 * columns;
    for (int s = 0; s < n; s++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int from = ((s * height + y) * width + x) * channels;
          int to = ((s * (height + 2 * rows) + y + rows) * paddedWidth + x + columns) * channels;
          for (int c = 0; c < channels; c++) {
            if (in) {
              padded.set(to + c, small.get(from + c));
            } else {
              small.set(from + c, padded.get(to + c));
            }
          }
        }
      }
    }
  }
}
