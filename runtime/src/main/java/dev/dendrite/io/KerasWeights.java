package dev.dendrite.io;

import dev.dendrite.WeightsException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's {@code .weights.h5} layout, read and written through jHDF: each layer's variables
 * are datasets {@code layers/<layer>/vars/0} (kernel) and {@code .../1} (bias), with Keras'
 * shapes, which Dendrite's parameters share ({@code [in, units]}, {@code [kh, kw, in, filters]},
 * {@code [k, in, filters]}). A model trained in Keras whose layers carry the same names as the
 * Dendrite fields can be run and fine-tuned here, and back. Float32 is written; float32 and
 * float64 are read.
 */
final class KerasWeights {
  private static final List<String> VARIABLES = List.of("kernel", "bias");

  private KerasWeights() {}

  /** Whether {@code file} is named as a Keras HDF5 weights file ({@code .h5}). */
  static boolean isKerasFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".h5") || name.endsWith(".hdf5");
  }

  /**
   * Writes {@code parameters} ({@code layer.kernel}, {@code layer.bias}) atomically.
   *
   * @throws UncheckedIOException when the file cannot be written, as {@link Safetensors#save}
   */
  static void save(Path file, Map<String, INDArray> parameters) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".h5tmp");
      try (WritableHdfFile hdf = HdfFile.write(temp)) {
        WritableGroup layersGroup = hdf.putGroup("layers");
        Map<String, WritableGroup> vars = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
          String[] name = split(e.getKey());
          WritableGroup group = vars.computeIfAbsent(name[0],
              layer -> layersGroup.putGroup(layer).putGroup("vars"));
          group.putDataset(String.valueOf(VARIABLES.indexOf(name[1])), nested(e.getValue()));
        }
      }
      AtomicFiles.write(target, Files.readAllBytes(temp));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + AtomicFiles.reason(e), e);
    } catch (HdfException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(),
          new IOException(e));
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // a leftover temporary file is harmless; the target was written or not at all
        }
      }
    }
  }

  /**
   * Reads every parameter from {@code file} into {@code parameters}, after checking that each
   * exists with the right shape and a float type; nothing changes unless all of them do.
   */
  static void load(Path file, Map<String, INDArray> parameters, String model) {
    if (!Files.isRegularFile(file)) {
      throw new WeightsException(file + ": no such file");
    }
    Map<String, INDArray> read = new LinkedHashMap<>();
    try (HdfFile hdf = new HdfFile(file)) {
      for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
        String[] name = split(e.getKey());
        String path = "layers/" + name[0] + "/vars/" + VARIABLES.indexOf(name[1]);
        Dataset dataset = dataset(hdf, path, file, name[0], model);
        long[] expected = e.getValue().shape();
        long[] found = Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
        if (!Arrays.equals(expected, found)) {
          throw new WeightsException(file + ": " + path + " (" + e.getKey() + ") has shape "
              + Arrays.toString(found) + " but " + model + " expects "
              + Arrays.toString(expected));
        }
        Class<?> type = dataset.getJavaType();
        if (type != float.class && type != double.class) {
          throw new WeightsException(file + ": " + path + " holds " + type.getSimpleName()
              + " values; expected float32 or float64");
        }
        INDArray values = Nd4j.create(flat(dataset.getDataFlat()), expected, 'c')
            .castTo(e.getValue().dataType());
        if (values.isNaN().any() || values.isInfinite().any()) {
          throw new WeightsException(file + ": " + path + " holds a non-finite value");
        }
        read.put(e.getKey(), values);
      }
    } catch (HdfException | IllegalArgumentException e) {
      throw new WeightsException(file + ": not a readable HDF5 weights file: "
          + Quote.text(e.getMessage(), 300),
          e);
    }
    read.forEach((name, values) -> parameters.get(name).assign(values));
  }

  private static Dataset dataset(HdfFile hdf, String path, Path file, String layer,
      String model) {
    Node node;
    try {
      node = hdf.getByPath(path);
    } catch (HdfException e) {
      node = null;
    }
    if (node instanceof Dataset dataset) {
      return dataset;
    }
    List<String> layers = new ArrayList<>();
    try {
      if (hdf.getByPath("layers") instanceof Group group) {
        layers.addAll(group.getChildren().keySet());
      }
    } catch (HdfException e) {
      // no layers group at all: reported below as an empty list
    }
    throw new WeightsException(file + ": no dataset " + path + " for layer " + layer + " of "
        + model + "; the file has layers " + Quote.list(layers)
        + " (Keras layer names must match the "
        + "Dendrite field names)");
  }

  private static String[] split(String parameter) {
    int dot = parameter.lastIndexOf('.');
    String[] name = {parameter.substring(0, dot), parameter.substring(dot + 1)};
    if (!VARIABLES.contains(name[1])) {
      throw new IllegalArgumentException("not a kernel or bias: " + parameter);
    }
    return name;
  }

  private static double[] flat(Object data) {
    if (data instanceof float[] f) {
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
    return (double[]) data;
  }

  /** The array's values as a nested Java float array of its shape, as jHDF writes them. */
  private static Object nested(INDArray array) {
    float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int[] shape = Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
    return nest(values, shape, 0, 0);
  }

  private static Object nest(float[] values, int[] shape, int dim, int offset) {
    if (dim == shape.length - 1) {
      return Arrays.copyOfRange(values, offset, offset + shape[dim]);
    }
    int stride = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    Object first = nest(values, shape, dim + 1, offset);
    Object result = Array.newInstance(first.getClass(), shape[dim]);
    Array.set(result, 0, first);
    for (int i = 1; i < shape[dim]; i++) {
      Array.set(result, i, nest(values, shape, dim + 1, offset + i * stride));
    }
    return result;
  }
}
