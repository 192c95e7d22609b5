package dev.dendrite.train;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The width of the terminal the trainer draws on, in columns: {@code COLUMNS} when the
 * environment sets it (as Python's {@code shutil.get_terminal_size} honours it), else what
 * {@code stty size} says of {@code /dev/tty}, else {@value #DEFAULT_COLUMNS}. A window can be
 * resized during a run, so the width is asked again, but at most once every
 * {@value #REFRESH_MILLIS} ms: starting {@code stty} takes milliseconds, and epochs can be
 * shorter.
 */
final class Terminal {
  /** The width taken when none can be found. */
  static final int DEFAULT_COLUMNS = 80;
  private static final long REFRESH_MILLIS = 1_000;
  /** How long {@code stty} may take before the width is taken as unknown. */
  private static final long STTY_MILLIS = 500;

  private final Map<String, String> environment;
  private final LongSupplier clock;
  private long askedAt;
  private int columns;

  /** The process's terminal. */
  Terminal() {
    this(System.getenv(), System::nanoTime);
  }

  Terminal(Map<String, String> environment, LongSupplier clock) {
    this.environment = environment;
    this.clock = clock;
  }

  /** The terminal's width in columns, at least 1. */
  int columns() {
    Integer given = parse(environment.get("COLUMNS"));
    if (given != null) {
      return given;
    }
    long now = clock.getAsLong();
    if (columns == 0 || now - askedAt >= TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS)) {
      askedAt = now;
      Integer asked = stty();
      columns = asked == null ? DEFAULT_COLUMNS : asked;
    }
    return columns;
  }

  /** A positive width from {@code text}, or null. */
  static Integer parse(String text) {
    if (text == null || !text.strip().matches("[0-9]{1,6}")) {
      return null;
    }
    int value = Integer.parseInt(text.strip());
    return value > 0 ? value : null;
  }

  /** The columns {@code stty size} gives for {@code /dev/tty} ("rows columns"), or null. */
  private static Integer stty() {
    File tty = new File("/dev/tty");
    if (!tty.exists()) {
      return null;
    }
    Process stty = null;
    try {
      stty = new ProcessBuilder("stty", "size").redirectInput(tty)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!stty.waitFor(STTY_MILLIS, TimeUnit.MILLISECONDS) || stty.exitValue() != 0) {
        return null;
      }
      try (InputStream in = stty.getInputStream()) {
        String[] size = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip()
            .split("\\s+");
        return size.length == 2 ? parse(size[1]) : null;
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (stty != null) {
        stty.destroy();
      }
    }
  }
}
