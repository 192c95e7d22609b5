package dev.dendrite.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of reading a data file, told the bytes read so far: on a terminal one line redrawn in
 * place (at most every 100 ms) with the percentage, samples per second and ETA, as
 * {@link Progress} draws an epoch; elsewhere (a file, a pipe, CI) a line at every quarter, and
 * only for files of {@link DataMemory#BIG_FILE} and more.
 */
final class LoadProgress implements LongConsumer {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final String name;
  private final long size;
  private final double rowsPerByte;
  private final LongSupplier clock;
  private final long start;
  private long lastDraw;
  private int quarter;
  private int drawn;

  /**
   * @param rows the estimated samples in the file's {@code size} bytes
   * @param clock nanoseconds, as {@link System#nanoTime()}
   */
  LoadProgress(PrintStream out, boolean terminal, String name, long size, long rows,
      LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.name = name;
    this.size = Math.max(1, size);
    this.rowsPerByte = (double) rows / this.size;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastDraw = start;
  }

  /** Whether anything is ever printed for this file. */
  boolean shows() {
    return terminal || size >= DataMemory.BIG_FILE;
  }

  @Override
  public void accept(long read) {
    if (!shows()) {
      return;
    }
    long now = clock.getAsLong();
    double fraction = Math.min(1.0, (double) read / size);
    if (terminal) {
      if (now - lastDraw < REDRAW_NANOS) {
        return;
      }
      lastDraw = now;
      String line = line(fraction, now);
      out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
      drawn = line.length();
      out.flush();
    } else if ((int) (fraction * 4) > quarter) {
      quarter = (int) (fraction * 4);
      out.println(line(fraction, now));
    }
  }

  /** Ends the redrawn line, if one was drawn. */
  void done() {
    if (terminal && drawn > 0) {
      out.print("\r" + " ".repeat(drawn) + "\r");
      out.flush();
      drawn = 0;
    }
  }

  private String line(double fraction, long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rowsPerSecond = fraction * size * rowsPerByte / seconds;
    return String.format(Locale.ROOT, "Reading %s: %3d%% - %,.0f samples/s - ETA: %s", name,
        Math.round(fraction * 100), rowsPerSecond,
        Progress.duration(fraction == 0 ? 0 : seconds * (1 - fraction) / fraction));
  }
}
