package dev.dendrite.io;

import dev.dendrite.LayerSpec;
import dev.dendrite.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's layers as Keras 3 orders those of a Functional model ({@code ops/function.py}
 * {@code map_graph}): by depth, the longest path to the output, deepest first, ties in the
 * order a depth-first walk from the output first meets them, inputs in the order each layer
 * names them. Keras writes {@code config.json}'s layers and counts the weight groups
 * ({@code layers/conv2d_1}) in this order, so Dendrite writes and reads them in it too; for a
 * stack it is the layers' own order.
 */
final class KerasGraph {
  /** The name Keras gives the model's input layer, and its weight group. */
  static final String INPUT_LAYER = "input_layer";

  private KerasGraph() {}

  /**
   * What each layer reads, by index: -1 for the model's input.
   *
   * @throws IllegalStateException when a spec names a layer that is not above it
   */
  static List<List<Integer>> sources(ModelSpec spec) {
    Map<String, Integer> index = new HashMap<>();
    List<List<Integer>> sources = new ArrayList<>();
    for (int i = 0; i < spec.layers().size(); i++) {
      List<Integer> own = new ArrayList<>();
      for (String name : spec.inputsOf(i)) {
        Integer j = name.equals(LayerSpec.INPUT) ? Integer.valueOf(-1) : index.get(name);
        if (j == null) {
          throw new IllegalStateException(spec.name() + ": layer " + spec.layers().get(i).name()
              + " reads " + name + ", which is not a layer above it");
        }
        own.add(j);
      }
      sources.add(List.copyOf(own));
      index.put(spec.layers().get(i).name(), i);
    }
    return List.copyOf(sources);
  }

  /** The layers no path leads from to the output (the last layer): Keras' graph has none. */
  static List<String> unreached(ModelSpec spec) {
    boolean[] reached = reached(spec, sources(spec));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < reached.length; i++) {
      if (!reached[i]) {
        names.add(spec.layers().get(i).name());
      }
    }
    return names;
  }

  private static boolean[] reached(ModelSpec spec, List<List<Integer>> sources) {
    int n = spec.layers().size();
    boolean[] reached = new boolean[n];
    if (n > 0) {
      reached[n - 1] = true;
    }
    for (int i = n - 1; i >= 0; i--) {
      if (reached[i]) {
        for (int s : sources.get(i)) {
          if (s >= 0) {
            reached[s] = true;
          }
        }
      }
    }
    return reached;
  }

  /**
   * The indices of the layers the output is computed from, in Keras' order (the input layer,
   * which Keras puts first, not among them).
   */
  static List<Integer> order(ModelSpec spec) {
    List<List<Integer>> sources = sources(spec);
    int n = spec.layers().size();
    if (n == 0) {
      return List.of();
    }
    // index k + 1 for layer k, 0 for the input
    int[] firstSeen = new int[n + 1];
    Arrays.fill(firstSeen, -1);
    List<Integer> postOrder = new ArrayList<>();
    visit(n - 1, sources, firstSeen, new int[] {0}, new boolean[n + 1], postOrder);
    int[] depth = new int[n + 1];
    for (int k = postOrder.size() - 1; k >= 0; k--) {
      int node = postOrder.get(k);
      if (node >= 0) {
        for (int s : sources.get(node)) {
          depth[s + 1] = Math.max(depth[s + 1], depth[node + 1] + 1);
        }
      }
    }
    List<Integer> layers = new ArrayList<>();
    for (int node : postOrder) {
      if (node >= 0) {
        layers.add(node);
      }
    }
    layers.sort(Comparator.<Integer>comparingInt(i -> -depth[i + 1])
        .thenComparingInt(i -> firstSeen[i + 1]));
    return List.copyOf(layers);
  }

  /** Keras' {@code _build_map_helper}: a depth-first walk to the inputs, nodes after inputs. */
  private static void visit(int node, List<List<Integer>> sources, int[] firstSeen, int[] next,
      boolean[] finished, List<Integer> postOrder) {
    if (finished[node + 1]) {
      return;
    }
    if (firstSeen[node + 1] < 0) {
      firstSeen[node + 1] = next[0]++;
    }
    if (node >= 0) {
      for (int s : sources.get(node)) {
        visit(s, sources, firstSeen, next, finished, postOrder);
      }
    }
    finished[node + 1] = true;
    postOrder.add(node);
  }

  /**
   * Each layer's weight group under {@code layers}, by layer index: Keras' snake case of its
   * class, with a counter per class counted in Keras' order.
   */
  static List<String> groups(ModelSpec spec) {
    Map<String, Integer> counts = new HashMap<>();
    if (!spec.isStack()) {
      counts.put(INPUT_LAYER, 1);
    }
    String[] groups = new String[spec.layers().size()];
    for (int i : order(spec)) {
      String base = KerasWeights.snake(spec.layers().get(i).kerasClass());
      int k = counts.merge(base, 1, Integer::sum) - 1;
      groups[i] = k == 0 ? base : base + "_" + k;
    }
    return Arrays.asList(groups);
  }
}
