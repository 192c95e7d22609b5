package dev.dendrite.runtime;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * libnd4j's convolution and pooling ops, each run through a native op context prepared for its
 * arrays once and kept (keyed weakly by its first output): a layer passes the same arrays every
 * batch, so after the first a call makes no Java object and no native one. ND4J's op builder
 * made an op, a context and about 5 KB of heap per call; its executor with a kept context still
 * about 0.8 KB.
 *
 * <p>Arguments are libnd4j's eleven integer arguments of a 2-D window op: {@code kh, kw, sh, sw,
 * 0, 0, 1, 1, same, last1, last2} (no explicit padding, dilation 1).
 */
final class PreparedOps {
  private static final IdentityCache<INDArray, Prepared> CACHE = new IdentityCache<>(1 << 12);
  private static final ConcurrentHashMap<String, Long> HASHES = new ConcurrentHashMap<>();
  private static final org.nd4j.nativeblas.NativeOps LIBND4J =
      NativeOpsHolder.getInstance().getDeviceNativeOps();

  private PreparedOps() {}

  /**
   * A context ready to run: the op, its arrays (inputs then outputs, null where absent, held
   * weakly) and its window arguments.
   */
  private record Prepared(String op, long hash, OpContext context,
      WeakReference<INDArray>[] arrays,
      int kh, int kw, int sh, int sw, boolean same, int last1, int last2) {

    boolean matches(String op, int kh, int kw, int sh, int sw, boolean same, int last1,
        int last2, INDArray in0, INDArray in1, INDArray in2, INDArray in3, INDArray out0,
        INDArray out1, INDArray out2) {
      return this.op.equals(op) && this.kh == kh && this.kw == kw && this.sh == sh
          && this.sw == sw && this.same == same && this.last1 == last1 && this.last2 == last2
          && holds(0, in0) && holds(1, in1) && holds(2, in2) && holds(3, in3) && holds(4, out0)
          && holds(5, out1) && holds(6, out2);
    }

    /** Whether array {@code i} is {@code array}, still open (both null counts). */
    private boolean holds(int i, INDArray array) {
      INDArray held = arrays[i] == null ? null : arrays[i].get();
      return held == array && (array == null || !array.wasClosed());
    }
  }

  /**
   * Runs {@code op} on up to four inputs and three outputs (null where absent; outputs are
   * written in place).
   *
   * @throws IllegalStateException if libnd4j reports a failure
   */
  static void run(String op, int kh, int kw, int sh, int sw, boolean same, int last1, int last2,
      INDArray in0, INDArray in1, INDArray in2, INDArray in3, INDArray out0, INDArray out1,
      INDArray out2) {
    Prepared prepared = CACHE.get(out0);
    if (prepared == null || !prepared.matches(op, kh, kw, sh, sw, same, last1, last2, in0, in1,
        in2, in3, out0, out1, out2)) {
      prepared = prepare(op, kh, kw, sh, sw, same, last1, last2,
          new INDArray[] {in0, in1, in2, in3, out0, out1, out2});
      CACHE.put(out0, prepared);
    }
    SecondThread.yieldCore();
    int status = LIBND4J.execCustomOp2(null, prepared.hash, prepared.context.contextPointer());
    if (status != 0) {
      throw new IllegalStateException("libnd4j's " + op + " failed with status " + status);
    }
  }

  @SuppressWarnings("unchecked")
  private static Prepared prepare(String op, int kh, int kw, int sh, int sw, boolean same,
      int last1, int last2, INDArray[] arrays) {
    OpContext context = Nd4j.getExecutioner().buildContext();
    context.setInputArrays(present(arrays, 0, 4));
    context.setOutputArrays(present(arrays, 4, 7));
    context.setIArguments(kh, kw, sh, sw, 0, 0, 1, 1, same ? 1 : 0, last1, last2);
    WeakReference<INDArray>[] refs = new WeakReference[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      refs[i] = arrays[i] == null ? null : new WeakReference<>(arrays[i]);
    }
    long hash = HASHES.computeIfAbsent(op, name -> DynamicCustomOp.builder(name).build().opHash());
    return new Prepared(op, hash, context, refs, kh, kw, sh, sw, same, last1, last2);
  }

  private static INDArray[] present(INDArray[] arrays, int from, int to) {
    return java.util.Arrays.stream(arrays, from, to).filter(a -> a != null)
        .toArray(INDArray[]::new);
  }
}
