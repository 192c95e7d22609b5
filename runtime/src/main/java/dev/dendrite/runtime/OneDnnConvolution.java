package dev.dendrite.runtime;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.dendrite.Padding;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float convolutions on oneDNN 2.7 called directly (JavaCPP's presets), over Dendrite's
 * channels-last arrays without layout conversions of the activations: oneDNN's kernels read and
 * write {@code nhwc} memory. Each layer's primitives are made once per input geometry and batch
 * size and kept (found by the kernel array's identity); a call only points their memory at the
 * arrays and executes, so a training step makes no object. The kernel is reordered from Keras'
 * {@code [kh, kw, in, out]} into the layout the primitive chose, and the kernel gradient back,
 * by reorders made once as well. The input gradient is computed only when asked for. A plan is
 * made and run either on the process's OpenMP threads or on one ({@link Dnnl#oneThread}), where
 * OpenMP's fork and join cost more than a small batch's arithmetic; {@link ConvolutionChoice}
 * measures which. A convolution followed by a ReLU has a plan of its own whose forward primitive
 * applies the ReLU as a post-op, writing the activation in the same pass; its backward pass runs
 * on the layer's plan without it.
 *
 * <p>ND4J links its own oneDNN (2.3) statically into libnd4jcpu.so; this one is a separate shared
 * library, so both live in one process. Where it cannot load, {@link #AVAILABLE} is false and the
 * callers keep libnd4j's ops and im2col.
 */
final class OneDnnConvolution {
  /** Whether JavaCPP's oneDNN loaded here. */
  static final boolean AVAILABLE = loads();

  private static final IdentityCache<INDArray, OneDnnConvolution[]> BY_KERNEL =
      new IdentityCache<>(1 << 10);

  /**
   * Whether a convolution of these arrays runs here: float and dense; {@code bias} (or its
   * gradient) may be null. Any batch size: with the primitives kept, oneDNN beat im2col + GEMM
   * at one sample too on the bench models' layers (forward 1.1-3.3x, backward 1.0-4.3x, apart
   * from a Conv1D first layer of 3-6 us either way).
   */
  static boolean takes(INDArray x, INDArray kernel, INDArray bias, INDArray out) {
    return AVAILABLE && Floats.all(x, kernel, out) && (bias == null || Floats.all(bias));
  }

  /**
   * {@code out = x (*) kernel + bias}, or with {@code relu} its {@code max(0, ...)} in the same
   * pass; {@code bias} may be null. On one thread for one sample, else on all: the plan
   * {@link ConvolutionChoice} takes when oneDNN is pinned.
   */
  static void forward(INDArray x, INDArray kernel, INDArray bias, INDArray out, int strideH,
      int strideW, int dilationH, int dilationW, Padding padding, boolean relu) {
    Geometry g = Geometry.of(x, kernel, out, bias != null, strideH, strideW, dilationH,
        dilationW, padding, relu);
    plan(kernel, g, g.n() == 1).forward(x, kernel, bias, out);
  }

  /**
   * The kernel gradient and, where {@code biasGrad} is not null, the bias gradient (both
   * overwritten); the input gradient only where {@code dX} is not null.
   */
  static void backward(INDArray x, INDArray kernel, INDArray dOut, INDArray dX,
      INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW, int dilationH,
      int dilationW, Padding padding) {
    Geometry g = Geometry.of(x, kernel, dOut, biasGrad != null, strideH, strideW, dilationH,
        dilationW, padding, false);
    OneDnnConvolution plan = plan(kernel, g, g.n() == 1);
    plan.backwardWeights(x, kernel, dOut, kernelGrad, biasGrad);
    if (dX != null) {
      plan.backwardData(x, kernel, dOut, dX);
    }
  }

  /**
   * The plan for {@code kernel} at geometry {@code g}, on one thread or all, made on first use
   * and kept while the kernel lives.
   */
  static OneDnnConvolution plan(INDArray kernel, Geometry g, boolean oneThread) {
    OneDnnConvolution[] plans = BY_KERNEL.get(kernel);
    if (plans != null) {
      for (OneDnnConvolution plan : plans) {
        if (plan.oneThread == oneThread && plan.geometry.equals(g)) {
          return plan;
        }
      }
    }
    OneDnnConvolution plan = Dnnl.made(oneThread, () -> new OneDnnConvolution(g, oneThread));
    synchronized (BY_KERNEL) {
      BY_KERNEL.put(kernel, Dnnl.appended(BY_KERNEL.get(kernel), plan, OneDnnConvolution[]::new));
    }
    return plan;
  }

  /**
   * A plan of its own, not kept: for a caller that runs two plans of one geometry at once (a
   * plan is locked while it runs, and its memory handles are its own).
   */
  static OneDnnConvolution unshared(Geometry g, boolean oneThread) {
    return Dnnl.made(oneThread, () -> new OneDnnConvolution(g, oneThread));
  }

  /**
   * The shapes a plan was made for, and whether its forward pass ends in a ReLU; oneDNN's
   * dimensions are always n, c, h, w.
   */
  record Geometry(int n, int height, int width, int channels, int kernelH, int kernelW,
      int filters, int outH, int outW, int strideH, int strideW, int dilationH, int dilationW,
      Padding padding, boolean bias, boolean relu, int top, int left, int bottom, int right) {

    static Geometry of(INDArray x, INDArray kernel, INDArray out, boolean bias, int strideH,
        int strideW, int dilationH, int dilationW, Padding padding, boolean relu) {
      Convolutions.Patches p = Convolutions.Patches.of(x, kernel, out, strideH, strideW,
          dilationH, dilationW, padding);
      // oneDNN wants (in + top + bottom - extent) / stride + 1 == out, rounding down
      int bottom = Math.max(0, (p.outH() - 1) * strideH
          + ShapeMath.dilatedKernel(p.kernelH(), dilationH) - p.height() - p.top());
      int right = Math.max(0, (p.outW() - 1) * strideW
          + ShapeMath.dilatedKernel(p.kernelW(), dilationW) - p.width() - p.left());
      return new Geometry(p.n(), p.height(), p.width(), p.channels(), p.kernelH(), p.kernelW(),
          p.filters(), p.outH(), p.outW(), strideH, strideW, dilationH, dilationW, padding, bias,
          relu, p.top(), p.left(), bottom, right);
    }

    boolean matches(INDArray x, INDArray out, boolean withBias, int sh, int sw, int dh, int dw,
        Padding p, boolean withRelu) {
      return x.size(0) == n && x.size(1) == height && x.size(2) == width
          && x.size(3) == channels && out.size(0) == n && out.size(1) == outH
          && out.size(2) == outW && out.size(3) == filters
          && withBias == bias && sh == strideH && sw == strideW && dh == dilationH
          && dw == dilationW && p == padding && withRelu == relu;
    }

    /** The same geometry with or without the ReLU post-op. */
    Geometry withRelu(boolean withRelu) {
      return new Geometry(n, height, width, channels, kernelH, kernelW, filters, outH, outW,
          strideH, strideW, dilationH, dilationW, padding, bias, withRelu, top, left, bottom,
          right);
    }

    long[] src() {
      return new long[] {n, channels, height, width};
    }

    long[] dst() {
      return new long[] {n, filters, outH, outW};
    }

    long[] weights() {
      return new long[] {filters, channels, kernelH, kernelW};
    }

    long[] strides() {
      return new long[] {strideH, strideW};
    }

    /** oneDNN counts dilation from 0 (taps side by side), Keras from 1. */
    long[] dilates() {
      return new long[] {dilationH - 1, dilationW - 1};
    }

    long[] paddingBefore() {
      return new long[] {top, left};
    }

    long[] paddingAfter() {
      return new long[] {bottom, right};
    }
  }

  private final Geometry geometry;
  /** Whether this plan was made, and runs, on one OpenMP thread. */
  private final boolean oneThread;
  /** This plan's own stream: oneDNN's streams are not for concurrent use, plans are locked. */
  private final stream stream = new stream(Dnnl.ENGINE);

  // the arrays' memory, pointed at them on every call
  private final memory src;
  private final memory dst;
  private final memory userWeights;
  private final memory bias;

  private final convolution_forward.primitive_desc forwardDesc;
  private final primitive forward;
  private final IntMemoryMap forwardArgs = new IntMemoryMap();
  /** The kernel in the forward primitive's layout, or {@link #userWeights} when that is HWIO. */
  private final memory forwardWeights;
  private final reorder toForwardWeights;

  // made on the first backward pass
  private convolution_backward_data.primitive_desc dataDesc;
  private convolution_backward_weights.primitive_desc weightsDesc;
  private primitive backwardData;
  private IntMemoryMap backwardDataArgs;
  private memory dataWeights;
  private reorder toDataWeights;
  private memory diffSrc;
  private primitive backwardWeights;
  private IntMemoryMap backwardWeightsArgs;
  private memory diffWeights;
  private memory userDiffWeights;
  private reorder fromDiffWeights;
  private memory diffBias;

  private OneDnnConvolution(Geometry g, boolean oneThread) {
    this.geometry = g;
    this.oneThread = oneThread;
    engine cpu = Dnnl.ENGINE;
    src = new memory(Dnnl.activations(g.src()), cpu, new Pointer());
    dst = new memory(Dnnl.activations(g.dst()), cpu, new Pointer());
    userWeights = new memory(new memory.desc(g.weights(), memory.data_type.f32,
        memory.format_tag.hwio), cpu, new Pointer());
    memory.desc biasDesc = new memory.desc(new long[] {g.filters}, memory.data_type.f32,
        memory.format_tag.x);
    bias = g.bias ? new memory(biasDesc, cpu, new Pointer()) : null;
    memory.desc anyWeights = new memory.desc(g.weights(), memory.data_type.f32,
        memory.format_tag.any);
    convolution_forward.desc desc = g.bias
        ? new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct,
            src.get_desc(), anyWeights, biasDesc, dst.get_desc(), g.strides(), g.dilates(),
            g.paddingBefore(), g.paddingAfter())
        : new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct,
            src.get_desc(), anyWeights, dst.get_desc(), g.strides(), g.dilates(),
            g.paddingBefore(), g.paddingAfter());
    forwardDesc = g.relu
        ? new convolution_forward.primitive_desc(desc, reluAfter(), cpu)
        : new convolution_forward.primitive_desc(desc, cpu);
    forward = new convolution_forward(forwardDesc);
    memory.desc chosen = forwardDesc.weights_desc();
    if (chosen.equals(userWeights.get_desc())) {
      forwardWeights = userWeights;
      toForwardWeights = null;
    } else {
      forwardWeights = new memory(chosen, cpu);
      toForwardWeights = new reorder(userWeights, forwardWeights);
    }
    forwardArgs.put(DNNL_ARG_SRC, src);
    forwardArgs.put(DNNL_ARG_WEIGHTS, forwardWeights);
    forwardArgs.put(DNNL_ARG_DST, dst);
    if (g.bias) {
      forwardArgs.put(DNNL_ARG_BIAS, bias);
    }
  }

  /** oneDNN's {@code eltwise_relu} (slope 0) as a post-op: the output is written once. */
  private static primitive_attr reluAfter() {
    post_ops ops = new post_ops();
    ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
    primitive_attr attr = new primitive_attr();
    attr.set_post_ops(ops);
    return attr;
  }

  /**
   * {@code out = x (*) kernel + b} on this plan's primitive, and the ReLU where the plan has
   * it; {@code b} may be null.
   */
  void forward(INDArray x, INDArray kernel, INDArray b, INDArray out) {
    forward(Vec.of(x).pointer(), kernel, b, Vec.of(out).pointer());
  }

  /**
   * The same on the memory at {@code x} and {@code out}, which may lie inside larger arrays
   * ({@link OneDnnHalves}' halves of an image).
   */
  synchronized void forward(Pointer x, INDArray kernel, INDArray b, Pointer out) {
    if (oneThread) {
      Dnnl.oneThread(true);
    } else {
      SecondThread.yieldCore();
    }
    try {
      requireLength(b, geometry.filters, "bias");
      src.set_data_handle(x);
      dst.set_data_handle(out);
      userWeights.set_data_handle(Vec.of(kernel).pointer());
      if (b != null) {
        bias.set_data_handle(Vec.of(b).pointer());
      }
      if (toForwardWeights != null) {
        toForwardWeights.execute(stream, userWeights, forwardWeights);
      }
      forward.execute(stream, forwardArgs);
    } finally {
      if (oneThread) {
        Dnnl.oneThread(false);
      }
    }
  }

  /**
   * Overwrites the kernel gradient and, where {@code biasGrad} is not null, the bias gradient
   * from {@code dOut}, the output's gradient.
   */
  synchronized void backwardWeights(INDArray x, INDArray kernel, INDArray dOut,
      INDArray kernelGrad, INDArray biasGrad) {
    if (oneThread) {
      Dnnl.oneThread(true);
    } else {
      SecondThread.yieldCore();
    }
    try {
      requireLength(kernelGrad, kernel.length(), "kernel gradient");
      requireLength(biasGrad, geometry.filters, "bias gradient");
      if (backwardWeights == null) {
        makeBackward();
      }
      src.set_data_handle(Vec.of(x).pointer());
      dst.set_data_handle(Vec.of(dOut).pointer());
      userDiffWeights.set_data_handle(Vec.of(kernelGrad).pointer());
      if (biasGrad != null) {
        diffBias.set_data_handle(Vec.of(biasGrad).pointer());
      }
      backwardWeights.execute(stream, backwardWeightsArgs);
      if (fromDiffWeights != null) {
        fromDiffWeights.execute(stream, diffWeights, userDiffWeights);
      }
    } finally {
      if (oneThread) {
        Dnnl.oneThread(false);
      }
    }
  }

  /** Overwrites {@code dX}, the input's gradient, from {@code dOut}. */
  synchronized void backwardData(INDArray x, INDArray kernel, INDArray dOut, INDArray dX) {
    if (oneThread) {
      Dnnl.oneThread(true);
    } else {
      SecondThread.yieldCore();
    }
    try {
      requireLength(dX, x.length(), "input gradient");
      if (backwardData == null) {
        makeBackward();
      }
      dst.set_data_handle(Vec.of(dOut).pointer());
      diffSrc.set_data_handle(Vec.of(dX).pointer());
      userWeights.set_data_handle(Vec.of(kernel).pointer());
      if (toDataWeights != null) {
        toDataWeights.execute(stream, userWeights, dataWeights);
      }
      backwardData.execute(stream, backwardDataArgs);
    } finally {
      if (oneThread) {
        Dnnl.oneThread(false);
      }
    }
  }

  /**
   * oneDNN's name for the implementation of {@code pass} ({@code 0} forward, {@code 1} backward
   * data, {@code 2} backward weights), like {@code brg:avx512_core}.
   */
  synchronized String implementation(int pass) {
    if (pass != 0 && backwardData == null) {
      Dnnl.made(oneThread, () -> {
        makeBackward();
        return this;
      });
    }
    return (pass == 0 ? forwardDesc : pass == 1 ? dataDesc : weightsDesc).impl_info_str()
        .getString();
  }

  /** Refuses an array (where not null) that oneDNN would read or write past its end. */
  private static void requireLength(INDArray a, long length, String what) {
    if (a != null && a.length() != length) {
      throw new IllegalArgumentException(what + " has " + a.length() + " elements, not "
          + length + ": " + java.util.Arrays.toString(a.shape()));
    }
  }

  /**
   * The backward primitives, their memory and reorders, made under the caller's thread count;
   * {@link #dst} holds the output gradient.
   */
  private void makeBackward() {
    Geometry g = geometry;
    engine cpu = Dnnl.ENGINE;
    memory.desc anyWeights = new memory.desc(g.weights(), memory.data_type.f32,
        memory.format_tag.any);

    diffSrc = new memory(src.get_desc(), cpu, new Pointer());
    dataDesc = new convolution_backward_data.primitive_desc(
        new convolution_backward_data.desc(algorithm.convolution_direct, diffSrc.get_desc(),
            anyWeights, dst.get_desc(), g.strides(), g.dilates(), g.paddingBefore(),
            g.paddingAfter()), cpu, forwardDesc);
    memory.desc dataChosen = dataDesc.weights_desc();
    if (dataChosen.equals(userWeights.get_desc())) {
      dataWeights = userWeights;
    } else {
      dataWeights = new memory(dataChosen, cpu);
      toDataWeights = new reorder(userWeights, dataWeights);
    }
    backwardData = new convolution_backward_data(dataDesc);
    backwardDataArgs = new IntMemoryMap();
    backwardDataArgs.put(DNNL_ARG_DIFF_DST, dst);
    backwardDataArgs.put(DNNL_ARG_WEIGHTS, dataWeights);
    backwardDataArgs.put(DNNL_ARG_DIFF_SRC, diffSrc);

    memory.desc biasDesc = new memory.desc(new long[] {g.filters}, memory.data_type.f32,
        memory.format_tag.x);
    convolution_backward_weights.desc weightsOp = g.bias
        ? new convolution_backward_weights.desc(algorithm.convolution_direct, src.get_desc(),
            anyWeights, biasDesc, dst.get_desc(), g.strides(), g.dilates(), g.paddingBefore(),
            g.paddingAfter())
        : new convolution_backward_weights.desc(algorithm.convolution_direct, src.get_desc(),
            anyWeights, dst.get_desc(), g.strides(), g.dilates(), g.paddingBefore(),
            g.paddingAfter());
    weightsDesc = new convolution_backward_weights.primitive_desc(weightsOp, cpu,
        forwardDesc);
    userDiffWeights = new memory(userWeights.get_desc(), cpu, new Pointer());
    memory.desc weightsChosen = weightsDesc.diff_weights_desc();
    if (weightsChosen.equals(userDiffWeights.get_desc())) {
      diffWeights = userDiffWeights;
    } else {
      diffWeights = new memory(weightsChosen, cpu);
      fromDiffWeights = new reorder(diffWeights, userDiffWeights);
    }
    backwardWeights = new convolution_backward_weights(weightsDesc);
    backwardWeightsArgs = new IntMemoryMap();
    backwardWeightsArgs.put(DNNL_ARG_SRC, src);
    backwardWeightsArgs.put(DNNL_ARG_DIFF_DST, dst);
    backwardWeightsArgs.put(DNNL_ARG_DIFF_WEIGHTS, diffWeights);
    if (g.bias) {
      diffBias = new memory(biasDesc, cpu, new Pointer());
      backwardWeightsArgs.put(DNNL_ARG_DIFF_BIAS, diffBias);
    }
  }

  private static boolean loads() {
    try {
      return Dnnl.ENGINE != null;
    } catch (RuntimeException | LinkageError unavailable) {
      // ExceptionInInitializerError and UnsatisfiedLinkError included: the callers fall back,
      // and the user learns once why convolutions run slower than they should
      System.err.println("warning: oneDNN 2.7 (org.bytedeco:dnnl) did not load (" + unavailable
          + "); float convolutions and pooling fall back to ND4J's own ops, several times slower");
      return false;
    }
  }
}
