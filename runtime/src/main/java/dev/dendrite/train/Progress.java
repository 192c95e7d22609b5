package dev.dendrite.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Keras-like progress of one epoch: a bar with ETA, redrawn in place on a terminal (at most every
 * 100 ms, and at the last step); on anything else (a file, a pipe, CI) one plain line per epoch.
 * The trainer's {@code main} takes the process for a terminal when {@link System#console()} is
 * not null (standard input and output both a terminal).
 */
final class Progress {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final LongSupplier clock;
  private int steps;
  private long start;
  private long lastDraw;

  Progress(PrintStream out, boolean terminal) {
    this(out, terminal, System::nanoTime);
  }

  /** @param clock nanoseconds, as {@link System#nanoTime()} */
  Progress(PrintStream out, boolean terminal, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  void startEpoch(int epoch, int epochs, int steps) {
    this.steps = steps;
    this.start = clock.getAsLong();
    // the first step draws at once (nanoTime's origin is arbitrary: lastDraw = 0 could lie ahead)
    this.lastDraw = start - REDRAW_NANOS;
    out.println("Epoch " + epoch + "/" + epochs);
  }

  void step(int done, String metrics) {
    if (!terminal) {
      return;
    }
    long now = clock.getAsLong();
    if (now - lastDraw < REDRAW_NANOS && done < steps) {
      return;
    }
    lastDraw = now;
    double perStep = (now - start) / 1e9 / done;
    String eta = "ETA: " + duration(perStep * (steps - done));
    out.print("\r" + bar(done) + " - " + eta + " - " + metrics + "   ");
    out.flush();
  }

  void endEpoch(String metrics) {
    double seconds = (clock.getAsLong() - start) / 1e9;
    String timing = duration(seconds) + " " + perStep(seconds / steps);
    out.print(terminal ? "\r" : "");
    out.println(bar(steps) + " - " + timing + " - " + metrics);
  }

  private String bar(int done) {
    int digits = String.valueOf(steps).length();
    int filled = (int) ((long) WIDTH * done / steps);
    StringBuilder bar = new StringBuilder();
    bar.append(String.format(Locale.ROOT, "%" + digits + "d/%d [", done, steps));
    for (int i = 0; i < WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : '.');
    }
    return bar.append(']').toString();
  }

  private static String duration(double seconds) {
    if (seconds < 60) {
      return Math.round(seconds) + "s";
    }
    long s = Math.round(seconds);
    return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
  }

  private static String perStep(double seconds) {
    return seconds >= 1 ? Math.round(seconds) + "s/step"
        : seconds >= 1e-3 ? Math.round(seconds * 1e3) + "ms/step"
        : Math.round(seconds * 1e6) + "us/step";
  }
}
