package dev.dendrite.keras;

import java.util.List;

/**
 * Why a Keras file cannot be imported: one problem with the file itself (not a Keras file, a
 * missing member or group), or every unsupported layer and option of its model at once.
 */
public final class KerasImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> unsupported;

  /** A problem with the file, as one line naming it. */
  KerasImportException(String message) {
    super(message);
    this.unsupported = List.of();
  }

  /** The model's unsupported layers and options, each a line naming the layer and the key. */
  KerasImportException(String file, List<String> unsupported) {
    super(file + ": cannot import " + unsupported.size() + " unsupported "
        + (unsupported.size() == 1 ? "layer or option" : "layers or options") + ":\n  "
        + String.join("\n  ", unsupported));
    this.unsupported = List.copyOf(unsupported);
  }

  /** The unsupported layers and options, one line each; empty for a problem with the file. */
  public List<String> unsupported() {
    return unsupported;
  }
}
