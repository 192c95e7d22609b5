package dev.dendrite.io;

import dev.dendrite.DataException;
import java.nio.file.Path;

/** The rule for token ids read from data files: whole numbers in {@code [0, limit)}. */
public final class TokenIds {
  private TokenIds() {}

  /**
   * Refuses a value that is not a token id of an Embedding with {@code limit} rows.
   *
   * @throws DataException naming the file, line, column and the Embedding's input_dim
   */
  public static void check(float value, int limit, Path file, int line, String column) {
    if (value >= 0 && value < limit && value == Math.rint(value)) {
      return;
    }
    String shown = value == Math.rint(value) && Math.abs(value) < 1e9
        ? String.valueOf((long) value) : String.valueOf(value);
    throw new DataException(file + ":" + line + ": column '" + Quote.text(column.trim())
        + "' holds token id " + shown + ", outside [0, " + limit + "): the Embedding's inputDim is "
        + limit + "; give ids 0.." + (limit - 1) + " or raise inputDim");
  }
}
