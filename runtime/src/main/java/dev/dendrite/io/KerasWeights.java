package dev.dendrite.io;

import dev.dendrite.KerasLayer;
import dev.dendrite.Layer;
import dev.dendrite.LayerSpec;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's weights layout in HDF5 ({@code .weights.h5}, and {@code model.weights.h5} inside a
 * {@code .keras} archive), both ways. Layer {@code i} of Keras class {@code C} is the group
 * {@code layers/<snake(C)>}, then {@code _1}, {@code _2} ... for the next layers of the same
 * class, in layer order, whatever the layers are named; its variables are
 * {@code vars/0, 1, ...} in Keras' order ({@link LayerSpec#parameters()}), or
 * {@code cell/vars/0, 1, ...} for a layer whose {@link KerasLayer#cell()} holds them (the
 * layer's own {@code vars} then empty). Every {@code vars}
 * group, a weightless layer's too, carries the attribute {@code name}; the model's own
 * {@code vars} group is empty. The optimizer's variables are {@code optimizer/vars}: the step
 * count, the learning rate (unless it is a schedule), then the slots ({@link KerasOptimizer}).
 */
final class KerasWeights {
  private KerasWeights() {}

  /** Whether {@code file} is named as a Keras HDF5 weights file ({@code .h5}, {@code .hdf5}). */
  static boolean isKerasFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".h5") || name.endsWith(".hdf5");
  }

  /**
   * Keras' snake case of a class name ({@code keras.src.utils.naming.to_snake_case}):
   * {@code Conv2D -> conv2d}, {@code MaxPooling2D -> max_pooling2d}, {@code LSTM -> lstm}.
   */
  static String snake(String className) {
    String name = className.replaceAll("\\W+", "");
    name = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    name = name.replaceAll("([a-z])([A-Z])", "$1_$2");
    return name.toLowerCase(Locale.ROOT);
  }

  /** The Keras name of the sublayer holding the weights of Keras class {@code kerasClass}. */
  static String cell(String kerasClass) {
    for (var kind : Layer.ANNOTATIONS) {
      KerasLayer keras = kind.getAnnotation(KerasLayer.class);
      if (keras != null && keras.value().equals(kerasClass)) {
        return keras.cell();
      }
    }
    return "";
  }

  /** The path of layer group {@code group}'s variables: {@code vars}, or its cell's. */
  static String varsPath(String group, LayerSpec layer) {
    return "layers/" + group + (cell(layer.kerasClass()).isEmpty() ? "" : "/cell") + "/vars";
  }

  /**
   * Each layer's group under {@code layers}, in layer order: a counter per Keras class, counted
   * in Keras' order of the layers ({@link KerasGraph}).
   */
  static List<String> groups(ModelSpec spec) {
    return KerasGraph.groups(spec);
  }

  /**
   * Fails unless every layer of the model has a Keras counterpart, naming all that have none.
   *
   * @param doing what was asked, like {@code "cannot write model.keras"}
   */
  static void checkKeras(ModelSpec spec, String doing) {
    if (spec.layers().isEmpty()) {
      throw new WeightsException(doing + ": the spec of " + spec.name() + " describes no layers;"
          + " compile the model with this Dendrite to read and write Keras files");
    }
    List<String> unsupported = new ArrayList<>();
    for (LayerSpec layer : spec.layers()) {
      if (!layer.inKeras()) {
        unsupported.add(layer.name() + " (" + layer.unsupported() + ")");
      }
    }
    for (String name : KerasGraph.unreached(spec)) {
      unsupported.add(name + " (its output leads to no layer the model's output is computed "
          + "from, and a Keras Functional model holds only those)");
    }
    if (!unsupported.isEmpty()) {
      throw new WeightsException(doing + ": Keras has no counterpart of "
          + (unsupported.size() == 1 ? "the layer " : "the layers ")
          + String.join(", ", unsupported) + " of " + spec.name());
    }
  }

  /**
   * Writes the network's weights, and the optimizer's state when {@code withOptimizer}, to
   * {@code file} atomically.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  static void save(Path file, Network network, boolean withOptimizer) {
    checkKeras(network.spec(), "cannot write " + file);
    try {
      AtomicFiles.write(file.toAbsolutePath(), bytes(network, withOptimizer));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + AtomicFiles.reason(e), e);
    }
  }

  /** The layout as the bytes of an HDF5 file. */
  static byte[] bytes(Network network, boolean withOptimizer) throws IOException {
    Path temp = Files.createTempFile("dendrite-", ".weights.h5");
    try {
      try (WritableHdfFile hdf = Hdf5Writer.create(temp)) {
        write(hdf, network, withOptimizer);
      } catch (HdfException e) {
        throw new IOException(e.getMessage(), e);
      }
      return Files.readAllBytes(temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void write(WritableHdfFile hdf, Network network, boolean withOptimizer) {
    ModelSpec spec = network.spec();
    Map<String, INDArray> parameters = network.variables();
    WritableGroup layers = hdf.putGroup("layers");
    List<String> groups = groups(spec);
    if (!spec.isStack()) {
      // a Functional model's layers begin with its input layer, which holds nothing
      layers.putGroup(KerasGraph.INPUT_LAYER).putGroup("vars")
          .putAttribute("name", KerasGraph.INPUT_LAYER);
    }
    for (int i : KerasGraph.order(spec)) {
      LayerSpec layer = spec.layers().get(i);
      WritableGroup group = layers.putGroup(groups.get(i));
      WritableGroup vars = group.putGroup("vars");
      vars.putAttribute("name", layer.name());
      String cell = cell(layer.kerasClass());
      if (!cell.isEmpty()) {
        vars = group.putGroup("cell").putGroup("vars");
        vars.putAttribute("name", cell);
      }
      for (int k = 0; k < layer.parameters().size(); k++) {
        vars.putDataset(String.valueOf(k),
            Hdf5Writer.floats(parameters.get(layer.parameters().get(k))));
      }
    }
    if (withOptimizer) {
      WritableGroup vars = hdf.putGroup("optimizer").putGroup("vars");
      vars.putAttribute("name", KerasOptimizer.name(spec));
      vars.putDataset("0", network.optimizerSteps());
      int next = 1;
      if (spec.schedule() == LearningRateSchedule.CONSTANT) {
        vars.putDataset(String.valueOf(next++), (float) network.learningRate());
      }
      for (INDArray slot : KerasOptimizer.slotValues(network)) {
        vars.putDataset(String.valueOf(next++), Hdf5Writer.floats(slot));
      }
    }
    hdf.putGroup("vars").putAttribute("name", spec.name());
  }

  /**
   * Reads a {@code .weights.h5} file into the network: the weights, and the optimizer's state
   * when the file has the state of the same optimizer. Nothing changes unless all is valid.
   */
  static void load(Path file, Network network) {
    if (!Files.isRegularFile(file)) {
      throw new WeightsException(file + ": no such file");
    }
    checkKeras(network.spec(), "cannot read " + file);
    try (HdfFile hdf = new HdfFile(file)) {
      read(hdf, file.toString(), network, true, null).apply(network);
    } catch (HdfException | IllegalArgumentException e) {
      throw new WeightsException(file + ": not a readable HDF5 weights file: "
          + Quote.text(e.getMessage(), 300), e);
    }
  }

  /** What a file holds for a network, checked and not yet applied. */
  static final class Staged {
    final Map<String, INDArray> parameters = new LinkedHashMap<>();
    final Map<String, INDArray> state = new LinkedHashMap<>();
    Long steps;
    Double learningRate;

    /** Sets everything read; nothing can fail any more. */
    void apply(Network network) {
      parameters.forEach((name, value) -> network.variables().get(name).assign(value));
      if (steps != null) {
        state.forEach((name, value) -> {
          INDArray target = network.optimizerState().get(name);
          target.assign(value.reshape(target.shape()));
        });
        network.setOptimizerSteps(steps);
        if (learningRate != null) {
          network.setLearningRate(learningRate);
        }
      }
    }
  }

  /**
   * Reads and checks the weights (and, when {@code optimizer} and the file's optimizer is the
   * model's, the optimizer state) of an open file.
   *
   * @param where the file as messages name it, like {@code model.keras: model.weights.h5}
   * @param hasLearningRate whether the file's optimizer variables include the learning rate
   *     (known from an archive's config); null to infer it from their number
   */
  static Staged read(HdfFile hdf, String where, Network network, boolean optimizer,
      Boolean hasLearningRate) {
    ModelSpec spec = network.spec();
    Staged staged = new Staged();
    List<String> groups = groups(spec);
    Group layers = group(hdf, "layers");
    if (layers == null && group(hdf, "model_weights") != null) {
      throw new WeightsException(where + ": a Keras 2 model file (model_weights/...), not Keras 3's"
          + " weights layout: import it as source with dev.dendrite.keras.KerasImport (README,"
          + " \"Import a Keras model as source\"), or save it from Keras 3 as .keras");
    }
    if (layers == null) {
      throw new WeightsException(where + ": missing group layers; expected the groups "
          + expectedGroups(spec, groups) + " (a Keras 3 weights file)");
    }
    // a functional model lists its input layers too: they hold nothing
    TreeSet<String> found = new TreeSet<>(layers.getChildren().keySet());
    found.removeIf(name -> name.matches("input_layer(_\\d+)?") && !groups.contains(name));
    if (!found.equals(new TreeSet<>(groups))) {
      throw new WeightsException(where + ": its layers " + Quote.list(new ArrayList<>(found))
          + " do not correspond to the layers of " + spec.name() + ", which are "
          + expectedGroups(spec, groups));
    }
    Map<String, INDArray> parameters = network.variables();
    for (int i = 0; i < groups.size(); i++) {
      LayerSpec layer = spec.layers().get(i);
      String path = varsPath(groups.get(i), layer);
      Group vars = group(hdf, path);
      if (vars == null) {
        throw new WeightsException(where + ": missing group " + path + " (layer " + i + ", "
            + layer.name() + ", " + layer.kerasClass() + ")");
      }
      if (vars.getChildren().size() != layer.parameters().size()) {
        throw new WeightsException(where + ": " + path + " holds "
            + count(vars.getChildren().size()) + " but " + layer.name() + " ("
            + layer.kerasClass() + ") of " + spec.name() + " has "
            + count(layer.parameters().size()) + " " + layer.parameters());
      }
      for (int k = 0; k < layer.parameters().size(); k++) {
        String name = layer.parameters().get(k);
        INDArray target = parameters.get(name);
        staged.parameters.put(name, values(vars, String.valueOf(k), where, path, name, target));
      }
    }
    if (optimizer) {
      readOptimizer(hdf, where, network, hasLearningRate, staged);
    }
    return staged;
  }

  private static void readOptimizer(HdfFile hdf, String where, Network network,
      Boolean hasLearningRate, Staged staged) {
    Group vars = group(hdf, "optimizer/vars");
    // without an archive's config, the optimizer is known by its name alone
    if (vars == null || hasLearningRate == null
        && !KerasOptimizer.name(network.spec()).equals(nameOf(vars))) {
      return;
    }
    List<KerasOptimizer.Slot> slots = KerasOptimizer.slots(network);
    int count = vars.getChildren().size();
    boolean withRate = hasLearningRate != null ? hasLearningRate : count == slots.size() + 2;
    int first = withRate ? 2 : 1;
    if (count != first + slots.size()) {
      return;
    }
    String path = "optimizer/vars";
    Dataset steps = dataset(vars, "0", where, path);
    if (!(steps.getData() instanceof Number n) || n.longValue() < 0) {
      throw new WeightsException(where + ": " + path + "/0 (the optimizer's iterations) must be"
          + " a non-negative integer scalar");
    }
    staged.steps = n.longValue();
    if (withRate && network.spec().schedule() == LearningRateSchedule.CONSTANT) {
      Object rate = dataset(vars, "1", where, path).getData();
      if (!(rate instanceof Number r) || !(r.doubleValue() > 0)
          || Double.isInfinite(r.doubleValue())) {
        throw new WeightsException(where + ": " + path + "/1 (the optimizer's learning rate) must"
            + " be a positive number scalar");
      }
      staged.learningRate = r.doubleValue();
    }
    Map<String, INDArray> parameters = network.parameters();
    for (int k = 0; k < slots.size(); k++) {
      KerasOptimizer.Slot slot = slots.get(k);
      staged.state.put(slot.state(), values(vars, String.valueOf(first + k), where, path,
          slot.state(), parameters.get(slot.parameter())));
    }
  }

  private static String nameOf(Group group) {
    Attribute name = group.getAttribute("name");
    Object value = name == null ? null : name.getData();
    return value instanceof String s ? s : "";
  }

  private static String count(int variables) {
    return variables + (variables == 1 ? " variable" : " variables");
  }

  private static String expectedGroups(ModelSpec spec, List<String> groups) {
    List<String> named = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      named.add(groups.get(i) + " (" + spec.layers().get(i).name() + ")");
    }
    return String.join(", ", named);
  }

  private static INDArray values(Group vars, String key, String where, String path, String name,
      INDArray target) {
    Dataset dataset = dataset(vars, key, where, path);
    long[] expected = target.shape();
    long[] found = Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
    if (!Arrays.equals(expected, found)) {
      throw new WeightsException(where + ": " + path + "/" + key + " (" + name + ") has shape "
          + Arrays.toString(found) + " but " + name + " has " + Arrays.toString(expected));
    }
    Class<?> type = dataset.getJavaType();
    if (type != float.class && type != double.class) {
      throw new WeightsException(where + ": " + path + "/" + key + " holds "
          + type.getSimpleName() + " values; expected float32 or float64");
    }
    Object data = dataset.getDataFlat();
    INDArray values = (data instanceof float[] f ? Nd4j.createFromArray(f)
        : Nd4j.createFromArray((double[]) data)).reshape('c', expected).castTo(target.dataType());
    if (values.isNaN().any() || values.isInfinite().any()) {
      throw new WeightsException(where + ": " + path + "/" + key + " (" + name
          + ") holds a non-finite value");
    }
    return values;
  }

  private static Dataset dataset(Group vars, String key, String where, String path) {
    Node node = vars.getChildren().get(key);
    if (node instanceof Dataset dataset) {
      return dataset;
    }
    throw new WeightsException(where + ": missing dataset " + path + "/" + key);
  }

  /** The group at {@code path}, or null when there is none. */
  private static Group group(HdfFile hdf, String path) {
    Group group = hdf;
    for (String part : path.split("/")) {
      Node child = group.getChildren().get(part);
      if (!(child instanceof Group next)) {
        return null;
      }
      group = next;
    }
    return group;
  }
}
