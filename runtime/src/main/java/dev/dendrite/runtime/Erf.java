package dev.dendrite.runtime;

/** The error function to double precision, which {@link Math} lacks (needed by exact GELU). */
final class Erf {
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final double INV_SQRT_PI = 0.5641895835477563;

  private Erf() {}

  static double erf(double x) {
    double ax = Math.abs(x);
    if (ax < 2.5) {
      return series(x);
    }
    if (ax > 6) {
      return Math.signum(x);
    }
    double value = 1 - erfcContinuedFraction(ax);
    return x < 0 ? -value : value;
  }

  /** Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)). */
  private static double series(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 100; n++) {
      term *= -x2 / n;
      double next = term / (2 * n + 1);
      sum += next;
      if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * sum;
  }

  /** erfc(x) for x >= 2.5 by Lentz's evaluation of the continued fraction. */
  private static double erfcContinuedFraction(double x) {
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 200; k++) {
      double ak = k / 2.0;
      d = x + ak * d;
      d = d == 0 ? tiny : d;
      c = x + ak / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) * INV_SQRT_PI / f;
  }
}
