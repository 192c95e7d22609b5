package dev.dendrite.runtime;

import dev.dendrite.Padding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution and pooling kernels over channels-last arrays {@code [n, h, w, c]} (a series is
 * {@code [n, 1, w, c]}), with Keras' kernel layout {@code [kh, kw, in, out]}. Convolutions are
 * im2col + GEMM (OpenBLAS); pooling runs on libnd4j's native ops and their backprop ops.
 */
public final class Convolutions {
  private static final int NHWC = 1;
  /** avgpool2d divisor mode: count only the input cells under the window, as Keras does. */
  private static final int EXCLUDE_PADDING = 0;

  private Convolutions() {}

  /**
   * {@code out = x (*) kernel + bias} by im2col and one GEMM: {@code cols} receives the
   * {@code [n * outH * outW, kh * kw * c]} input patches (row-major, channels last, matching the
   * kernel's {@code [kh, kw, c, f]} layout), then {@code out = cols · kernel}. Measured on 2
   * cores this is about 4x faster than libnd4j's conv2d_bp for the backward pass.
   */
  public static void conv2d(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      INDArray cols, int strideH, int strideW, Padding padding) {
    Patches p = Patches.of(x, kernel, out, strideH, strideW, padding);
    p.im2col(x, cols);
    INDArray out2d = Kernels.view(out, p.rows(), p.filters);
    Nd4j.gemm(cols, Kernels.view(kernel, p.patch(), p.filters), out2d, false, false, 1.0, 0.0);
    if (bias != null) {
      out2d.addiRowVector(bias);
    }
  }

  /**
   * Gradients from {@code dOut}, the gradient at the convolution's output: {@code kernelGrad =
   * colsᵀ · dOut}, {@code biasGrad} its column sums, and unless {@code dX} is null,
   * {@code dX = col2im(dOut · kernelᵀ)}, which reuses (overwrites) {@code cols}.
   */
  public static void conv2dBackward(INDArray x, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX, INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW,
      Padding padding) {
    Patches p = Patches.of(x, kernel, dOut, strideH, strideW, padding);
    INDArray dOut2d = Kernels.view(dOut, p.rows(), p.filters);
    Nd4j.gemm(cols, dOut2d, Kernels.view(kernelGrad, p.patch(), p.filters), true, false, 1.0,
        0.0);
    if (biasGrad != null) {
      dOut2d.sum(biasGrad, 0);
    }
    if (dX != null) {
      Nd4j.gemm(dOut2d, Kernels.view(kernel, p.patch(), p.filters), cols, false, true, 1.0, 0.0);
      p.col2im(cols, dX);
    }
  }

