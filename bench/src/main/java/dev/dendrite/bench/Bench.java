package dev.dendrite.bench;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import dev.dendrite.Network;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures Dendrite's generated networks and Deeplearning4j's MultiLayerNetwork on the same six
 * models, batch, data and ND4J binary, alternating between them so that the machine's drifting
 * speed affects both alike. Prints a table and one JSON line per measurement.
 *
 * <p>{@code --quick} measures fewer rounds (under five minutes on 2 cores). Model ids after the
 * options ({@code M5 M6}) measure only those models.
 */
public final class Bench {
  private static final int BATCH = 128;
  private static final int INFER_BATCH = 1000;

  /** One benchmark model in both frameworks. */
  private record Case(String id, String description, Supplier<Network> dendrite,
      Supplier<MultiLayerNetwork> dl4j, long[] dl4jShape, long trainMacsPerSample) {}

  /** Best results of one framework on one model. */
  private record Result(double trainSamplesPerSecond, double inferSamplesPerSecond,
      double latencyMicros) {}

  private final boolean quick;
  private final List<String> only;
  private final PyTorchResults pytorch;
  private final List<String> json = new ArrayList<>();

  private Bench(boolean quick, List<String> only, PyTorchResults pytorch) {
    this.quick = quick;
    this.only = only;
    this.pytorch = pytorch;
  }

  public static void main(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    List<String> only = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
    List<String> known = cases().stream().map(Case::id).toList();
    for (String id : only) {
      if (!known.contains(id)) {
        System.err.println("unknown model " + id + ": the models are " + known);
        System.exit(2);
      }
    }
    PyTorchResults pytorch = Arrays.stream(args).filter(a -> a.startsWith("--pytorch="))
        .map(a -> PyTorchResults.read(java.nio.file.Path.of(a.substring("--pytorch=".length()))))
        .findFirst().orElse(PyTorchResults.NONE);
    new Bench(quick, only, pytorch).run();
  }

  private static List<Case> cases() {
    // multiply-adds per training sample: forward + weight gradients + input gradients
    // (none for the first layer), counted per layer as in Keras' shapes
    long m1 = macs(784L * 300, 300L * 100, 100L * 10);
    long m2 = macs(26L * 26 * 32 * 9, 11L * 11 * 64 * 9 * 32, 1600L * 10);
    long m3 = macs(19L * 19 * 32 * 100, 10L * 10 * 32 * 100 * 32, 128L * 100, 100L * 10);
    long m4 = macs(119L * 32 * 10, 110L * 32 * 10 * 32, 704L * 100, 100L * 3);
    // batch normalization's few operations per value are not multiply-adds of a GEMM: M5 counts
    // M2's; M6 counts the LSTM's input and recurrent products over 128 steps, 4 gates each
    long m5 = m2;
    long m6 = macs(128L * 4 * 64, 128L * 4 * 64 * 64, 64L * 3);
    return List.of(
        new Case("M1", "seed MLP 784-300-100-10", BenchModels_M1Network::new,
            () -> Dl4jModels.m1(DataType.FLOAT, true), new long[] {BATCH, 784}, m1),
        new Case("M2", "Keras MNIST convnet", BenchModels_M2Network::new,
            () -> Dl4jModels.m2(DataType.FLOAT, true), new long[] {BATCH, 28, 28, 1}, m2),
        new Case("M3", "seed CNN 10x10 kernels", BenchModels_M3Network::new,
            () -> Dl4jModels.m3(DataType.FLOAT), new long[] {BATCH, 28, 28, 1}, m3),
        new Case("M4", "Conv1D series classifier", BenchModels_M4Network::new,
            () -> Dl4jModels.m4(DataType.FLOAT), new long[] {BATCH, 1, 128}, m4),
        new Case("M5", "MNIST convnet + BatchNorm", BenchModels_M5Network::new,
            () -> Dl4jModels.m5(DataType.FLOAT, true), new long[] {BATCH, 28, 28, 1}, m5),
        new Case("M6", "LSTM(64), 128 steps", BenchModels_M6Network::new,
            () -> Dl4jModels.m6(DataType.FLOAT), new long[] {BATCH, 128, 1}, m6));
  }

