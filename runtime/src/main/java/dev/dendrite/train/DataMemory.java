package dev.dendrite.train;

import dev.dendrite.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a CSV training file will need in memory, estimated before it is read from its size and
 * the length of its first lines, against what the JVM may use ({@link Runtime#maxMemory}) and
 * the model summary's estimate of a training step.
 *
 * @param file the training file
 * @param fileBytes its size
 * @param rows the estimated number of samples
 * @param dataBytes the heap the samples need as float32 while they are read (features, one
 *     label per row, targets)
 * @param stepBytes the summary's training-step memory, or 0 when the network gives none
 * @param stepBatch the batch size of that estimate
 * @param heapBytes the most heap the JVM may use
 */
record DataMemory(Path file, long fileBytes, long rows, long dataBytes, long stepBytes,
    int stepBatch, long heapBytes) {
  /** Files from this size on get the estimate printed, and progress lines off a terminal. */
  static final long BIG_FILE = 64L << 20;
  /** The share of the free heap the data may take before the cache is chosen. */
  private static final double FITS = 0.8;
  private static final int SAMPLE = 1 << 20;
  private static final Pattern STEP = Pattern.compile(
      "Training step memory at batch size ([\\d,]+) \\(float32\\): [^(]*\\(([\\d,]+) bytes\\)");

  /** The estimate for CSV file {@code file} of model {@code spec}, whose summary is given. */
  static DataMemory of(Path file, ModelSpec spec, String summary) throws IOException {
    long size = Files.size(file);
    long lines = 0;
    long sampled = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SAMPLE);
      sampled = head.length;
      for (byte b : head) {
        lines += b == '\n' ? 1 : 0;
      }
    }
    // the header is one of the sampled lines; a file of one long line is one row
    long rows = lines <= 1 ? 1 : Math.round((double) size * lines / sampled) - 1;
    long perRow = (long) Float.BYTES * (spec.inputSize() + 1 + spec.outputs());
    Matcher step = STEP.matcher(summary);
    boolean found = step.find();
    return new DataMemory(file, size, rows, rows * perRow,
        found ? Long.parseLong(step.group(2).replace(",", "")) : 0,
        found ? Integer.parseInt(step.group(1).replace(",", "")) : 0,
        Runtime.getRuntime().maxMemory());
  }

  /** Whether the samples and a training step fit comfortably in the heap still free. */
  boolean fits() {
    Runtime runtime = Runtime.getRuntime();
    long free = heapBytes - (runtime.totalMemory() - runtime.freeMemory());
    return dataBytes + stepBytes <= FITS * free;
  }

  /** The line printed before reading the file. */
  String line() {
    return String.format(Locale.ROOT, "data: %s, %s of CSV, about %,d samples: %s as float32; "
            + "%sthe JVM may use %s (-Xmx)", file.getFileName(), megabytes(fileBytes), rows,
        megabytes(dataBytes), stepBytes == 0 ? "" : "a training step " + megabytes(stepBytes)
            + " at batch size " + stepBatch + " (the summary's estimate); ",
        megabytes(heapBytes));
  }

  /** The advice of an out-of-memory error: the flag or the -Xmx that helps. */
  String advice(boolean cached) {
    long needed = (long) ((dataBytes + stepBytes) / FITS) + (256L << 20);
    String more = "give java more memory (-Xmx" + ((needed + (1L << 30) - 1) >> 30) + "g)";
    return "the training data need about " + megabytes(dataBytes) + " as float32 ("
        + file.getFileName() + ")" + (cached ? ", read through the cache; " + more
            : "; train with --cache to read them from a memory-mapped file, or " + more);
  }

  /** A size in MB, or in KB below one MB. */
  static String megabytes(long bytes) {
    return bytes < 999_500 ? String.format(Locale.ROOT, "%,d KB", (bytes + 500) / 1000)
        : String.format(Locale.ROOT, "%,d MB", (bytes + 500_000) / 1_000_000);
  }
}
