package dev.dendrite.io;

import dev.dendrite.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180: commas, double quotes, doubled quotes inside quotes). */
public final class Csv {
  private Csv() {}

  /**
   * The cells of one line; {@code file} and {@code lineNumber} name it in the error.
   *
   * @throws DataException when a quoted cell is not closed
   */
  public static String[] split(String line, Path file, int lineNumber) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new DataException(file + ":" + lineNumber + ": a quoted cell is not closed");
    }
    cells.add(cell.toString());
    return cells.toArray(String[]::new);
  }
}