  /** Training multiply-adds: 3x the forward pass, less the first layer's input gradient. */
  private static long macs(long... forwardPerLayer) {
    long forward = Arrays.stream(forwardPerLayer).sum();
    return 3 * forward - forwardPerLayer[0];
  }

  private void run() {
    System.out.println("Dendrite vs Deeplearning4j " + (quick ? "(quick)" : "")
        + ": batch " + BATCH + ", float32, Adam, " + Runtime.getRuntime().availableProcessors()
        + " cores, OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"));
    System.out.println("ND4J: " + Nd4j.getExecutioner().getEnvironmentInformation()
        .getProperty("blas.vendor", "?") + ", DL4J oneDNN helpers "
        + (org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled() ? "on" : "OFF"));
    double peak = machinePeak();
    List<String[]> table = new ArrayList<>();
    for (Case c : cases()) {
      if (!only.isEmpty() && !only.contains(c.id())) {
        continue;
      }
      System.out.printf(Locale.ROOT, "%s %s: OpenBLAS SGEMM 1024^3 now %.1f GFLOP/s%n", c.id(),
          c.description(), sgemmPeak(1024, 8));
      Result[] r = measure(c);
      Result d = r[0];
      Result j = r[1];
      double flops = 2.0 * c.trainMacsPerSample();
      double dPeak = d.trainSamplesPerSecond() * flops / 1e9 / peak;
      double jPeak = j.trainSamplesPerSecond() * flops / 1e9 / peak;
      double pTrain = pytorch.value(c.id(), "train_samples_per_s");
      double pInfer = pytorch.value(c.id(), "infer_samples_per_s");
      double pLatency = pytorch.value(c.id(), "latency_us");
      double pPeak = pTrain * flops / 1e9 / peak;
      emit(c.id(), "train_samples_per_s", d.trainSamplesPerSecond(), j.trainSamplesPerSecond(),
          d.trainSamplesPerSecond() / j.trainSamplesPerSecond(), pTrain,
          d.trainSamplesPerSecond() / pTrain);
      emit(c.id(), "infer_samples_per_s", d.inferSamplesPerSecond(), j.inferSamplesPerSecond(),
          d.inferSamplesPerSecond() / j.inferSamplesPerSecond(), pInfer,
          d.inferSamplesPerSecond() / pInfer);
      emit(c.id(), "latency_us", d.latencyMicros(), j.latencyMicros(),
          j.latencyMicros() / d.latencyMicros(), pLatency, pLatency / d.latencyMicros());
      emit(c.id(), "train_peak_fraction", dPeak, jPeak, dPeak / jPeak, pPeak, dPeak / pPeak);
      table.add(new String[] {c.id(), fmt(d.trainSamplesPerSecond()),
          fmt(j.trainSamplesPerSecond()), ratio(d.trainSamplesPerSecond()
              / j.trainSamplesPerSecond()), fmt(d.inferSamplesPerSecond()),
          fmt(j.inferSamplesPerSecond()), fmt(d.latencyMicros()), fmt(j.latencyMicros()),
          String.format(Locale.ROOT, "%.0f%%", 100 * dPeak),
          String.format(Locale.ROOT, "%.0f%%", 100 * jPeak),
          Double.isNaN(pTrain) ? "-" : fmt(pTrain),
          Double.isNaN(pTrain) ? "-" : ratio(d.trainSamplesPerSecond() / pTrain),
          Double.isNaN(pLatency) ? "-" : fmt(pLatency),
          Double.isNaN(pPeak) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * pPeak)});
    }
    System.out.println();
    String columns = "%-4s %12s %12s %7s %12s %12s %11s %11s %9s %9s %12s %8s %11s %9s%n";
    System.out.printf(columns, "", "train/s D", "train/s DL4J", "ratio", "infer/s D",
        "infer/s DL4J", "lat us D", "lat us DL4J", "peak D", "peak DL4J", "train/s PT",
        "D/PT", "lat us PT", "peak PT");
    for (String[] row : table) {
      System.out.printf(columns, (Object[]) row);
    }
    if (!pytorch.header().isEmpty()) {
      System.out.println("PyTorch (measured just before, same models and batch): "
          + pytorch.header());
    }
    System.out.println();
    json.forEach(System.out::println);
  }

  private Result[] measure(Case c) {
    Random random = new Random(7);
    Network dendrite = c.dendrite().get();
    MultiLayerNetwork dl4j = c.dl4j().get();
    int features = dendrite.spec().inputSize();
    int classes = dendrite.spec().outputs();
    INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, features);
    INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, classes);
    for (int i = 0; i < BATCH; i++) {
      y.putScalar(i, random.nextInt(classes), 1f);
    }
    INDArray xDl4j = x.reshape('c', c.dl4jShape());
    INDArray big = Nd4j.rand(DataType.FLOAT, INFER_BATCH, features);
    long[] bigShape = c.dl4jShape().clone();
    bigShape[0] = INFER_BATCH;
    INDArray bigDl4j = big.reshape('c', bigShape);
    INDArray one = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
    long[] oneShape = c.dl4jShape().clone();
    oneShape[0] = 1;
    INDArray oneDl4j = one.reshape('c', oneShape);

    int rounds = quick ? 3 : 5;
    int steps = stepsFor(c, quick);
    double[] best = new double[6];
    for (int warm = 0; warm < 3; warm++) {
      dendrite.fit(x, y);
      dl4j.fit(xDl4j, y);
    }
    reportAllocations(c.id(), dendrite, x, y);
    Runnable dendriteStep = () -> dendrite.fit(x, y);
    Runnable dl4jStep = () -> dl4j.fit(xDl4j, y);
    Runnable dendriteInfer = () -> dendrite.output(big);
    Runnable dl4jInfer = () -> dl4j.output(bigDl4j, false);
    for (int round = 0; round < rounds; round++) {
      best[0] = Math.max(best[0], trainRate(settled(dendriteStep), steps));
      best[1] = Math.max(best[1], trainRate(settled(dl4jStep), steps));
      best[2] = Math.max(best[2], rate(settled(dendriteInfer), INFER_BATCH, 2));
      best[3] = Math.max(best[3], rate(settled(dl4jInfer), INFER_BATCH, 2));
    }
    // a longer settling: Dendrite measures one sample's kernels at its first calls
    double dLatency = latency(settled(() -> dendrite.output(one), 3 * SETTLE_NANOS),
        quick ? 200 : 1000);
    double jLatency = latency(settled(() -> dl4j.output(oneDl4j, false), 3 * SETTLE_NANOS),
        quick ? 200 : 1000);
    for (String line : dev.dendrite.runtime.Convolutions.kernelChoices(dendrite.parameters())) {
      System.out.println(c.id() + " kernels: " + line);
    }
    return new Result[] {new Result(best[0], best[2], dLatency),
        new Result(best[1], best[3], jLatency)};
  }

  /**
   * Runs {@code call} untimed for {@link #SETTLE_NANOS} (at least once) and returns it, so that
   * a timed round begins after the other library's native threads went idle: OpenBLAS's workers
   * keep spinning for tens of milliseconds after a product (its thread timeout), and Dendrite's
   * second thread spins briefly between tasks, each holding a core the next round wants.
   * Measured at M1: Dendrite's rounds right after DL4J's 77-90k samples/s, against 92-100k
   * alone in one JVM. (Sleeping instead let the cores idle down: M4 19-21k against 24-26k.)
   */
  private static Runnable settled(Runnable call) {
    return settled(call, SETTLE_NANOS);
  }

  private static Runnable settled(Runnable call, long nanos) {
    // DL4J's garbage is collected here, not by GC threads on the second core during a timed round
    System.gc();
    long until = System.nanoTime() + nanos;
    do {
      call.run();
    } while (System.nanoTime() < until);
    return call;
  }

  private static final long SETTLE_NANOS = 100_000_000;

  private static int stepsFor(Case c, boolean quick) {
    // about 1.5 s of Dendrite training per round in a full run, a third of that when quick
    double budget = quick ? 1.3e10 : 4e10;
    return (int) Math.max(3, Math.min(400, budget / (2.0 * c.trainMacsPerSample() * BATCH)));
  }

  private static double trainRate(Runnable step, int steps) {
    return rate(step, BATCH, steps);
  }

  private static double rate(Runnable call, int samplesPerCall, int calls) {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    return (double) samplesPerCall * calls / ((System.nanoTime() - start) / 1e9);
  }

  /** The median time of one call, in microseconds, after warming up. */
  private static double latency(Runnable call, int calls) {
    for (int i = 0; i < calls / 4; i++) {
      call.run();
    }
    long[] times = new long[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      call.run();
      times[i] = System.nanoTime() - start;
    }
    Arrays.sort(times);
    return times[calls / 2] / 1e3;
  }

  /** ND4J buffers and heap bytes a Dendrite training step allocates after warm-up. */
  private static void reportAllocations(String id, Network network, INDArray x, INDArray y) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int steps = 5;
    long buffers = Nd4j.getDeallocatorService().nextValue();
    long heap = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < steps; i++) {
      network.fit(x, y);
    }
    heap = threads.getThreadAllocatedBytes(thread) - heap;
    buffers = Nd4j.getDeallocatorService().nextValue() - buffers - 1;
    System.out.printf(Locale.ROOT, "%s Dendrite step after warm-up: %.1f ND4J allocations, %,d "
        + "heap bytes%n", id, (double) buffers / steps, heap / steps);
  }

  /**
   * The machine's float32 peak as the best rate any library reached here: OpenBLAS's SGEMM at
   * 2048^3 now, and PyTorch's matrix product and oneDNN convolution when it was measured. The
   * "peak" columns are training GFLOP/s over it.
   */
  private double machinePeak() {
    double openblas = sgemmPeak(2048, 6);
    double mm = pytorch.value("machine", "sgemm_gflops");
    double conv = pytorch.value("machine", "conv_gflops");
    double peak = Math.max(openblas, Math.max(Double.isNaN(mm) ? 0 : mm,
        Double.isNaN(conv) ? 0 : conv));
    System.out.printf(Locale.ROOT, "machine peak %.1f GFLOP/s float32, the best of: OpenBLAS "
        + "SGEMM 2048^3 %.1f, PyTorch matrix product %s, PyTorch (oneDNN) 3x3 convolution %s%n",
        peak, openblas, Double.isNaN(mm) ? "-" : String.format(Locale.ROOT, "%.1f", mm),
        Double.isNaN(conv) ? "-" : String.format(Locale.ROOT, "%.1f", conv));
    String line = String.format(Locale.ROOT, "{\"model\":\"machine\",\"metric\":\"peak_gflops\","
        + "\"peak\":%.1f,\"openblas_sgemm\":%.1f", peak, openblas);
    if (!Double.isNaN(mm) && !Double.isNaN(conv)) {
      line += String.format(Locale.ROOT, ",\"pytorch_sgemm\":%.1f,\"pytorch_conv\":%.1f", mm,
          conv);
    }
    json.add(line + "}");
    return peak;
  }

  /** The best of {@code tries} SGEMMs of {@code n^3} through OpenBLAS, in GFLOP/s. */
  private static double sgemmPeak(int n, int tries) {
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    FloatPointer pa = (FloatPointer) a.data().addressPointer();
    FloatPointer pb = (FloatPointer) b.data().addressPointer();
    FloatPointer pc = (FloatPointer) c.data().addressPointer();
    double best = 0;
    for (int i = 0; i < tries; i++) {
      long start = System.nanoTime();
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, pa, n, pb, n, 0f, pc,
          n);
      best = Math.max(best, 2.0 * n * n * n / (System.nanoTime() - start));
    }
    return best;
  }

  /**
   * One JSON line; {@code ratio} and {@code pytorchRatio} say how many times better Dendrite is
   * (higher rates, lower latencies). The PyTorch fields are left out when it was not measured.
   */
  private void emit(String model, String metric, double dendrite, double dl4j, double ratio,
      double pytorch, double pytorchRatio) {
    String line = String.format(Locale.ROOT,
        "{\"model\":\"%s\",\"metric\":\"%s\",\"dendrite\":%s,\"dl4j\":%s,\"ratio\":%.2f",
        model, metric, number(dendrite), number(dl4j), ratio);
    if (!Double.isNaN(pytorch)) {
      line += String.format(Locale.ROOT, ",\"pytorch\":%s,\"ratio_pytorch\":%.2f",
          number(pytorch), pytorchRatio);
    }
    json.add(line + "}");
  }

  private static String number(double v) {
    return v < 10 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%,.0f", v);
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2fx", v);
  }
}