  /** The geometry of one convolution: where each output cell's window lies in the input. */
  private record Patches(int n, int height, int width, int channels, int kernelH, int kernelW,
      int filters, int outH, int outW, int strideH, int strideW, int top, int left) {

    static Patches of(INDArray x, INDArray kernel, INDArray out, int strideH, int strideW,
        Padding padding) {
      int h = (int) x.size(1);
      int w = (int) x.size(2);
      int kh = (int) kernel.size(0);
      int kw = (int) kernel.size(1);
      int outH = ShapeMath.outputLength(h, kh, strideH, padding);
      int outW = ShapeMath.outputLength(w, kw, strideW, padding);
      if (out.size(1) != outH || out.size(2) != outW || x.size(3) != kernel.size(2)) {
        throw new IllegalArgumentException("convolution shapes do not agree: input "
            + java.util.Arrays.toString(x.shape()) + ", kernel "
            + java.util.Arrays.toString(kernel.shape()) + ", output "
            + java.util.Arrays.toString(out.shape()));
      }
      return new Patches((int) x.size(0), h, w, (int) x.size(3), kh, kw, (int) kernel.size(3),
          outH, outW, strideH, strideW, ShapeMath.paddingBefore(h, kh, strideH, padding),
          ShapeMath.paddingBefore(w, kw, strideW, padding));
    }

    long rows() {
      return (long) n * outH * outW;
    }

    int patch() {
      return kernelH * kernelW * channels;
    }

    /** Copies every window into its row of {@code cols}; cells outside the input are zero. */
    void im2col(INDArray x, INDArray cols) {
      if (Floats.all(x, cols)) {
        java.nio.FloatBuffer in = Floats.of(x);
        java.nio.FloatBuffer out = Floats.of(cols);
        float[] segment = new float[channels];
        float[] zeros = new float[channels];
        int row = 0;
        for (int s = 0; s < n; s++) {
          for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++, row++) {
              int at = row * patch();
              for (int a = 0; a < kernelH; a++) {
                int y = i * strideH + a - top;
                for (int b = 0; b < kernelW; b++, at += channels) {
                  int xx = j * strideW + b - left;
                  if (y < 0 || y >= height || xx < 0 || xx >= width) {
                    out.put(at, zeros);
                  } else {
                    in.get(((s * height + y) * width + xx) * channels, segment);
                    out.put(at, segment);
                  }
                }
              }
            }
          }
        }
        return;
      }
      var in = x.data();
      var out = cols.data();
      long row = 0;
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < outH; i++) {
          for (int j = 0; j < outW; j++, row++) {
            long at = row * patch();
            for (int a = 0; a < kernelH; a++) {
              int y = i * strideH + a - top;
              for (int b = 0; b < kernelW; b++) {
                int xx = j * strideW + b - left;
                boolean inside = y >= 0 && y < height && xx >= 0 && xx < width;
                long from = (((long) s * height + y) * width + xx) * channels;
                for (int c = 0; c < channels; c++, at++) {
                  out.put(at, inside ? in.getDouble(from + c) : 0);
                }
              }
            }
          }
        }
      }
    }

    /** Adds every row of {@code cols} back onto the input cells its window covers. */
    void col2im(INDArray cols, INDArray dX) {
      dX.assign(0);
      if (Floats.all(cols, dX)) {
        java.nio.FloatBuffer in = Floats.of(cols);
        java.nio.FloatBuffer out = Floats.of(dX);
        int row = 0;
        for (int s = 0; s < n; s++) {
          for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++, row++) {
              int at = row * patch();
              for (int a = 0; a < kernelH; a++) {
                int y = i * strideH + a - top;
                for (int b = 0; b < kernelW; b++, at += channels) {
                  int xx = j * strideW + b - left;
                  if (y >= 0 && y < height && xx >= 0 && xx < width) {
                    int to = ((s * height + y) * width + xx) * channels;
                    for (int c = 0; c < channels; c++) {
                      out.put(to + c, out.get(to + c) + in.get(at + c));
                    }
                  }
                }
              }
            }
          }
        }
        return;
      }
      var in = cols.data();
      var out = dX.data();
      long row = 0;
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < outH; i++) {
          for (int j = 0; j < outW; j++, row++) {
            long at = row * patch();
            for (int a = 0; a < kernelH; a++) {
              int y = i * strideH + a - top;
              for (int b = 0; b < kernelW; b++, at += channels) {
                int xx = j * strideW + b - left;
                if (y >= 0 && y < height && xx >= 0 && xx < width) {
                  long to = (((long) s * height + y) * width + xx) * channels;
                  for (int c = 0; c < channels; c++) {
                    out.put(to + c, out.getDouble(to + c) + in.getDouble(at + c));
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  public static void maxPool2d(INDArray x, INDArray out, int poolH, int poolW, int strideH,
      int strideW, Padding padding) {
    pool("maxpool2d", x, out, poolH, poolW, strideH, strideW, padding);
  }

  public static void maxPool2dBackward(INDArray x, INDArray dOut, INDArray dX, int poolH,
      int poolW, int strideH, int strideW, Padding padding) {
    poolBackward("maxpool2d_bp", x, dOut, dX, poolH, poolW, strideH, strideW, padding);
  }

  public static void averagePool2d(INDArray x, INDArray out, int poolH, int poolW, int strideH,
      int strideW, Padding padding) {
    pool("avgpool2d", x, out, poolH, poolW, strideH, strideW, padding);
  }

  public static void averagePool2dBackward(INDArray x, INDArray dOut, INDArray dX, int poolH,
      int poolW, int strideH, int strideW, Padding padding) {
    poolBackward("avgpool2d_bp", x, dOut, dX, poolH, poolW, strideH, strideW, padding);
  }

  private static void pool(String name, INDArray x, INDArray out, int poolH, int poolW,
      int strideH, int strideW, Padding padding) {
    Nd4j.exec(DynamicCustomOp.builder(name)
        .addInputs(x)
        .addOutputs(out)
        .addIntegerArguments(poolArgs(poolH, poolW, strideH, strideW, padding))
        .build());
  }

  private static void poolBackward(String name, INDArray x, INDArray dOut, INDArray dX,
      int poolH, int poolW, int strideH, int strideW, Padding padding) {
    Nd4j.exec(DynamicCustomOp.builder(name)
        .addInputs(x, dOut)
        .addOutputs(dX)
        .addIntegerArguments(poolArgs(poolH, poolW, strideH, strideW, padding))
        .build());
  }

  private static int[] poolArgs(int poolH, int poolW, int strideH, int strideW,
      Padding padding) {
    return new int[] {poolH, poolW, strideH, strideW, 0, 0, 1, 1,
        padding == Padding.SAME ? 1 : 0, EXCLUDE_PADDING, NHWC};
  }

  /** The mean over height and width: {@code [n, h, w, c] -> [n, c]}. */
  public static void globalAveragePool(INDArray x, INDArray out) {
    x.mean(out, 1, 2);
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
}
