package dev.dendrite.runtime;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import dev.dendrite.Padding;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float max and average pooling on oneDNN 2.7 called directly, over channels-last arrays in
 * place (as {@link OneDnnConvolution}): each layer's primitives are made once per geometry and
 * batch size and kept, found by the input array's identity, so a call makes no object. Average
 * pooling divides by the cells inside the input (oneDNN's {@code avg_exclude_padding}, Keras'
 * rule). One-sample plans run on one thread, as {@link OneDnnConvolution}'s.
 *
 * <p>Max pooling's backward pass reads the maxima's positions from a workspace the forward pass
 * wrote (oneDNN's; the gradient goes to the first maximum of each window in row-major order, as
 * the loops send it). The plan keeps that workspace, allocated once, and the address of the
 * input it came from: a backward pass over another input first runs the forward pass again into
 * a scratch output of its own. The input must not change between the two passes, which the
 * generated code's order (the step's forward, then its backward) gives.
 */
final class OneDnnPooling {
  private static final IdentityCache<INDArray, OneDnnPooling[]> BY_INPUT =
      new IdentityCache<>(1 << 10);

  /** Whether pooling over these arrays runs here: float, with the library loaded. */
  static boolean takes(INDArray x, INDArray out) {
    return OneDnnConvolution.AVAILABLE && Floats.all(x, out);
  }

  /** Pools {@code x [n, h, w, c]} into {@code out [n, outH, outW, c]}. */
  static void forward(INDArray x, INDArray out, int poolH, int poolW, int strideH, int strideW,
      Padding padding, boolean max) {
    plan(x, out, poolH, poolW, strideH, strideW, padding, max).runForward(x, out);
  }

  /** Overwrites {@code dX} with the gradient from {@code dOut}, the output's gradient. */
  static void backward(INDArray x, INDArray dOut, INDArray dX, int poolH, int poolW,
      int strideH, int strideW, Padding padding, boolean max) {
    if (dX.length() != x.length() || !Floats.all(dX)) {
      throw new IllegalArgumentException("the input gradient " + java.util.Arrays.toString(
          dX.shape()) + " is not a float array of the input's shape "
          + java.util.Arrays.toString(x.shape()));
    }
    plan(x, dOut, poolH, poolW, strideH, strideW, padding, max).runBackward(x, dOut, dX);
  }

  private static OneDnnPooling plan(INDArray x, INDArray out, int poolH, int poolW,
      int strideH, int strideW, Padding padding, boolean max) {
    OneDnnPooling[] plans = BY_INPUT.get(x);
    if (plans != null) {
      for (OneDnnPooling plan : plans) {
        if (plan.geometry.matches(x, out, poolH, poolW, strideH, strideW, padding, max)) {
          return plan;
        }
      }
    }
    Geometry g = Geometry.of(x, out, poolH, poolW, strideH, strideW, padding, max);
    OneDnnPooling plan = Dnnl.made(g.n(), () -> new OneDnnPooling(g));
    BY_INPUT.put(x, Dnnl.appended(plans, plan, OneDnnPooling[]::new));
    return plan;
  }

  /** The shapes a plan was made for; oneDNN's dimensions are always n, c, h, w. */
  private record Geometry(int n, int height, int width, int channels, int poolH, int poolW,
      int outH, int outW, int strideH, int strideW, Padding padding, boolean max, int top,
      int left, int bottom, int right) {

    static Geometry of(INDArray x, INDArray out, int poolH, int poolW, int strideH,
        int strideW, Padding padding, boolean max) {
      int h = (int) x.size(1);
      int w = (int) x.size(2);
      int outH = ShapeMath.outputLength(h, poolH, strideH, padding);
      int outW = ShapeMath.outputLength(w, poolW, strideW, padding);
      if (x.rank() != 4 || out.rank() != 4 || out.size(0) != x.size(0) || out.size(1) != outH
          || out.size(2) != outW || out.size(3) != x.size(3)) {
        throw new IllegalArgumentException("pooling shapes do not agree: input "
            + java.util.Arrays.toString(x.shape()) + ", output "
            + java.util.Arrays.toString(out.shape()));
      }
      int top = ShapeMath.paddingBefore(h, poolH, strideH, padding);
      int left = ShapeMath.paddingBefore(w, poolW, strideW, padding);
      // oneDNN wants (in + top + bottom - pool) / stride + 1 == out, rounding down
      int bottom = Math.max(0, (outH - 1) * strideH + poolH - h - top);
      int right = Math.max(0, (outW - 1) * strideW + poolW - w - left);
      return new Geometry((int) x.size(0), h, w, (int) x.size(3), poolH, poolW, outH, outW,
          strideH, strideW, padding, max, top, left, bottom, right);
    }

    boolean matches(INDArray x, INDArray out, int ph, int pw, int sh, int sw, Padding p,
        boolean isMax) {
      return x.size(0) == n && x.size(1) == height && x.size(2) == width
          && x.size(3) == channels && out.size(0) == n && out.size(1) == outH
          && out.size(2) == outW && out.size(3) == channels && ph == poolH && pw == poolW
          && sh == strideH && sw == strideW && p == padding && isMax == max;
    }

    long[] src() {
      return new long[] {n, channels, height, width};
    }

    long[] dst() {
      return new long[] {n, channels, outH, outW};
    }

    algorithm algorithm() {
      return max ? algorithm.pooling_max : algorithm.pooling_avg_exclude_padding;
    }
  }

