package dev.dendrite;

/** Activation functions with Keras' formulas (Keras 3 where Keras 2 differed). */
public enum Activation {
  /** {@code x}. */
  LINEAR,
  /** {@code max(0, x)}. */
  RELU,
  /** {@code 1 / (1 + exp(-x))}. */
  SIGMOID,
  /** {@code tanh(x)}. */
  TANH,
  /** {@code exp(x_i) / sum_j exp(x_j)} over the units of a sample. */
  SOFTMAX,
  /** {@code x / (1 + |x|)}. */
  SOFTSIGN,
  /** {@code log(1 + exp(x))}. */
  SOFTPLUS,
  /** {@code x} if positive, else {@code exp(x) - 1}. */
  ELU,
  /** {@code 1.0507 * elu(x)} with alpha 1.67326: self-normalising. */
  SELU,
  /** {@code x} if positive, else {@code 0.2 * x} (Keras' {@code leaky_relu} default slope). */
  LEAKY_RELU,
  /** Exact GELU, {@code x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))}. */
  GELU,
  /** Swish (SiLU), {@code x * sigmoid(x)}. */
  SWISH,
  /** Keras 3's {@code hard_sigmoid}: {@code relu6(x + 3) / 6}. */
  HARD_SIGMOID,
  /** {@code exp(x)}. */
  EXPONENTIAL,
  /**
   * Beyond Keras: the truncated power {@code max(0, x)^2} with the power fixed at 2 ("squared
   * ReLU"): a ReLU whose derivative {@code 2 max(0, x)} is continuous.
   */
  TRUNCATED_POWER,
  /** Beyond Keras: {@code |x|}, whose derivative is taken as 0 at 0. */
  ABSOLUTE,
  /** Beyond Keras: the radial basis {@code exp(-x^2)}, in (0, 1]. */
  GAUSSIAN,
  /**
   * Beyond Keras: the Ricker wavelet {@code (1 - x^2) exp(-x^2 / 2)}, unnormalised: 1 at 0,
   * in [-2 exp(-3/2), 1].
   */
  MEXICAN_HAT,
  /**
   * Beyond Keras: the fixed cubic {@code x + x^2 / 2 + x^3 / 6} (the Taylor polynomial of
   * {@code exp(x) - 1}), strictly increasing; its coefficients are constants, not trained.
   */
  POLYNOMIAL;

  /** The lower-case name Keras uses, like {@code leaky_relu}. */
  public String kerasName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The name Keras 3 saves in a layer's config: {@link #kerasName()}, except {@code silu} for
   * {@link #SWISH} (Keras reads {@code swish} as {@code silu} and writes the latter).
   */
  public String kerasConfigName() {
    return this == SWISH ? "silu" : kerasName();
  }

  /** Whether Keras has this activation; the ones beyond Keras cannot be exported. */
  public boolean inKeras() {
    return ordinal() < TRUNCATED_POWER.ordinal();
  }
}
