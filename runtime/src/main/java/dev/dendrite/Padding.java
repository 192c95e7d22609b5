package dev.dendrite;

/** How a convolution or pooling window treats the border, as in Keras. */
public enum Padding {
  /** No padding: only windows that fit inside the input; {@code floor((n - k) / s) + 1}. */
  VALID,
  /** Zero padding so that the output is {@code ceil(n / s)} long, extra padding at the end. */
  SAME
}
