package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.LayerSpec;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import dev.dendrite.WeightsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keras' order of a Functional model's layers (ops/function.py map_graph: deepest first, ties
 * in the order a depth-first walk from the output meets them), which names the weight groups.
 */
class KerasGraphTest {

  /** A layer of class {@code kerasClass} reading {@code inputs} (none: the one above). */
  private static LayerSpec layer(String name, String kerasClass, String... inputs) {
    return new LayerSpec(name, kerasClass, "{\"name\": \"" + name + "\"}", List.of(4),
        List.of(), "", List.of(inputs), List.of(4));
  }

  private static ModelSpec model(LayerSpec... layers) {
    return new ModelSpec("Graph", List.of(4), 4, Loss.MEAN_SQUARED_ERROR, Optimizer.SGD, 0.01,
        32, 1, 1, 0, LearningRateSchedule.CONSTANT, List.of(layers), "");
  }

  private static List<String> names(ModelSpec spec, List<Integer> order) {
    return order.stream().map(i -> spec.layers().get(i).name()).toList();
  }

  @Test
  void aStackKeepsItsOrderAndCountsGroupsPerClass() {
    ModelSpec spec = model(layer("a", "Dense"), layer("drop", "Dropout"), layer("b", "Dense"));
    assertTrue(spec.isStack());
    assertEquals(List.of("a", "drop", "b"), names(spec, KerasGraph.order(spec)));
    assertEquals(List.of("dense", "dropout", "dense_1"), KerasGraph.groups(spec));
  }

  /**
   * side reads the input and is declared first; Keras puts it after the deeper residual block
   * (depth 2, like the Add, which the walk from the output meets first).
   */
  @Test
  void deeperLayersComeFirstAndTiesGoInTheOrderTheWalkFromTheOutputMeetsThem() {
    ModelSpec spec = model(layer("side", "Dense"), layer("dense1", "Dense", "input"),
        layer("dense2", "Dense"), layer("residual", "Add", "dense2", "input"),
        layer("joined", "Concatenate", "residual", "side"), layer("output", "Dense"));
    assertEquals(List.of("dense1", "dense2", "residual", "side", "joined", "output"),
        names(spec, KerasGraph.order(spec)));
    assertEquals(List.of("dense_2", "dense", "dense_1", "add", "concatenate", "dense_3"),
        KerasGraph.groups(spec));
    assertEquals(List.of(List.of(-1), List.of(-1), List.of(1), List.of(2, -1), List.of(3, 0),
        List.of(4)), KerasGraph.sources(spec));
  }

  @Test
  void aJoinOfTwoBranchesOfEqualDepthKeepsTheOrderItNamesThem() {
    ModelSpec spec = model(layer("stem", "Dense"), layer("left", "Dense"),
        layer("right", "Dense", "stem"), layer("sum", "Add", "right", "left"),
        layer("output", "Dense"));
    assertEquals(List.of("stem", "right", "left", "sum", "output"),
        names(spec, KerasGraph.order(spec)));
  }

  @Test
  void aLayerTheOutputDoesNotReadCannotBeWrittenToKeras() {
    ModelSpec spec = model(layer("stem", "Dense"), layer("unused", "Dense"),
        layer("output", "Dense", "stem"));
    assertEquals(List.of("unused"), KerasGraph.unreached(spec));
    WeightsException e = assertThrows(WeightsException.class,
        () -> KerasWeights.checkKeras(spec, "cannot write graph.keras"));
    assertEquals("cannot write graph.keras: Keras has no counterpart of the layer unused (its "
        + "output leads to no layer the model's output is computed from, and a Keras "
        + "Functional model holds only those) of Graph", e.getMessage());
  }

  @Test
  void aDiamondIsOrderedByItsLongestPath() {
    // a -> b -> c -> sum, a -> sum: a is deeper than b through c
    List<LayerSpec> layers = new ArrayList<>(List.of(layer("a", "Dense"), layer("b", "Dense"),
        layer("c", "Dense"), layer("sum", "Add", "a", "c"), layer("output", "Dense")));
    ModelSpec spec = model(layers.toArray(LayerSpec[]::new));
    assertEquals(List.of("a", "b", "c", "sum", "output"), names(spec, KerasGraph.order(spec)));
  }
}
