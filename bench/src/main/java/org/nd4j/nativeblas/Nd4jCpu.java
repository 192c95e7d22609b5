package org.nd4j.nativeblas;

/**
 * A shim under the class name Deeplearning4j 1.0.0-M2.1 looks up to decide whether its oneDNN
 * layer helpers may load ({@code Nd4jCpu$Environment.isUseMKLDNN()}); ND4J M2.1 renamed both
 * class and method, so without this shim DL4J silently falls back to its slow Java im2col path.
 * It forwards to the real environment. Used only by the benchmark's DL4J peer.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** Forwards DL4J's reflective check to ND4J's renamed environment. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
          .isUseONEDNN();
    }
  }
}
