package dev.dendrite.bench;

import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import dev.dendrite.io.DataFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Loading speed and memory: generates (seeded) a CSV of N rows x 64 integer features and a
 * label 0..9, as the issue measured, loads it with the trainer's reader and, when python3 with
 * NumPy is present, with {@code numpy.loadtxt(dtype=float32)}; prints a table and one JSON line
 * per measurement. Usage: {@code LoadBench [rows] [file]} (default 500000 rows, a temporary
 * file deleted afterwards).
 */
public final class LoadBench {
  private static final int FEATURES = 64;
  private static final int CLASSES = 10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LoadBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    Path file = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("dendrite-load", ".csv");
    boolean temporary = args.length <= 1;
    try {
      if (temporary || !Files.exists(file)) {
        generate(file, rows, 15);
      }
      double megabytes = Files.size(file) / 1e6;
      ModelSpec spec = new ModelSpec("Mlp", List.of(FEATURES), CLASSES,
          Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, 0.001, 32, 1, 42, 0);
      double floatMb = (double) rows * (FEATURES + CLASSES) * Float.BYTES / 1e6;
      DataFiles.load(file, spec, null, List.of());
      double best = Double.MAX_VALUE;
      double bestCpu = Double.MAX_VALUE;
      long peak = 0;
      for (int run = 0; run < 3; run++) {
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        Dataset data = DataFiles.load(file, spec, null, List.of());
        bestCpu = Math.min(bestCpu, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
        peak = Math.max(peak, heapPeak());
        if (data.size() != rows) {
          throw new IllegalStateException("read " + data.size() + " rows of " + rows);
        }
      }
      double javaRate = megabytes / best;
      System.out.printf(Locale.ROOT, "CSV %,d rows x %d features + label: %.1f MB, %.1f MB as "
          + "float32 (features and one-hot targets)%n", rows, FEATURES, megabytes, floatMb);
      System.out.printf(Locale.ROOT, "Dendrite DataFiles.load: %.2f s, %.0f MB/s (%.0f MB per "
          + "second of its thread's CPU time), peak heap %.0f MB (%.2fx the float data)%n", best,
          javaRate, megabytes / bestCpu, peak / 1e6, peak / 1e6 / floatMb);
      double[] numpy = numpy(file);
      if (numpy != null) {
        System.out.printf(Locale.ROOT, "NumPy loadtxt(float32): %.2f s, %.0f MB/s (%.0f MB per "
            + "second of CPU time), peak RSS %.0f MB%n", numpy[0], megabytes / numpy[0],
            megabytes / numpy[2], numpy[1]);
      }
      System.out.println();
      emit("MB/s", javaRate, numpy == null ? Double.NaN : megabytes / numpy[0]);
      emit("MB/s of CPU time", megabytes / bestCpu,
          numpy == null ? Double.NaN : megabytes / numpy[2]);
      emit("peak MB", peak / 1e6, numpy == null ? Double.NaN : numpy[1]);
    } finally {
      if (temporary) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Writes {@code rows} rows of integer features 0..16 (78 MB at 500,000 rows, as the issue's
   * file) and a label 0..9 from {@code seed}.
   */
  static void generate(Path file, int rows, long seed) throws IOException {
    Random random = new Random(seed);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < FEATURES; j++) {
        line.append('f').append(j).append(',');
      }
      out.write(line.append("label\n").toString());
      for (int i = 0; i < rows; i++) {
        line.setLength(0);
        for (int j = 0; j < FEATURES; j++) {
          line.append(random.nextInt(17)).append(',');
        }
        out.write(line.append(random.nextInt(CLASSES)).append('\n').toString());
      }
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks since {@link #resetPeaks}: an upper bound on the peak. */
  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** NumPy's seconds and peak resident megabytes, or null without python3 and NumPy. */
  private static double[] numpy(Path file) throws IOException, InterruptedException {
    String script = "import resource, sys, time\n"
        + "import numpy as np\n"
        + "best = cpu = 1e9\n"
        + "for _ in range(2):\n"
        + "    t, c = time.perf_counter(), time.process_time()\n"
        + "    a = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, dtype=np.float32)\n"
        + "    best = min(best, time.perf_counter() - t)\n"
        + "    cpu = min(cpu, time.process_time() - c)\n"
        + "    del a\n"
        + "print(best, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, cpu)\n";
    Process python;
    try {
      python = new ProcessBuilder("python3", "-c", script, file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return null;
    }
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!python.waitFor(10, TimeUnit.MINUTES) || python.exitValue() != 0) {
      return null;
    }
    String[] parts = output.strip().split("\\s+");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
        Double.parseDouble(parts[2])};
  }

  private static void emit(String metric, double dendrite, double numpy) {
    System.out.printf(Locale.ROOT,
        "{\"model\":\"load-csv\",\"metric\":\"%s\",\"dendrite\":%.1f,\"numpy\":%s,"
            + "\"ratio\":%s}%n", metric, dendrite,
        Double.isNaN(numpy) ? "null" : String.format(Locale.ROOT, "%.1f", numpy),
        Double.isNaN(numpy) ? "null" : String.format(Locale.ROOT, "%.2f", dendrite / numpy));
  }
}