  private final Geometry geometry;
  /** This plan's own stream: oneDNN's streams are not for concurrent use, plans are locked. */
  private final stream stream = new stream(Dnnl.ENGINE);

  // the arrays' memory, pointed at them on every call
  private final memory src;
  private final memory dst;

  private final pooling_forward.primitive_desc forwardDesc;
  private final primitive forward;
  private final IntMemoryMap forwardArgs = new IntMemoryMap();
  /** Where max pooling's forward pass leaves its maxima's positions; null for average. */
  private final memory workspace;
  /** The address of the input whose maxima {@link #workspace} holds, or 0. */
  private long workspaceOf;

  // made on the first backward pass
  private primitive backward;
  private IntMemoryMap backwardArgs;
  private memory diffSrc;
  /** A forward pass's output where only its workspace is wanted; made when first needed. */
  private memory scratchDst;

  private OneDnnPooling(Geometry g) {
    this.geometry = g;
    src = new memory(Dnnl.activations(g.src()), Dnnl.ENGINE, new Pointer());
    dst = new memory(Dnnl.activations(g.dst()), Dnnl.ENGINE, new Pointer());
    long[] window = {g.poolH, g.poolW};
    long[] strides = {g.strideH, g.strideW};
    long[] before = {g.top, g.left};
    long[] after = {g.bottom, g.right};
    forwardDesc = new pooling_forward.primitive_desc(new pooling_forward.desc(
        prop_kind.forward_training, g.algorithm(), src.get_desc(), dst.get_desc(), strides,
        window, before, after), Dnnl.ENGINE);
    forward = new pooling_forward(forwardDesc);
    forwardArgs.put(DNNL_ARG_SRC, src);
    forwardArgs.put(DNNL_ARG_DST, dst);
    workspace = g.max ? new memory(forwardDesc.workspace_desc(), Dnnl.ENGINE) : null;
    if (workspace != null) {
      forwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
    }
  }

  private synchronized void runForward(INDArray x, INDArray out) {
    boolean one = geometry.n() == 1;
    if (one) {
      Dnnl.oneThread(true);
    } else {
      SecondThread.yieldCore();
    }
    try {
      Pointer input = Vec.of(x).pointer();
      src.set_data_handle(input);
      dst.set_data_handle(Vec.of(out).pointer());
      forward.execute(stream, forwardArgs);
      workspaceOf = input.address();
    } finally {
      if (one) {
        Dnnl.oneThread(false);
      }
    }
  }

  private synchronized void runBackward(INDArray x, INDArray dOut, INDArray dX) {
    boolean one = geometry.n() == 1;
    if (one) {
      Dnnl.oneThread(true);
    } else {
      SecondThread.yieldCore();
    }
    try {
      if (backward == null) {
        makeBackward();
      }
      Pointer input = Vec.of(x).pointer();
      if (workspace != null && workspaceOf != input.address()) {
        if (scratchDst == null) {
          scratchDst = new memory(dst.get_desc(), Dnnl.ENGINE);
        }
        src.set_data_handle(input);
        dst.set_data_handle(scratchDst.get_data_handle());
        forward.execute(stream, forwardArgs);
        workspaceOf = input.address();
      }
      dst.set_data_handle(Vec.of(dOut).pointer());
      diffSrc.set_data_handle(Vec.of(dX).pointer());
      backward.execute(stream, backwardArgs);
    } finally {
      if (one) {
        Dnnl.oneThread(false);
      }
    }
  }

  /** The backward primitive; {@link #dst} holds the output gradient. */
  private void makeBackward() {
    Geometry g = geometry;
    diffSrc = new memory(src.get_desc(), Dnnl.ENGINE, new Pointer());
    var desc = new pooling_backward.primitive_desc(new pooling_backward.desc(g.algorithm(),
        diffSrc.get_desc(), dst.get_desc(), new long[] {g.strideH, g.strideW},
        new long[] {g.poolH, g.poolW}, new long[] {g.top, g.left},
        new long[] {g.bottom, g.right}), Dnnl.ENGINE, forwardDesc);
    backward = new pooling_backward(desc);
    backwardArgs = new IntMemoryMap();
    backwardArgs.put(DNNL_ARG_DIFF_DST, dst);
    backwardArgs.put(DNNL_ARG_DIFF_SRC, diffSrc);
    if (workspace != null) {
      backwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
    }
  }
}
