package dev.dendrite.processor.layer;

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
}
