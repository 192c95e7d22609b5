package dev.dendrite.report;

import dev.dendrite.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The per-epoch log as CSV, like Keras' {@code CSVLogger}: a header row, then one row per epoch
 * ({@code epoch} counted from 0, then every {@link EpochLog} value). The whole file is rewritten
 * atomically after every epoch, so it always matches the epochs trained (and, after a resume, the
 * history kept in the checkpoint).
 */
public final class HistoryCsv {
  private HistoryCsv() {}

  /** Writes the epochs trained so far, replacing the file atomically. */
  public static void write(Path file, List<EpochLog> history) throws IOException {
    StringBuilder csv = new StringBuilder();
    if (!history.isEmpty()) {
      csv.append("epoch,").append(String.join(",", history.get(0).values().keySet())).append('\n');
    }
    for (EpochLog log : history) {
      csv.append(log.epoch());
      for (double v : log.values().values()) {
        csv.append(',').append(Double.isNaN(v) ? "nan" : Double.toString(v));
      }
      csv.append('\n');
    }
    AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
  }
}
