package dev.dendrite.io;

import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A network's parameters in a file: safetensors, or Keras 3's {@code .weights.h5} for a file
 * named {@code *.h5}.
 */
public final class Weights {
  private Weights() {}

  /**
   * Writes the network's parameters to a safetensors file ({@code F32} for a float network), or,
   * for a file named {@code *.h5}, to Keras 3's {@code .weights.h5} layout
   * ({@code layers/<layer>/vars/0|1}), named as {@link Network#parameters()}:
   * {@code hidden1.kernel} with Keras' shape {@code [784, 300]}, and beside it
   * {@code <file>.dendrite.json} with the model's name, as {@link Metadata} says. The file is
   * replaced atomically: a crash leaves the old file or the complete new one.
   *
   * @throws java.io.UncheckedIOException when the file cannot be written
   */
  public static void save(Network network, Path file) {
    Safetensors.save(file, network.parameters(), Map.of("dendrite.model", network.spec().name()));
  }

  /**
   * Reads the network's parameters from a safetensors file written by {@link #save}, or from a
   * Keras {@code .weights.h5} file whose layer names match the model's fields (or any file with
   * the same names and shapes, as {@code F32} or {@code F64}). Nothing changes unless the whole
   * file is valid.
   *
   * @throws WeightsException naming the file, the tensor and the problem: a missing or
   *     unexpected tensor, a shape that differs (expected and found), another dtype, a truncated
   *     or corrupt file, a non-finite value
   */
  public static void load(Network network, Path file) {
    String owner = "the model " + network.spec().name();
    if (KerasWeights.isKerasFile(file)) {
      KerasWeights.load(file, network.parameters(), owner);
      return;
    }
    Safetensors.load(file, network.parameters(), owner);
  }
}
