package dev.dendrite.io;

import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A network's parameters in a file, chosen by its name: a Keras 3 archive ({@code .keras}),
 * Keras 3's weights layout ({@code .h5}, {@code .hdf5}), or else safetensors.
 */
public final class Weights {
  private Weights() {}

  /**
   * Writes the network's parameters and state, named as {@link Network#variables()} with Keras'
   * shapes,
   * with the model's name as metadata. The file is replaced atomically: a crash leaves the old
   * file or the complete new one.
   *
   * @throws WeightsException when a Keras file is asked of a model with a layer Keras has not
   *     (naming every such layer)
   * @throws java.io.UncheckedIOException when the file cannot be written
   */
  public static void save(Network network, Path file) {
    save(network, file, Map.of(Metadata.MODEL, network.spec().name()));
  }

  /**
   * Writes the network to {@code file} with {@code metadata} ({@link Metadata#of}):
   * <ul>
   *   <li>{@code .keras}: Keras' archive, the model's config, the weights and the optimizer's
   *       state, the metadata in its {@code dendrite.json};
   *   <li>{@code .h5}: Keras' {@code .weights.h5} layout ({@code layers/dense/vars/0}, ...)
   *       with the optimizer's state, and the metadata beside it in
   *       {@code <file>.dendrite.json} ({@link WeightsSidecar});
   *   <li>otherwise safetensors ({@code F32} for a float network), with the metadata.
   * </ul>
   */
  public static void save(Network network, Path file, Map<String, String> metadata) {
    if (KerasArchive.isArchive(file)) {
      KerasArchive.save(file, network, metadata);
    } else if (KerasWeights.isKerasFile(file)) {
      // a .weights.h5 file holds the variables only; the metadata goes beside it
      KerasWeights.save(file, network, true);
      try {
        WeightsSidecar.write(file, metadata);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + WeightsSidecar.of(file) + ": "
            + AtomicFiles.reason(e), e);
      }
    } else {
      Safetensors.save(file, network.variables(), metadata);
    }
  }

  /**
   * Fails, naming every layer Keras has no counterpart of, when {@code file} is a Keras file
   * that a model of {@code spec} cannot be written to: checked before a run trains.
   */
  public static void checkWritable(dev.dendrite.ModelSpec spec, Path file) {
    if (KerasArchive.isArchive(file) || KerasWeights.isKerasFile(file)) {
      KerasWeights.checkKeras(spec, "cannot write " + file);
    }
  }

  /**
   * Reads the network's parameters from a file written by {@link #save} or by Keras 3: a
   * {@code .keras} archive (its config checked against the model's layers) or a
   * {@code .weights.h5} file, each layer found by Keras' class-and-counter path whatever its
   * name, the optimizer's state with them when the file's optimizer is the model's; or a
   * safetensors file ({@code F32} or {@code F64}). Nothing changes unless the whole file is
   * valid.
   *
   * @throws WeightsException naming the file, the layer or tensor and the problem: a missing
   *     group or tensor, a shape that differs (expected and found), a layer of another kind,
   *     size or activation, another dtype, a truncated or corrupt file, a non-finite value
   */
  public static void load(Network network, Path file) {
    if (KerasArchive.isArchive(file)) {
      KerasArchive.load(file, network);
    } else if (KerasWeights.isKerasFile(file)) {
      KerasWeights.load(file, network);
    } else {
      Safetensors.load(file, network.variables(), "the model " + network.spec().name());
    }
  }

  /**
   * The metadata saved with the weights ({@link Metadata}): a safetensors file's, a
   * {@code .keras} archive's {@code dendrite.json}, a {@code .weights.h5} file's
   * {@code <file>.dendrite.json} beside it (none without one).
   */
  public static Map<String, String> metadata(Path file) {
    if (KerasArchive.isArchive(file)) {
      return KerasArchive.metadata(file);
    }
    if (KerasWeights.isKerasFile(file)) {
      Map<String, String> metadata = WeightsSidecar.read(file);
      return metadata == null ? Map.of() : metadata;
    }
    return Safetensors.metadata(file);
  }
}
