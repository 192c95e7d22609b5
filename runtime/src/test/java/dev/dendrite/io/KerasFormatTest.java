package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Activation;
import dev.dendrite.Loss;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Group;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of Keras files that need no model: names, value comparison, the HDF5 writer. */
class KerasFormatTest {
  @TempDir Path dir;

  @Test
  void classNamesInSnakeCaseAsKerasNamesWeightGroups() {
    Map<String, String> keras = Map.ofEntries(Map.entry("Dense", "dense"),
        Map.entry("Conv2D", "conv2d"), Map.entry("Conv1D", "conv1d"),
        Map.entry("MaxPooling2D", "max_pooling2d"),
        Map.entry("AveragePooling1D", "average_pooling1d"),
        Map.entry("GlobalAveragePooling2D", "global_average_pooling2d"),
        Map.entry("BatchNormalization", "batch_normalization"), Map.entry("LSTM", "lstm"),
        Map.entry("GRU", "gru"), Map.entry("SimpleRNN", "simple_rnn"),
        Map.entry("Embedding", "embedding"), Map.entry("LayerNormalization",
            "layer_normalization"), Map.entry("Dropout", "dropout"),
        Map.entry("Flatten", "flatten"));
    keras.forEach((className, snake) -> assertEquals(snake, KerasWeights.snake(className)));
  }

  @Test
  void activationsAndLossesHaveTheirKerasNames() {
    List<Activation> beyond = Arrays.stream(Activation.values())
        .filter(a -> !a.inKeras()).toList();
    assertEquals(List.of(Activation.TRUNCATED_POWER, Activation.ABSOLUTE, Activation.GAUSSIAN,
        Activation.MEXICAN_HAT, Activation.POLYNOMIAL), beyond);
    assertEquals("silu", Activation.SWISH.kerasConfigName());
    assertEquals("leaky_relu", Activation.LEAKY_RELU.kerasConfigName());
    assertEquals("hard_sigmoid", Activation.HARD_SIGMOID.kerasConfigName());
    assertEquals(List.of("categorical_crossentropy", "binary_crossentropy", "mean_squared_error",
        "mean_absolute_error", "huber"),
        Arrays.stream(Loss.values()).map(Loss::kerasName).toList());
  }

  @Test
  void configValuesCompareAsKerasMeansThem() throws Exception {
    assertTrue(KerasConfig.same(StrictJson.parse("1e-07"), StrictJson.parse("1.0E-7")));
    assertTrue(KerasConfig.same(StrictJson.parse("[3, 3]"), StrictJson.parse("[3.0, 3]")));
    assertTrue(KerasConfig.same(StrictJson.parse("\"swish\""), StrictJson.parse("\"silu\"")));
    assertTrue(KerasConfig.same(StrictJson.parse("{\"a\": [1], \"b\": null}"),
        StrictJson.parse("{\"b\": null, \"a\": [1]}")));
    assertFalse(KerasConfig.same(StrictJson.parse("[3, 3]"), StrictJson.parse("[3]")));
    assertFalse(KerasConfig.same(StrictJson.parse("\"relu\""), StrictJson.parse(
        "{\"module\": \"keras.activations\", \"class_name\": \"function\", \"config\": "
            + "\"relu\", \"registered_name\": \"relu\"}")));
    assertFalse(KerasConfig.same(StrictJson.parse("null"),
        StrictJson.parse("{\"class_name\": \"L2\"}")));
  }

  /**
   * jHDF 0.9.3 alone writes its signature over the first group written after the last dataset,
   * and gives the root an attribute: Keras' layout has both cases (an empty {@code vars} after
   * the layers' datasets).
   */
  @Test
  void theWriterKeepsGroupsWrittenAfterTheLastDatasetAndTheRootBare() {
    Path file = dir.resolve("layout.h5");
    try (WritableHdfFile hdf = Hdf5Writer.create(file)) {
      hdf.putDataset("a", new float[] {1, 2});
      hdf.putGroup("b").putAttribute("name", "bee");
      hdf.putGroup("vars").putAttribute("name", "model");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals(Set.of("a", "b", "vars"), hdf.getChildren().keySet());
      assertEquals("bee", hdf.getByPath("b").getAttribute("name").getData());
      assertEquals(0, ((Group) hdf.getByPath("vars")).getChildren().size());
      assertEquals(Map.of(), hdf.getAttributes());
    }
  }
}
