package dev.dendrite.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dendrite.Activation;
import dev.dendrite.Conv2D;
import dev.dendrite.Dropout;
import dev.dendrite.KerasLayer;
import dev.dendrite.KerasName;
import dev.dendrite.KerasVariable;
import dev.dendrite.Layer;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Padding;
import dev.dendrite.io.StrictJson;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer's rules on config JSON and small files made here; fixtures are in examples. */
class KerasImportUnitTest {
  @TempDir Path dir;

  private static JsonNode json(String text) {
    try {
      return StrictJson.parse(text.replace('\'', '"'));
    } catch (StrictJson.SyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void snakeCaseIsKeras() {
    assertEquals("conv2d", KerasFile.snakeCase("Conv2D"));
    assertEquals("max_pooling2d", KerasFile.snakeCase("MaxPooling2D"));
    assertEquals("average_pooling1d", KerasFile.snakeCase("AveragePooling1D"));
    assertEquals("global_average_pooling2d", KerasFile.snakeCase("GlobalAveragePooling2D"));
    assertEquals("batch_normalization", KerasFile.snakeCase("BatchNormalization"));
    assertEquals("lstm", KerasFile.snakeCase("LSTM"));
    assertEquals("simple_rnn", KerasFile.snakeCase("SimpleRNN"));
    assertEquals("layer_normalization", KerasFile.snakeCase("LayerNormalization"));
  }

  @Test
  void everyKerasCapableAnnotationImports() {
    List<String> expected = new ArrayList<>();
    for (Class<?> kind : Layer.ANNOTATIONS) {
      KerasLayer keras = kind.getAnnotation(KerasLayer.class);
      if (keras != null) {
        expected.add(keras.value());
      }
    }
    assertEquals(expected, LayerImport.kerasClasses());
    assertFalse(expected.contains("Maxout"));
  }

  @Test
  void identifiersAreValidUniqueAndAvoidReservedNames() {
    assertEquals(List.of("conv2d_8", "hidden_1", "class_", "layer_1st", "input_", "dense",
            "dense_2", "caf\u00e9"),
        JavaSource.identifiers(List.of("conv2d_8", "hidden-1", "class", "1st", "input",
            "dense", "dense", "caf\u00e9")));
  }

  @Test
  void elementsConvertByTypeAndDefaultsAreLeftOut() {
    List<String> problems = new ArrayList<>();
    LayerImport.Imported conv = LayerImport.of(json("{'class_name': 'Conv2D', 'config': {"
        + "'name': 'c', 'filters': 8, 'kernel_size': [3, 3], 'strides': [1, 1],"
        + "'padding': 'same', 'data_format': 'channels_last', 'dilation_rate': [1, 1],"
        + "'activation': 'leaky_relu', 'use_bias': false,"
        + "'kernel_initializer': {'class_name': 'HeNormal', 'config': {}}}}"), problems);
    assertEquals(List.of(), problems);
    assertEquals(Conv2D.class, conv.kind());
    assertEquals(List.of("filters", "kernelSize", "padding", "activation", "useBias"),
        List.copyOf(conv.elements().keySet()));
    assertEquals(Padding.SAME, conv.elements().get("padding"));
    assertEquals(Activation.LEAKY_RELU, conv.elements().get("activation"));
    assertArrayEquals(new int[] {3, 3}, (int[]) conv.elements().get("kernelSize"));
    assertEquals(List.of("kernel"), conv.variables(), "no bias without use_bias");
    assertEquals("@Conv2D(filters = 8, kernelSize = {3, 3}, padding = Padding.SAME, "
        + "activation = Activation.LEAKY_RELU, useBias = false)", JavaSource.annotation(conv));
  }

  @Test
  void dilatedConvolutionsImportWithTheirDilationRate() {
    List<String> problems = new ArrayList<>();
    LayerImport.Imported conv2d = LayerImport.of(json("{'class_name': 'Conv2D', 'config': {"
        + "'name': 'c', 'filters': 8, 'kernel_size': [3, 3], 'strides': [1, 1],"
        + "'padding': 'valid', 'data_format': 'channels_last', 'dilation_rate': [2, 3],"
        + "'groups': 1, 'activation': 'relu', 'use_bias': true}}"), problems);
    LayerImport.Imported conv1d = LayerImport.of(json("{'class_name': 'Conv1D', 'config': {"
        + "'name': 'd', 'filters': 4, 'kernel_size': [5], 'strides': [1],"
        + "'padding': 'same', 'data_format': 'channels_last', 'dilation_rate': [4],"
        + "'groups': 1, 'activation': 'linear', 'use_bias': true}}"), problems);
    assertEquals(List.of(), problems);
    assertEquals("@Conv2D(filters = 8, kernelSize = {3, 3}, dilationRate = {2, 3}, "
        + "activation = Activation.RELU)", JavaSource.annotation(conv2d));
    assertEquals("@Conv1D(filters = 4, kernelSize = 5, padding = Padding.SAME, dilationRate = 4)",
        JavaSource.annotation(conv1d));
  }

  @Test
  void stridesEqualToThePoolSizeAreTheDefault() {
    List<String> problems = new ArrayList<>();
    LayerImport.Imported pool = LayerImport.of(json("{'class_name': 'MaxPooling2D', 'config':"
        + "{'name': 'p', 'pool_size': [3, 3], 'strides': [3, 3], 'padding': 'valid'}}"), problems);
    LayerImport.Imported strided = LayerImport.of(json("{'class_name': 'MaxPooling2D', 'config':"
        + "{'name': 'p', 'pool_size': [2, 2], 'strides': [1, 1], 'padding': 'valid'}}"), problems);
    LayerImport.Imported series = LayerImport.of(json("{'class_name': 'MaxPooling1D', 'config':"
        + "{'name': 'p', 'pool_size': [5], 'strides': [5], 'padding': 'valid'}}"), problems);
    assertEquals(List.of(), problems);
    assertEquals("@MaxPooling2D(poolSize = {3, 3})", JavaSource.annotation(pool));
    assertEquals("@MaxPooling2D(strides = {1, 1})", JavaSource.annotation(strided));
    assertEquals(MaxPooling1D.class, series.kind());
    assertEquals("@MaxPooling1D(poolSize = 5)", JavaSource.annotation(series));
    assertEquals(MaxPooling2D.class, pool.kind());
  }

  @Test
  void globalMaxPoolingImportsAndZeroPaddingOnlySymmetric() {
    List<String> problems = new ArrayList<>();
    LayerImport.Imported global = LayerImport.of(json("{'class_name': 'GlobalMaxPooling1D',"
        + "'config': {'name': 'g', 'data_format': 'channels_last', 'keepdims': false}}"),
        problems);
    LayerImport.Imported pad = LayerImport.of(json("{'class_name': 'ZeroPadding2D', 'config':"
        + "{'name': 'z', 'padding': [2, 3], 'data_format': 'channels_last'}}"), problems);
    assertEquals(List.of(), problems);
    assertEquals("@GlobalMaxPooling1D", JavaSource.annotation(global));
    assertEquals("@ZeroPadding2D(padding = {2, 3})", JavaSource.annotation(pad));
    LayerImport.Imported nested = LayerImport.of(json("{'class_name': 'ZeroPadding2D', 'config':"
        + "{'name': 'z', 'padding': [[1, 1], [2, 2]], 'data_format': 'channels_last'}}"),
        problems);
    assertEquals(List.of(), problems);
    assertEquals("@ZeroPadding2D(padding = {1, 2})", JavaSource.annotation(nested));
    assertNull(LayerImport.of(json("{'class_name': 'ZeroPadding2D', 'config':"
        + "{'name': 'z', 'padding': [[1, 0], [2, 2]], 'data_format': 'channels_last'}}"),
        problems));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("padding"), problems.toString());
  }

  @Test
  void dropoutsRateIsItsValueAndItsSeedMustBeNone() {
    List<String> problems = new ArrayList<>();
    LayerImport.Imported drop = LayerImport.of(json("{'class_name': 'Dropout', 'config':"
        + "{'name': 'd', 'rate': 0.25, 'seed': null, 'noise_shape': null}}"), problems);
    assertEquals(Dropout.class, drop.kind());
    assertEquals("@Dropout(0.25)", JavaSource.annotation(drop));
    assertNull(LayerImport.of(json("{'class_name': 'Dropout', 'config':"
        + "{'name': 'd', 'rate': 0.25, 'seed': 7}}"), problems));
    assertEquals(List.of("layer 'd' (Dropout): seed is 7; Dendrite supports null (none)"),
        problems);
  }

  @Test
  void everyProblemOfALayerIsListed() {
    List<String> problems = new ArrayList<>();
    assertNull(LayerImport.of(json("{'class_name': 'Conv2D', 'config': {'name': 'c',"
        + "'kernel_size': 3, 'groups': 2, 'padding': 'causal',"
        + "'activation': {'class_name': 'Swishy', 'config': {}},"
        + "'bias_regularizer': {'class_name': 'L1', 'config': {'l1': 0.1}}}}"), problems));
    assertEquals(5, problems.size(), problems.toString());
    assertTrue(problems.contains("layer 'c' (Conv2D): its config has no filters, which "
        + "Dendrite needs"), problems.toString());
    assertTrue(problems.contains("layer 'c' (Conv2D): padding is \"causal\"; Dendrite supports "
        + "\"valid\", \"same\""), problems.toString());
    assertTrue(problems.contains("layer 'c' (Conv2D): activation is Swishy {}; Dendrite "
        + "supports only the built-in ones, by name: \"linear\", \"relu\", \"sigmoid\", "
        + "\"tanh\", \"softmax\", \"softsign\", \"softplus\", \"elu\", \"selu\", "
        + "\"leaky_relu\", \"gelu\", \"swish\", \"hard_sigmoid\", \"exponential\", "
        + "\"truncated_power\", \"absolute\", \"gaussian\", \"mexican_hat\", "
        + "\"polynomial\""), problems.toString());
    assertTrue(problems.contains("layer 'c' (Conv2D): groups is 2; Dendrite supports 1 only"),
        problems.toString());
    assertTrue(problems.contains("layer 'c' (Conv2D): bias_regularizer is L1 {\"l1\":0.1}; "
        + "Dendrite supports null (none)"), problems.toString());
  }

  @Test
  void lossesAndOptimizersMapToTheModel() {
    List<String> problems = new ArrayList<>();
    Map<String, Object> compile = ModelImport.compile(json("{'loss': {'class_name':"
        + "'SparseCategoricalCrossentropy', 'config': {'from_logits': false}}, 'optimizer':"
        + "{'class_name': 'SGD', 'config': {'learning_rate': 0.05, 'momentum': 0.9,"
        + "'nesterov': true, 'clipnorm': null}}}"), problems);
    assertEquals(List.of(), problems);
    assertEquals("{loss=CATEGORICAL_CROSSENTROPY, optimizer=SGD, learningRate=0.05, "
        + "momentum=0.9, nesterov=true}", compile.toString());

    Map<String, Object> keras2 = ModelImport.compile(json("{'loss': 'mse', 'optimizer':"
        + "{'class_name': 'Adam', 'config': {'learning_rate': 0.0010000000474974513,"
        + "'beta_1': 0.9, 'epsilon': 1e-07, 'amsgrad': false}}}"), problems);
    assertEquals(List.of(), problems);
    assertEquals("{loss=MEAN_SQUARED_ERROR, optimizer=ADAM}", keras2.toString());

    ModelImport.compile(json("{'loss': {'class_name': 'CategoricalCrossentropy', 'config':"
        + "{'from_logits': true}}, 'optimizer': {'class_name': 'Nadam', 'config': {}}}"),
        problems);
    assertEquals(2, problems.size(), problems.toString());
  }

  @Test
  void inputShapeComesFromTheInputLayerOrKeras2sBatchInputShape() {
    List<String> problems = new ArrayList<>();
    assertArrayEquals(new int[] {28, 28, 1}, ModelImport.input(json("{'class_name':"
        + "'Sequential', 'config': {'layers': [{'class_name': 'InputLayer', 'config':"
        + "{'batch_shape': [null, 28, 28, 1]}}]}}"), problems));
    assertArrayEquals(new int[] {8}, ModelImport.input(json("{'class_name': 'Sequential',"
        + "'config': {'layers': [{'class_name': 'Dense', 'config': {'batch_input_shape':"
        + "[null, 8]}}]}}"), problems));
    assertEquals(List.of(), problems);
    assertNull(ModelImport.input(json("{'class_name': 'Sequential', 'config': {'layers':"
        + "[{'class_name': 'InputLayer', 'config': {'batch_shape': [null, null, 3]}}]}}"),
        problems));
    assertEquals(1, problems.size());
  }

  @Test
  void aFunctionalChainImportsAsItsLayers() {
    List<String> problems = new ArrayList<>();
    List<JsonNode> keras3 = ModelImport.layers(json("{'class_name': 'Functional', 'config':"
        + "{'layers': [{'class_name': 'InputLayer', 'name': 'in', 'config': {'name': 'in',"
        + "'batch_shape': [null, 4]}, 'inbound_nodes': []},"
        + "{'class_name': 'Dense', 'name': 'a', 'config': {'name': 'a', 'units': 3},"
        + "'inbound_nodes': [{'args': [{'class_name': '__keras_tensor__', 'config':"
        + "{'keras_history': ['in', 0, 0]}}], 'kwargs': {}}]},"
        + "{'class_name': 'Dense', 'name': 'b', 'config': {'name': 'b', 'units': 2},"
        + "'inbound_nodes': [{'args': [{'class_name': '__keras_tensor__', 'config':"
        + "{'keras_history': ['a', 0, 0]}}], 'kwargs': {}}]}]}}"), problems);
    List<JsonNode> keras2 = ModelImport.layers(json("{'class_name': 'Functional', 'config':"
        + "{'layers': [{'class_name': 'InputLayer', 'name': 'input_1', 'config': {'name':"
        + "'input_1', 'batch_input_shape': [null, 4]}, 'inbound_nodes': []},"
        + "{'class_name': 'Dense', 'name': 'a', 'config': {'name': 'a', 'units': 3},"
        + "'inbound_nodes': [[['input_1', 0, 0, {}]]]}]}}"), problems);

    assertEquals(List.of(), problems);
    assertEquals(List.of("a", "b"), keras3.stream().map(l -> l.path("name").asText()).toList());
    assertEquals(List.of("a"), keras2.stream().map(l -> l.path("name").asText()).toList());
  }

  @Test
  void aBranchingFunctionalModelNamesWhatEachLayerReads() {
    List<String> problems = new ArrayList<>();
    JsonNode model = json("{'class_name': 'Functional', 'config': {'layers': ["
        + "{'class_name': 'InputLayer', 'name': 'in', 'config': {'name': 'in'},"
        + "'inbound_nodes': []},"
        + "{'class_name': 'Dense', 'name': 'a', 'config': {'name': 'a'}, 'inbound_nodes': "
        + "[{'args': [" + tensor("in") + "], 'kwargs': {}}]},"
        + "{'class_name': 'Dense', 'name': 'b', 'config': {'name': 'b'}, 'inbound_nodes': "
        + "[{'args': [" + tensor("a") + "], 'kwargs': {}}]},"
        + "{'class_name': 'Add', 'name': 'sum', 'config': {'name': 'sum'}, 'inbound_nodes': "
        + "[{'args': [[" + tensor("b") + ", " + tensor("in") + "]], 'kwargs': {}}]}],"
        + "'input_layers': ['in', 0, 0], 'output_layers': [['sum', 0, 0]]}}");

    List<JsonNode> layers = ModelImport.layers(model, problems);

    assertEquals(List.of(), problems);
    assertEquals(List.of(List.of(-1), List.of(0), List.of(1, -1)),
        ModelImport.sources(model, layers));
  }

  @Test
  void aFunctionalModelDendriteCannotDeclareOrAnotherKindIsRefused() {
    List<String> problems = new ArrayList<>();
    ModelImport.layers(json("{'class_name': 'Functional', 'config': {'layers': ["
        + "{'class_name': 'InputLayer', 'config': {'name': 'in'}, 'inbound_nodes': []},"
        + "{'class_name': 'InputLayer', 'config': {'name': 'in2'}, 'inbound_nodes': []},"
        + "{'class_name': 'Dense', 'config': {'name': 'shared'}, 'inbound_nodes': "
        + "[[['in', 0, 0, {}]], [['in2', 0, 0, {}]]]},"
        + "{'class_name': 'Dense', 'config': {'name': 'two'}, 'inbound_nodes': "
        + "[[['in', 0, 0, {}], ['in2', 0, 0, {}]]]},"
        + "{'class_name': 'Dense', 'config': {'name': 'early'}, 'inbound_nodes': "
        + "[[['late', 0, 0, {}]]]},"
        + "{'class_name': 'Dense', 'config': {'name': 'late'}, 'inbound_nodes': "
        + "[[['shared', 1, 0, {}]]]}],"
        + "'input_layers': [['in', 0, 0], ['in2', 0, 0]],"
        + "'output_layers': [['late', 0, 0], ['two', 0, 0]]}}"), problems);
    ModelImport.layers(json("{'class_name': 'MyModel', 'config': {}}"), problems);
    assertEquals(List.of(
        "the model has 2 inputs (in, in2); a Dendrite model takes one input",
        "the model has 2 outputs (late, two); a Dendrite model has one output, its last layer",
        "layer 'shared' (Dense) is called 2 times (one layer shared by several calls); "
            + "Dendrite declares one layer per call: make each call a layer of its own",
        "layer 'two' (Dense) is called on 2 tensors; in Dendrite only Add and Concatenate take "
            + "several, any other layer one",
        "layer 'early' (Dense) reads 'late', which is not a layer before it",
        "layer 'late' (Dense) reads [\"shared\",1,0,{}], an output of a layer called more than "
            + "once or of several outputs; Dendrite layers have one call and one output",
        "the model is a MyModel model; Dendrite imports Sequential and Functional models"),
        problems);
  }

  private static String tensor(String layer) {
    return "{'class_name': '__keras_tensor__', 'config': {'shape': [null, 4], 'dtype': "
        + "'float32', 'keras_history': ['" + layer + "', 0, 0]}}";
  }

  /** A layer kind of a later issue, declared only by its annotation, as the real ones are. */
  @Retention(RetentionPolicy.CLASS)
  @KerasLayer(value = "BatchNormalization", fixed = "{\"axis\": -1}",
      variables = {@KerasVariable(value = "gamma", when = "scale"),
          @KerasVariable(value = "beta", when = "center"), @KerasVariable("movingMean"),
          @KerasVariable("movingVariance")})
  @interface FutureBatchNormalization {
    @KerasName("momentum")
    double momentum() default 0.99;

    @KerasName("epsilon")
    double epsilon() default 0.001;

    @KerasName("center")
    boolean center() default true;

    @KerasName("scale")
    boolean scale() default true;
  }

  @Test
  void aNewLayerAnnotationImportsWithoutChangingTheImporter() {
    Map<String, Class<? extends Annotation>> kinds =
        LayerImport.kinds(List.of(FutureBatchNormalization.class));
    List<String> problems = new ArrayList<>();
    LayerImport.Imported bn = LayerImport.of(json("{'class_name': 'BatchNormalization',"
        + "'config': {'name': 'bn', 'axis': -1, 'momentum': 0.9, 'epsilon': 0.001,"
        + "'center': false, 'scale': true, 'beta_initializer': {'class_name': 'Zeros'}}}"),
        kinds, problems);

    assertEquals(List.of(), problems);
    assertEquals("@FutureBatchNormalization(momentum = 0.9, center = false)",
        JavaSource.annotation(bn));
    assertEquals(List.of("gamma", "movingMean", "movingVariance"), bn.variables());

    assertNull(LayerImport.of(json("{'class_name': 'BatchNormalization', 'config': {'name':"
        + "'bn', 'axis': 1}}"), kinds, problems));
    assertEquals(List.of("layer 'bn' (BatchNormalization): axis is 1; Dendrite supports -1 "
        + "only"), problems);
  }

  // ---- weights that do not fit the config ----

  private static final String TWO_DENSE = "{'class_name': 'Sequential', 'config': {'layers': ["
      + "{'class_name': 'InputLayer', 'config': {'batch_shape': [null, 4]}},"
      + "{'class_name': 'Dense', 'config': {'name': 'hidden', 'units': 8}},"
      + "{'class_name': 'Dense', 'config': {'name': 'out', 'units': 3}}]},"
      + "'compile_config': {'loss': 'mse'}}";

  @Test
  void aMissingWeightGroupNamesThePathAndTheLayer() throws IOException {
    Path file = keras("missing.keras", TWO_DENSE, h5 -> {
      WritableGroup vars = h5.putGroup("layers").putGroup("dense").putGroup("vars");
      vars.putDataset("0", new float[4][8]);
      vars.putDataset("1", new float[8]);
    });
    assertOneLine(file, "model.weights.h5 has no group layers/dense_1/vars for layer 'out' "
        + "(Dense)");
  }

  @Test
  void aMissingBiasIsAnErrorNotAShiftedWeight() throws IOException {
    Path file = keras("nobias.keras", TWO_DENSE, h5 -> {
      WritableGroup layers = h5.putGroup("layers");
      WritableGroup first = layers.putGroup("dense").putGroup("vars");
      first.putDataset("0", new float[4][8]);
      first.putDataset("1", new float[8]);
      layers.putGroup("dense_1").putGroup("vars").putDataset("0", new float[8][3]);
    });
    assertOneLine(file, "layer 'out' (Dense) has 1 weight in the file "
        + "[layers/dense_1/vars/0]; its config means 2 [kernel, bias]");
  }

  @Test
  void aWeightlessLayerMayLackItsGroupAndCountsTowardItsClassOnly() throws IOException {
    String withDropout = TWO_DENSE.replace("{'class_name': 'Dense', 'config': {'name': 'out',",
        "{'class_name': 'Dropout', 'config': {'name': 'drop', 'rate': 0.5}},"
            + "{'class_name': 'Dense', 'config': {'name': 'out',");
    Path file = keras("dropout.keras", withDropout, h5 -> {
      WritableGroup layers = h5.putGroup("layers");
      WritableGroup first = layers.putGroup("dense").putGroup("vars");
      first.putDataset("0", new float[4][8]);
      first.putDataset("1", new float[8]);
      WritableGroup second = layers.putGroup("dense_1").putGroup("vars");
      second.putDataset("0", new float[8][3]);
      second.putDataset("1", new float[] {1, 2, 3});
    });
    KerasImport.Imported imported = KerasImport.importModel(file, "p", "M");
    assertTrue(imported.source().contains("  @Dropout(0.5) Layer drop;\n"), imported.source());
    assertArrayEquals(new float[] {1, 2, 3},
        imported.weights().get("out.bias").toFloatVector());
  }

  @Test
  void theLossFlagNamesTheLossOfAModelSavedWithoutCompile() throws IOException {
    String uncompiled = TWO_DENSE.replace(",'compile_config': {'loss': 'mse'}", "");
    Path file = keras("uncompiled.keras", uncompiled, h5 -> {
      WritableGroup layers = h5.putGroup("layers");
      WritableGroup first = layers.putGroup("dense").putGroup("vars");
      first.putDataset("0", new float[4][8]);
      first.putDataset("1", new float[8]);
      WritableGroup second = layers.putGroup("dense_1").putGroup("vars");
      second.putDataset("0", new float[8][3]);
      second.putDataset("1", new float[3]);
    });
    KerasImportException e = assertThrows(KerasImportException.class,
        () -> KerasImport.importModel(file, "p", "M"));
    assertEquals(List.of("the model was saved without compile(), so it names no loss: give one "
        + "with --loss, like --loss categorical_crossentropy"), e.unsupported());

    KerasImport.Imported imported = KerasImport.importModel(file, "p", "M", "huber");
    assertTrue(imported.source().contains("@Model(input = 4, loss = Loss.HUBER)\n"),
        imported.source());
    assertEquals(List.of("hidden.kernel", "hidden.bias", "out.kernel", "out.bias"),
        List.copyOf(imported.weights().keySet()));
  }

  /** A .keras archive of {@code config} and the weights {@code weights} writes. */
  private Path keras(String name, String config, Consumer<WritableHdfFile> weights)
      throws IOException {
    Path h5 = dir.resolve(name + ".weights.h5");
    try (WritableHdfFile hdf = HdfFile.write(h5)) {
      weights.accept(hdf);
    }
    Path file = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      out.putNextEntry(new ZipEntry("config.json"));
      out.write(config.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new ZipEntry("model.weights.h5"));
      out.write(Files.readAllBytes(h5));
      out.closeEntry();
    }
    return file;
  }

