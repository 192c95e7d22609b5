package dev.dendrite.train;

import java.util.Locale;

/** How the trainer writes counts and numbers in its messages. */
final class Texts {
  private Texts() {}

  /** {@code "1 epoch"}, {@code "3 epochs"}: a count and its noun, plural unless one. */
  static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  /**
   * A number in at most four significant digits, as C's {@code %.4g} writes it without
   * trailing zeros: {@code 1.0000000000000002E-6 -> "1e-06"}, {@code 0.001 -> "0.001"},
   * {@code 0.1 * 0.5 -> "0.05"}, {@code 123456 -> "1.235e+05"}.
   */
  static String number(double x) {
    if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
      return x == 0 ? "0" : String.valueOf(x);
    }
    String text = String.format(Locale.ROOT, "%.4g", x);
    int e = text.indexOf('e');
    String mantissa = e < 0 ? text : text.substring(0, e);
    String exponent = e < 0 ? "" : text.substring(e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "");
      if (mantissa.endsWith(".")) {
        mantissa = mantissa.substring(0, mantissa.length() - 1);
      }
    }
    return mantissa + exponent;
  }
}
