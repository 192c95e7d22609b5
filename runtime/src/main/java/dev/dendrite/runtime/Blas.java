package dev.dendrite.runtime;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix products straight through OpenBLAS's {@code cblas_?gemm} on the arrays' memory (the same
 * library ND4J loads): no ND4J op, no temporary array. Measured at 128x784x300 here: about 90
 * GFLOP/s against 50-75 through {@code Nd4j.gemm}, which copies row-major operands.
 */
final class Blas {
  private Blas() {}

  /**
   * {@code c = op(a) · op(b)} for dense row-major 2-D arrays of one data type, where
   * {@code op(x)} is x or its transpose.
   */
  static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
    int m = (int) c.size(0);
    int n = (int) c.size(1);
    int k = (int) (transposeA ? a.size(0) : a.size(1));
    if ((transposeA ? a.size(1) : a.size(0)) != m || (transposeB ? b.size(1) : b.size(0)) != k
        || (transposeB ? b.size(0) : b.size(1)) != n) {
      throw new IllegalArgumentException("gemm shapes do not agree: "
          + java.util.Arrays.toString(a.shape()) + (transposeA ? "ᵀ" : "") + " · "
          + java.util.Arrays.toString(b.shape()) + (transposeB ? "ᵀ" : "") + " -> "
          + java.util.Arrays.toString(c.shape()));
    }
    gemm(a, b, c, transposeA, transposeB, m, n, k);
  }

  /**
   * The same for arrays of any shape read as row-major matrices: {@code op(a)} is m x k,
   * {@code op(b)} k x n, {@code c} m x n (so no reshaped views need to be made).
   */
  static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
      int m, int n, int k) {
    if (a.length() != (long) m * k || b.length() != (long) k * n || c.length() != (long) m * n) {
      throw new IllegalArgumentException("gemm sizes do not agree: " + m + "x" + k + " · " + k
          + "x" + n + " with arrays of " + a.length() + ", " + b.length() + ", " + c.length());
    }
    int lda = transposeA ? m : k;
    int ldb = transposeB ? k : n;
    if (c.dataType() == DataType.FLOAT && SharedProduct.pays(m, n, k)) {
      SharedProduct.run(a, lda, transposeA, b, ldb, transposeB, c, m, n, k);
      return;
    }
    int ta = transposeA ? CblasTrans : CblasNoTrans;
    int tb = transposeB ? CblasTrans : CblasNoTrans;
    if (c.dataType() == DataType.FLOAT) {
      cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1f, (FloatPointer) Vec.of(a).pointer(), lda,
          (FloatPointer) Vec.of(b).pointer(), ldb, 0f, (FloatPointer) Vec.of(c).pointer(), n);
    } else {
      cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1, (DoublePointer) Vec.of(a).pointer(), lda,
          (DoublePointer) Vec.of(b).pointer(), ldb, 0, (DoublePointer) Vec.of(c).pointer(), n);
    }
  }

  /**
   * {@code c = op(a) · op(b) + beta c} on row-major sub-matrices: {@code a} from element
   * {@code aAt} with rows {@code lda} apart, and so on; one time step of a batch of series is
   * such a matrix. The three arrays must be distinct. Safe to call from two threads at once on
   * the same arrays: the offsets go into this thread's own pointers, not the arrays' shared ones.
   */
  static void gemm(INDArray a, long aAt, int lda, boolean transposeA, INDArray b, long bAt,
      int ldb, boolean transposeB, INDArray c, long cAt, int ldc, int m, int n, int k,
      double beta) {
    if (a == b || b == c || a == c) {
      throw new IllegalArgumentException("gemm on sub-matrices needs three distinct arrays");
    }
    int ta = transposeA ? CblasTrans : CblasNoTrans;
    int tb = transposeB ? CblasTrans : CblasNoTrans;
    Cursors cursors = CURSORS.get();
    Pointer pa = Vec.of(a).pointer();
    Pointer pb = Vec.of(b).pointer();
    Pointer pc = Vec.of(c).pointer();
    if (c.dataType() == DataType.FLOAT) {
      cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1f, cursors.floatA.at(pa, aAt), lda,
          cursors.floatB.at(pb, bAt), ldb, (float) beta, cursors.floatC.at(pc, cAt), ldc);
    } else {
      cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1, cursors.doubleA.at(pa, aAt), lda,
          cursors.doubleB.at(pb, bAt), ldb, beta, cursors.doubleC.at(pc, cAt), ldc);
    }
  }

  /**
   * A float product shared by Dendrite's two threads ({@link SplitPass}): its output cut into
   * blocks of rows (or of columns, when it is wider than tall), each block computed by oneDNN's
   * {@code dnnl_sgemm} on the thread that takes it, on one OpenMP thread. On 2 cores, quiet, at
   * M1's products (batch 128, 25th percentiles in one JVM): 128x784x300 215 us against 312 for
   * OpenBLAS on its two threads, 784x128x300 (weight gradient) 208 against 340, 128x300x100 28
   * against 49: oneDNN's AVX-512 kernels are faster on one thread than OpenBLAS's here (64
   * rows of the first: 184 against 275 us), and the two halves run side by side without
   * OpenMP's or OpenBLAS's wake-ups. The blocks are fixed by the shape alone, so the result is
   * the same bit for bit whichever thread computes which block, or the caller all of them.
   */
  static final class SharedProduct extends SplitPass {
    private static final ThreadLocal<SharedProduct> OWN =
        ThreadLocal.withInitial(SharedProduct::new);
    /** Blocks a product is cut into: two for the two threads, two more to even out a late one. */
    private static final int BLOCKS = 4;
    private static final byte NO = 'N';
    private static final byte YES = 'T';

    private Pointer a;
    private Pointer b;
    private Pointer c;
    private int lda;
    private int ldb;
    private boolean transposeA;
    private boolean transposeB;
    private int m;
    private int n;
    private int k;
    private boolean byRows;
    private int block;

    private SharedProduct() {
      super(0);
    }

    /**
     * Multiply-adds above which a product is shared. One sample's products are bound by reading
     * the weights, which two cores do from two caches: 1x1024x512 22.5 us shared against 48.1 on
     * OpenBLAS's one thread, 1x512x256 4.7 against 6.9, 1x784x300 6.5-11 against 11.6-12 (25th
     * percentiles, runs apart); at and below 2^17 the hand-off costs more than it saves
     * (1x256x256 4.2 against 3.3, 8x256x64 3.2 against 1.5, 1x300x100 3.0 against 1.7).
     */
    static final long SHARED_MACS = 1 << 17;

    /**
     * Whether a product of this size is shared: above {@link #SHARED_MACS}, with sharing on
     * ({@link SplitPass#sharing()}) and the process's OpenMP threads two, the pair this pass
     * replaces.
     */
    static boolean pays(int m, int n, int k) {
      return (long) m * n * k > SHARED_MACS && Math.max(m, n) >= 2 * BLOCKS
          && SplitPass.sharing() && Dnnl.threads() == 2;
    }

    static void run(INDArray a, int lda, boolean transposeA, INDArray b, int ldb,
        boolean transposeB, INDArray c, int m, int n, int k) {
      SharedProduct pass = OWN.get();
      pass.a = Vec.of(a).pointer();
      pass.b = Vec.of(b).pointer();
      pass.c = Vec.of(c).pointer();
      pass.lda = lda;
      pass.ldb = ldb;
      pass.transposeA = transposeA;
      pass.transposeB = transposeB;
      pass.m = m;
      pass.n = n;
      pass.k = k;
      pass.byRows = m >= n;
      // rows in multiples of 8, columns of 16 floats (64 bytes)
      int rounding = pass.byRows ? 8 : 16;
      int extent = pass.byRows ? m : n;
      pass.block = Math.max(rounding, (extent / BLOCKS + rounding - 1) / rounding * rounding);
      Dnnl.oneThread(true);
      try {
        pass.run(extent, pass.block);
      } finally {
        Dnnl.oneThread(false);
      }
    }

    @Override
    void range(int from, int to) {
      if (Thread.currentThread() == SecondThread.thread()) {
        Dnnl.oneThread(true); // the second thread's own setting, which a one-thread plan resets
      }
      Cursors cursors = CURSORS.get();
      for (int at = from; at < to; at += block) {
        int size = Math.min(block, to - at);
        int status;
        if (byRows) {
          status = org.bytedeco.dnnl.global.dnnl.dnnl_sgemm(transposeA ? YES : NO,
              transposeB ? YES : NO, size, n, k, 1f,
              cursors.floatA.at(a, transposeA ? at : (long) at * lda), lda,
              cursors.floatB.at(b, 0), ldb, 0f, cursors.floatC.at(c, (long) at * n), n);
        } else {
          status = org.bytedeco.dnnl.global.dnnl.dnnl_sgemm(transposeA ? YES : NO,
              transposeB ? YES : NO, m, size, k, 1f, cursors.floatA.at(a, 0), lda,
              cursors.floatB.at(b, transposeB ? (long) at * ldb : at), ldb, 0f,
              cursors.floatC.at(c, at), n);
        }
        if (status != 0) {
          throw new IllegalStateException("oneDNN's sgemm failed (status " + status + ") on "
              + m + "x" + k + " · " + k + "x" + n);
        }
      }
    }
  }

  private static final ThreadLocal<Cursors> CURSORS = ThreadLocal.withInitial(Cursors::new);

  /** One thread's pointers into other arrays' memory, moved for each call. */
  private static final class Cursors {
    final FloatCursor floatA = new FloatCursor();
    final FloatCursor floatB = new FloatCursor();
    final FloatCursor floatC = new FloatCursor();
    final DoubleCursor doubleA = new DoubleCursor();
    final DoubleCursor doubleB = new DoubleCursor();
    final DoubleCursor doubleC = new DoubleCursor();
  }

  /** A float pointer that owns no memory and can be moved to any element of another pointer. */
  static final class FloatCursor extends FloatPointer {
    FloatCursor at(Pointer base, long element) {
      address = base.address() + element * Float.BYTES;
      return this;
    }
  }

  /** A double pointer that owns no memory and can be moved to any element of another pointer. */
  private static final class DoubleCursor extends DoublePointer {
    DoubleCursor at(Pointer base, long element) {
      address = base.address() + element * Double.BYTES;
      return this;
    }
  }

  /**
   * Multiply-adds up to which OpenBLAS runs a product on the calling thread (its
   * {@code GEMM_MULTITHREAD_THRESHOLD} of 4 times 65,536); larger ones are handed to its threads.
   */
  static final long SINGLE_THREAD_MACS = 1 << 18;
}