  // ---- bad input: one line naming the file ----

  @Test
  void aFileThatIsNotKerasIsOneLine() throws IOException {
    Path file = dir.resolve("notes.keras");
    Files.writeString(file, "hello, world");
    assertOneLine(file, "not a Keras model file");
  }

  @Test
  void anArchiveWithoutConfigIsOneLine() throws IOException {
    Path file = zip("empty.keras", Map.of("metadata.json", "{}"));
    assertOneLine(file, "the .keras archive has no config.json");
  }

  @Test
  void badJsonIsOneLine() throws IOException {
    Path file = zip("bad.keras", Map.of("config.json", "{\"class_name\": Sequential}"));
    assertOneLine(file, "config.json is not valid JSON");
  }

  @Test
  void aMissingFileIsOneLine() {
    assertOneLine(dir.resolve("absent.keras"), "no such file");
  }

  @Test
  void commandLineProblemsAreUsageErrors() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(KerasImport.BAD_INPUT, KerasImport.run(new String[] {"m.keras"}, stream,
        stream));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: --class is needed"));
    assertEquals(KerasImport.BAD_INPUT, KerasImport.run(new String[] {"m.keras", "--class",
        "class"}, stream, stream));
    err.reset();
    assertEquals(KerasImport.BAD_INPUT, KerasImport.run(new String[] {"m.keras", "--class",
        "M", "--weights", "m.weights.h5"}, stream, stream));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: --weights m.weights.h5 "
        + "must name a .safetensors file"));
  }

  private void assertOneLine(Path file, String expected) {
    KerasImportException e = assertThrows(KerasImportException.class,
        () -> KerasImport.importModel(file, "p", "M"));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(KerasImport.BAD_INPUT, KerasImport.run(
        new String[] {file.toString(), "--class", "M", "--out", dir.toString()}, stream,
        stream));
    assertEquals("error: " + e.getMessage() + System.lineSeparator(),
        err.toString(StandardCharsets.UTF_8));
  }

  private Path zip(String name, Map<String, String> members) throws IOException {
    Path file = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, String> m : members.entrySet()) {
        out.putNextEntry(new ZipEntry(m.getKey()));
        out.write(m.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return file;
  }
}
