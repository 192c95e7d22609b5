package dev.dendrite.train;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The parsers of the flags' values. A refusal says what was expected and what was received;
 * {@link Commands} puts the flag's name in front.
 */
final class FlagTypes {
  private FlagTypes() {}

  /** An integer of at least 0: epochs, patience, cooldown. */
  static final class Count implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return integer(value, 0);
    }
  }

  /** An integer of at least 1: the batch size. */
  static final class PositiveCount implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return integer(value, 1);
    }
  }

  /** Any 64-bit integer: the seed. */
  static final class Seed implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expects an integer. Received: " + value);
      }
    }
  }

  /** A fraction in [0, 1): the validation split. */
  static final class Fraction implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double x = number(value);
      if (!(x >= 0 && x < 1)) {
        throw new TypeConversionException("must be in [0, 1). Received: " + value);
      }
      return x;
    }
  }

  /** A factor in (0, 1): the learning rate's reduction. */
  static final class Factor implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double x = number(value);
      if (!(x > 0 && x < 1)) {
        throw new TypeConversionException("must be in (0, 1). Received: " + value);
      }
      return x;
    }
  }

  /** A finite positive number: the learning rate. */
  static final class Positive implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double x = number(value);
      if (!(x > 0) || Double.isInfinite(x)) {
        throw new TypeConversionException("must be positive. Received: " + value);
      }
      return x;
    }
  }

  /** A finite number of at least 0: minimum deltas and learning rates. */
  static final class NonNegative implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double x = number(value);
      if (!(x >= 0) || Double.isInfinite(x)) {
        throw new TypeConversionException("must be a non-negative number. Received: " + value);
      }
      return x;
    }
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("expects a number. Received: " + value);
    }
  }

  private static int integer(String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below, with the bound
    }
    throw new TypeConversionException(
        "expects an integer of at least " + min + ". Received: " + value);
  }
}
