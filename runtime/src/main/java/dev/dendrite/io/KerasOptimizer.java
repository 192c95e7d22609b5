package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The optimizer as Keras 3 saves it: its config (generated into {@link ModelSpec#kerasOptimizer()})
 * and its variables. Dendrite's moments are Keras' slot variables, the same formulas and signs:
 * Adam's and AdamW's {@code moment1}, {@code moment2} are {@code momentum}, {@code velocity},
 * interleaved per trainable variable; RMSprop's {@code moment2} is {@code velocity} (all of them)
 * and, with momentum, its {@code moment1} is {@code momentum} (all of them after); SGD's
 * {@code moment1} is {@code momentum} ({@code m = momentum m - lr g}), only when momentum is not 0.
 */
final class KerasOptimizer {
  private KerasOptimizer() {}

  /** One of Keras' slot variables: Dendrite's state array and the parameter it belongs to. */
  record Slot(String state, String parameter) {}

  /** The spec's Keras optimizer config object. */
  static ObjectNode config(ModelSpec spec) {
    try {
      return (ObjectNode) StrictJson.parse(spec.kerasOptimizer());
    } catch (StrictJson.SyntaxException | ClassCastException e) {
      throw new IllegalStateException("the generated Keras optimizer of " + spec.name()
          + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** The optimizer's name in Keras files, like {@code adam} (its {@code vars} group's name). */
  static String name(ModelSpec spec) {
    return config(spec).path("config").path("name").asText();
  }

  /** Keras' slot variables of the network's optimizer, in Keras' order. */
  static List<Slot> slots(Network network) {
    ModelSpec spec = network.spec();
    List<String> parameters = trainable(network);
    double momentum = config(spec).path("config").path("momentum").asDouble(0);
    List<Slot> slots = new ArrayList<>();
    switch (spec.optimizer()) {
      case ADAM, ADAMW -> parameters.forEach(p -> {
        slots.add(new Slot(p + ".moment1", p));
        slots.add(new Slot(p + ".moment2", p));
      });
      case RMSPROP -> {
        parameters.forEach(p -> slots.add(new Slot(p + ".moment2", p)));
        if (momentum > 0) {
          parameters.forEach(p -> slots.add(new Slot(p + ".moment1", p)));
        }
      }
      case SGD -> {
        if (momentum != 0) {
          parameters.forEach(p -> slots.add(new Slot(p + ".moment1", p)));
        }
      }
      default -> throw new AssertionError(spec.optimizer());
    }
    return slots;
  }

  /**
   * The trainable parameters in Keras' order: the model's, or for a Functional model its layers'
   * in Keras' order of them ({@link KerasGraph}).
   */
  private static List<String> trainable(Network network) {
    ModelSpec spec = network.spec();
    List<String> parameters = new ArrayList<>(network.parameters().keySet());
    if (spec.layers().isEmpty() || spec.isStack()) {
      return parameters;
    }
    List<String> ordered = new ArrayList<>();
    for (int i : KerasGraph.order(spec)) {
      spec.layers().get(i).parameters().stream().filter(parameters::contains)
          .forEach(ordered::add);
    }
    return ordered;
  }

  /** The slot arrays in Keras' order and shapes (a 1-D kernel's state is kept 4-D). */
  static List<INDArray> slotValues(Network network) {
    Map<String, INDArray> state = network.optimizerState();
    Map<String, INDArray> parameters = network.parameters();
    List<INDArray> values = new ArrayList<>();
    for (Slot slot : slots(network)) {
      values.add(state.get(slot.state()).reshape(parameters.get(slot.parameter()).shape()));
    }
    return values;
  }

  /**
   * The optimizer config to save: the network's current learning rate, or Keras'
   * {@code CosineDecay} over {@code decaySteps} from the model's rate when it decays.
   */
  static ObjectNode forSave(Network network, long decaySteps) {
    ModelSpec spec = network.spec();
    ObjectNode optimizer = config(spec);
    ObjectNode config = (ObjectNode) optimizer.get("config");
    if (spec.schedule() == LearningRateSchedule.COSINE_DECAY) {
      ObjectNode schedule = StrictJson.object();
      schedule.put("module", "keras.optimizers.schedules");
      schedule.put("class_name", "CosineDecay");
      ObjectNode decay = schedule.putObject("config");
      decay.put("initial_learning_rate", spec.learningRate());
      decay.put("decay_steps", Math.max(decaySteps, 1));
      decay.put("alpha", 0.0);
      decay.put("name", "CosineDecay");
      decay.putNull("warmup_target");
      decay.put("warmup_steps", 0);
      schedule.putNull("registered_name");
      config.set("learning_rate", schedule);
    } else {
      config.put("learning_rate", (double) (float) network.learningRate());
    }
    return optimizer;
  }

  /**
   * Why the optimizer saved in a file differs from the model's (its class, or a setting other
   * than the name and learning rate), or empty when it is the same.
   */
  static String difference(JsonNode saved, ModelSpec spec) {
    ObjectNode own = config(spec);
    String className = own.path("class_name").asText();
    if (!className.equals(saved.path("class_name").asText())) {
      return "the file's optimizer is " + saved.path("class_name") + ", " + spec.name()
          + "'s is " + className;
    }
    JsonNode savedConfig = saved.path("config");
    for (Iterator<Map.Entry<String, JsonNode>> it = own.path("config").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("name") || key.equals("learning_rate") || !savedConfig.has(key)) {
        continue;
      }
      if (!KerasConfig.same(e.getValue(), savedConfig.get(key))) {
        return "the file's " + className + " has " + key + " " + savedConfig.get(key) + ", "
            + spec.name() + "'s has " + e.getValue();
      }
    }
    return "";
  }
}
