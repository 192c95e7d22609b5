package dev.dendrite.runtime;

import dev.dendrite.Padding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution and pooling kernels over channels-last arrays {@code [n, h, w, c]} (a series is
 * {@code [n, 1, w, c]}), with Keras' kernel layout {@code [kh, kw, in, out]}; they run on
 * libnd4j's native conv2d and pooling ops and their backprop ops.
 */
public final class Convolutions {
  private static final int NHWC = 1;
  private static final int KERNEL_HWIO = 0;
  /** avgpool2d divisor mode: count only the input cells under the window, as Keras does. */
  private static final int EXCLUDE_PADDING = 0;

  private Convolutions() {}

  /** {@code out = x (*) kernel + bias}. */
  public static void conv2d(INDArray x, INDArray kernel, INDArray bias, INDArray out,
      int strideH, int strideW, Padding padding) {
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d")
        .addInputs(bias == null ? new INDArray[] {x, kernel} : new INDArray[] {x, kernel, bias})
        .addOutputs(out)
        .addIntegerArguments(convArgs(kernel, strideH, strideW, padding));
    Nd4j.exec(op.build());
  }

  /** From {@code dOut}: the kernel and bias gradients, and the input gradient {@code dX}. */
  public static void conv2dBackward(INDArray x, INDArray kernel, INDArray bias, INDArray dOut,
      INDArray dX, INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW,
      Padding padding) {
    INDArray[] inputs = bias == null
        ? new INDArray[] {x, kernel, dOut}
        : new INDArray[] {x, kernel, bias, dOut};
    INDArray[] outputs = bias == null
        ? new INDArray[] {dX, kernelGrad}
        : new INDArray[] {dX, kernelGrad, biasGrad};
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
        .addInputs(inputs)
        .addOutputs(outputs)
        .addIntegerArguments(convArgs(kernel, strideH, strideW, padding))
        .build());
  }

  private static int[] convArgs(INDArray kernel, int strideH, int strideW, Padding padding) {
    return new int[] {(int) kernel.size(0), (int) kernel.size(1), strideH, strideW, 0, 0, 1, 1,
        padding == Padding.SAME ? 1 : 0, NHWC, KERNEL_HWIO};
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
