package dev.dendrite.runtime;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One sample's convolution on both cores: the output's rows cut in two, each half computed by a
 * oneDNN plan of its own on one thread, the top on the calling thread and the bottom on {@link
 * SecondThread}. In channels-last memory an image's rows lie one after another, so each half
 * reads a band of input rows and writes a band of output rows where they are: no copy. The
 * bands overlap by the kernel's height less the stride; a band at the image's edge keeps that
 * edge's padding. Where the second thread has not begun its half when the caller's is done, the
 * caller takes it back and computes it too, so a busy second core costs at most the whole image
 * on one thread. A candidate of {@link ConvolutionChoice} for one sample's forward pass, kept
 * where measured faster than the whole image on one thread (M3's conv2, 19x19x32 -> 10x10x32
 * with 10x10 kernels, is a one-core kernel at its peak).
 */
final class OneDnnHalves implements Runnable {
  private static final IdentityCache<INDArray, OneDnnHalves[]> BY_KERNEL =
      new IdentityCache<>(1 << 10);

  private final OneDnnConvolution.Geometry geometry;
  private final OneDnnConvolution top;
  private final OneDnnConvolution bottom;
  /** Where the bottom band begins in the input and in the output, in floats. */
  private final long bottomIn;
  private final long bottomOut;
  /** Where the top band begins in the input, in floats (past rows it does not read). */
  private final long topIn;
  private final Blas.FloatCursor topX = new Blas.FloatCursor();
  private final Blas.FloatCursor bottomX = new Blas.FloatCursor();
  private final Blas.FloatCursor bottomY = new Blas.FloatCursor();
  // the call's operands, for the second thread
  private Pointer x;
  private Pointer out;
  private INDArray kernel;
  private INDArray bias;

  /** Whether a convolution of this geometry can be cut: one sample, two output rows or more. */
  static boolean fits(OneDnnConvolution.Geometry g) {
    return g.n() == 1 && g.outH() >= 2;
  }

  /** The halves for {@code kernel} at {@code g}, made on first use and kept while it lives. */
  static OneDnnHalves of(INDArray kernel, OneDnnConvolution.Geometry g) {
    OneDnnHalves[] made = BY_KERNEL.get(kernel);
    if (made != null) {
      for (OneDnnHalves halves : made) {
        if (halves.geometry.equals(g)) {
          return halves;
        }
      }
    }
    OneDnnHalves halves = new OneDnnHalves(g);
    synchronized (BY_KERNEL) {
      BY_KERNEL.put(kernel, Dnnl.appended(BY_KERNEL.get(kernel), halves, OneDnnHalves[]::new));
    }
    return halves;
  }

  private OneDnnHalves(OneDnnConvolution.Geometry g) {
    if (!fits(g)) {
      throw new IllegalArgumentException("not a one-sample convolution of two rows or more: "
          + g);
    }
    this.geometry = g;
    int split = g.outH() / 2;
    Band upper = band(g, 0, split);
    Band lower = band(g, split, g.outH());
    // plans of their own: the two bands often have one geometry, and run at once
    top = OneDnnConvolution.unshared(upper.geometry, true);
    bottom = OneDnnConvolution.unshared(lower.geometry, true);
    long inRow = (long) g.width() * g.channels();
    topIn = upper.firstRow * inRow;
    bottomIn = lower.firstRow * inRow;
    bottomOut = (long) split * g.outW() * g.filters();
  }

  /** Output rows [from, to): the input rows they read and the geometry of that band. */
  private record Band(long firstRow, OneDnnConvolution.Geometry geometry) {}

  private static Band band(OneDnnConvolution.Geometry g, int from, int to) {
    int extent = ShapeMath.dilatedKernel(g.kernelH(), g.dilationH());
    int first = from * g.strideH() - g.top();
    int last = (to - 1) * g.strideH() - g.top() + extent - 1;
    int padTop = Math.max(0, -first);
    int padBottom = Math.max(0, last - (g.height() - 1));
    int firstRow = Math.max(0, first);
    int rows = Math.min(g.height() - 1, last) - firstRow + 1;
    return new Band(firstRow, new OneDnnConvolution.Geometry(1, rows, g.width(), g.channels(),
        g.kernelH(), g.kernelW(), g.filters(), to - from, g.outW(), g.strideH(), g.strideW(),
        g.dilationH(), g.dilationW(), g.padding(), g.bias(), g.relu(), padTop, g.left(),
        padBottom, g.right()));
  }

  /** {@code out = x (*) kernel + bias}, with the geometry's ReLU; {@code bias} may be null. */
  synchronized void forward(INDArray x, INDArray kernel, INDArray bias, INDArray out) {
    this.x = Vec.of(x).pointer();
    this.out = Vec.of(out).pointer();
    this.kernel = kernel;
    this.bias = bias;
    // Shared passes' back-off is not consulted: a half the second thread has not begun is taken
    // back below, which bounds a busy core's cost to the hand-off.
    if (!SecondThread.claim()) {
      runTop();
      run();
      return;
    }
    SecondThread.start(this);
    boolean taken = false;
    try {
      runTop();
    } finally {
      taken = SecondThread.retractOrFinish();
    }
    if (taken) {
      // The second thread had not begun its half in the time of this one (parked, or its core
      // held): this thread does it. No back-off: the thread was woken and spins for the next
      // call, where a back-off would let it park again and lose that call's race too.
      run();
    }
  }

  private void runTop() {
    top.forward(topX.at(x, topIn), kernel, bias, out);
  }

  /** The bottom half, on the second thread. */
  @Override
  public void run() {
    bottom.forward(bottomX.at(x, bottomIn), kernel, bias, bottomY.at(out, bottomOut));
  }

  /** oneDNN's implementation of the halves' forward pass. */
  String implementation() {
    return top.implementation(0);
  }
}
