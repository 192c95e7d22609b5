package dev.dendrite.processor.layer;

import java.util.List;

/**
 * A named {@code static final int} of the generated network.
 *
 * @param value its initializer: a number, or an expression of constants declared before it
 * @param doc one sentence of Javadoc
 */
public record Constant(String name, String value, String doc) {

  public Constant(String name, int value, String doc) {
    this(name, String.valueOf(value), doc);
  }

  /**
   * A sliding window's size and strides, named {@code <prefix>_<noun>_HEIGHT/_WIDTH} and
   * {@code _STRIDE_HEIGHT/_WIDTH} over an image, {@code _<noun>_SIZE} and {@code _STRIDES} over a
   * series (whose height is 1); {@code what} names the window in the Javadoc ("Kernel").
   */
  static List<Constant> window(String prefix, String layer, boolean image, String noun,
      String what, int height, int width, int strideHeight, int strideWidth) {
    if (!image) {
      return List.of(
          new Constant(prefix + "_" + noun + "_SIZE", width, what + " size of " + layer + "."),
          new Constant(prefix + "_STRIDES", strideWidth, "Stride of " + layer + "."));
    }
    return List.of(
        new Constant(prefix + "_" + noun + "_HEIGHT", height, what + " height of " + layer + "."),
        new Constant(prefix + "_" + noun + "_WIDTH", width, what + " width of " + layer + "."),
        new Constant(prefix + "_STRIDE_HEIGHT", strideHeight,
            "Vertical stride of " + layer + "."),
        new Constant(prefix + "_STRIDE_WIDTH", strideWidth,
            "Horizontal stride of " + layer + "."));
  }
}
