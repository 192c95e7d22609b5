package dev.dendrite.runtime;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;

/** JavaCPP's oneDNN 2.7: the CPU engine, made on first use, and Dendrite's activation layout. */
final class Dnnl {
  static final engine ENGINE = new engine(engine.kind.cpu, 0);

  private Dnnl() {}

  /**
   * Sets the calling thread's OpenMP thread count (libgomp keeps one per thread) to one
   * ({@code true}) or back to the process's. oneDNN's primitives made and run under one thread
   * run inline, without waking the pool: M2's convolutions and poolings at one sample took 39-40
   * us against 62-64, M3's 141-145 against 178-194 (alternately in one JVM, under load).
   */
  static void oneThread(boolean one) {
    OpenMp.BINDINGS.setOmpNumThreads(one ? 1 : OpenMp.THREADS);
  }

  /** The process's OpenMP thread count, which a plan not on one thread runs on. */
  static int threads() {
    return OpenMp.THREADS;
  }

  /**
   * A new plan from {@code make}, made on one thread for one sample: oneDNN's kernels fix their
   * thread count when made, and a one-sample plan runs on one ({@link #oneThread}).
   */
  static <T> T made(int samples, java.util.function.Supplier<T> make) {
    return made(samples == 1, make);
  }

  /** A new plan from {@code make}, made on one thread ({@code one}) or on the process's. */
  static <T> T made(boolean one, java.util.function.Supplier<T> make) {
    if (one) {
      oneThread(true);
    }
    try {
      return make.get();
    } finally {
      if (one) {
        oneThread(false);
      }
    }
  }

  /** {@code plans} (null for none yet) with {@code plan} after them, in a new array. */
  static <T> T[] appended(T[] plans, T plan, java.util.function.IntFunction<T[]> array) {
    T[] more = plans == null ? array.apply(1) : java.util.Arrays.copyOf(plans, plans.length + 1);
    more[more.length - 1] = plan;
    return more;
  }

  /**
   * libnd4j's bindings, for the OpenMP runtime (libgomp) it shares with this library; made on
   * first use, after ND4J's backend has loaded (the holder fails before).
   */
  private static final class OpenMp {
    static final org.nd4j.nativeblas.NativeOps BINDINGS = bindings();
    static final int THREADS = BINDINGS.ompGetMaxThreads();

    private static org.nd4j.nativeblas.NativeOps bindings() {
      org.nd4j.linalg.factory.Nd4j.getBackend();
      return org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
  }

  /**
   * Channels-last activations {@code [n, h, w, c]}, in oneDNN's n, c, h, w dimensions. Also for
   * one channel, where nchw is the same memory: declared nchw, M3's first layer took 1.9 s
   * instead of 1.3 ms forward at batch 128.
   */
  static memory.desc activations(long[] nchw) {
    return new memory.desc(nchw, memory.data_type.f32, memory.format_tag.nhwc);
  }
}
