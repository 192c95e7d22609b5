package dev.dendrite.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Keras-like progress of one epoch: a bar with ETA, redrawn in place on a terminal (at most every
 * 100 ms, and at the last step); on anything else (a file, a pipe, CI) one plain line per epoch.
 * The trainer's {@code main} takes the process for a terminal when {@link System#console()} is
 * not null (standard input and output both a terminal).
 *
 * <p>On a terminal every line stays within its width less one column, or it would wrap and each
 * redrawing would leave a line behind: the bar shrinks from {@value #BAR} to {@value #MIN_BAR}
 * characters, then goes; then the redrawn line drops metrics from the last, then the ETA. The
 * epoch's last line keeps every metric and continues on further lines instead.
 */
final class Progress {
  /** The bar's width when there is room, as Keras draws it. */
  static final int BAR = 30;
  /** The narrowest bar drawn; narrower it says too little, and the step counter says it. */
  static final int MIN_BAR = 10;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final String SEPARATOR = " - ";

  private final PrintStream out;
  private final boolean terminal;
  private final IntSupplier columns;
  private final LongSupplier clock;
  private int steps;
  private long start;
  private long lastDraw;
  /** The most characters a line may have in this epoch. */
  private int room;
  /** The length of the line drawn last, which a shorter one must blank out. */
  private int drawn;

  /** Progress on the process's terminal, or plain lines when {@code terminal} is false. */
  Progress(PrintStream out, boolean terminal) {
    this(out, terminal, new Terminal()::columns, System::nanoTime);
  }

  /**
   * @param columns the terminal's width, asked at the start of each epoch when {@code terminal}
   * @param clock nanoseconds, as {@link System#nanoTime()}
   */
  Progress(PrintStream out, boolean terminal, IntSupplier columns, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.columns = columns;
    this.clock = clock;
  }

  void startEpoch(int epoch, int epochs, int steps) {
    this.steps = steps;
    this.start = clock.getAsLong();
    // the first step draws at once (nanoTime's origin is arbitrary: lastDraw = 0 could lie ahead)
    this.lastDraw = start - REDRAW_NANOS;
    this.room = terminal ? Math.max(1, columns.getAsInt() - 1) : Integer.MAX_VALUE;
    this.drawn = 0;
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
    String line = redrawn(done, "ETA: " + duration(perStep * (steps - done)), metrics);
    out.print("\r" + blankingOut(line));
    out.flush();
  }

  void endEpoch(String metrics) {
    double seconds = (clock.getAsLong() - start) / 1e9;
    String timing = duration(seconds) + " " + perStep(seconds / steps);
    List<String> lines = lasting(timing, metrics);
    out.print(terminal ? "\r" + blankingOut(lines.get(0)) : lines.get(0));
    out.println();
    for (String line : lines.subList(1, lines.size())) {
      out.println(line);
    }
  }

  /** {@code line} followed by the spaces that blank out the rest of the line drawn before. */
  private String blankingOut(String line) {
    String blanked = line + " ".repeat(Math.max(0, drawn - line.length()));
    drawn = line.length();
    return blanked;
  }

  /**
   * The one line redrawn in place: the counter, the widest bar that fits, the ETA and the
   * metrics; without the bar, then with fewer metrics, then without the ETA, when it does not.
   */
  private String redrawn(int done, String eta, String metrics) {
    List<String> parts = new ArrayList<>(List.of(metrics.split(SEPARATOR)));
    String withBar = withBar(done, eta, parts);
    if (withBar != null) {
      return withBar;
    }
    for (int kept = parts.size(); kept >= 0; kept--) {
      String line = line(counter(done), eta, parts.subList(0, kept));
      if (line.length() <= room) {
        return line;
      }
    }
    String counter = counter(done);
    return counter.length() <= room ? counter : counter.substring(0, room);
  }

  /**
   * The epoch's last lines: the counter, the widest bar that fits, the timing and every metric;
   * on a narrow terminal without the bar, and the metrics that do not fit continued on further
   * lines, each within the width.
   */
  private List<String> lasting(String timing, String metrics) {
    List<String> parts = List.of(metrics.split(SEPARATOR));
    String withBar = withBar(steps, timing, parts);
    if (withBar != null) {
      return List.of(withBar);
    }
    List<String> tokens = new ArrayList<>();
    tokens.add(counter(steps));
    tokens.add(timing);
    tokens.addAll(parts);
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String token : tokens) {
      if (line.length() > 0 && line.length() + SEPARATOR.length() + token.length() <= room) {
        line.append(SEPARATOR).append(token);
        continue;
      }
      if (line.length() > 0) {
        lines.add(line.toString());
        line.setLength(0);
      }
      // a token wider than the terminal is cut where the terminal would wrap it
      String rest = token;
      while (rest.length() > room) {
        lines.add(rest.substring(0, room));
        rest = rest.substring(room);
      }
      line.append(rest);
    }
    lines.add(line.toString());
    return lines;
  }

  /** The line with the widest bar of at most {@value #BAR} that fits, or null when none does. */
  private String withBar(int done, String time, List<String> metrics) {
    String bare = line("", time, metrics);
    // the counter, " [", the bar, "]" and the rest
    int width = Math.min(BAR, room - counter(done).length() - 3 - bare.length());
    return width < MIN_BAR ? null : line(counter(done) + " " + bar(done, width), time, metrics);
  }

  private static String line(String head, String time, List<String> metrics) {
    StringBuilder s = new StringBuilder(head);
    s.append(SEPARATOR).append(time);
    for (String metric : metrics) {
      s.append(SEPARATOR).append(metric);
    }
    return s.toString();
  }

  private String counter(int done) {
    int digits = String.valueOf(steps).length();
    return String.format(Locale.ROOT, "%" + digits + "d/%d", done, steps);
  }

  private String bar(int done, int width) {
    int filled = (int) ((long) width * done / steps);
    StringBuilder bar = new StringBuilder("[");
    for (int i = 0; i < width; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : '.');
    }
    return bar.append(']').toString();
  }

  static String duration(double seconds) {
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
