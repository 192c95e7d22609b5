package dev.dendrite.io;

/**
 * Parses the common decimal forms of a number from ASCII bytes without making a String, with
 * exactly {@link Float#parseFloat}'s result: an optional sign, digits, optionally a point and
 * digits, where the value is exact in the arithmetic used (an integer of at most 18 digits,
 * converted once; or a mantissa up to 2^24 divided by a power of ten up to 10^10, both exact
 * floats, so that the one division rounds correctly). Anything else (exponents, long
 * fractions, {@code NaN}, hexadecimal) answers {@link #UNUSUAL} and is left to
 * {@code Float.parseFloat}.
 */
final class FastFloat {
  /** The answer for text this parser leaves to {@link Float#parseFloat}. */
  static final float UNUSUAL = Float.NaN;
  private static final long EXACT_MANTISSA = 1L << 24;
  private static final float[] POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f,
      1e9f, 1e10f};

  /** Where the last {@link #cell} stopped: at the comma that ends the cell, or at the end. */
  private int end;

  /**
   * The number {@code b[from, to)} spells, its surrounding characters up to a space trimmed as
   * {@link String#trim} does, or {@link #UNUSUAL}.
   */
  static float parse(byte[] b, int from, int to) {
    FastFloat parser = new FastFloat();
    float value = parser.cell(b, from, to);
    return parser.end == to ? value : UNUSUAL;
  }

  /**
   * The number that the cell starting at {@code from} spells, reading up to the comma that ends
   * it or to {@code to}; {@link #UNUSUAL} when it spells none in the common forms, and then
   * {@link #end()} is where reading stopped, which may lie inside the cell.
   */
  float cell(byte[] b, int from, int to) {
    int i = from;
    while (i < to && (b[i] & 0xFF) <= ' ') {
      i++;
    }
    boolean negative = false;
    if (i < to && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    int d;
    while (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      i++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        scale++;
        i++;
      }
    }
    while (i < to && b[i] != ',' && (b[i] & 0xFF) <= ' ') {
      i++;
    }
    end = i;
    if ((i != to && b[i] != ',') || digits == 0 || digits > 18) {
      return UNUSUAL;
    }
    float value;
    if (scale == 0) {
      value = (float) mantissa;
    } else if (mantissa <= EXACT_MANTISSA && scale < POWERS.length) {
      value = (float) mantissa / POWERS[scale];
    } else {
      return UNUSUAL;
    }
    return negative ? -value : value;
  }

  /** Where the last {@link #cell} stopped reading. */
  int end() {
    return end;
  }
}
