package dev.dendrite;

/**
 * A weights or checkpoint file that cannot be used (missing, truncated, corrupt, or made for
 * another model), with a message naming the file, the tensor and the problem.
 */
public final class WeightsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WeightsException(String message) {
    super(message);
  }

  public WeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
