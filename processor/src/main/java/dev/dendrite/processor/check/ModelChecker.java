package dev.dendrite.processor.check;

import dev.dendrite.Activation;
import dev.dendrite.Dense;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.processor.layer.Names;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Message.Phrase;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Origin;
import dev.dendrite.processor.model.Shape;
import dev.dendrite.processor.parse.Declaration;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a declaration's values, infers every layer's shapes from the input forward, and checks
 * that the output layer fits the loss. Yields the IR only when nothing is wrong; its budgets are
 * compared with its cost in the next stage.
 */
public final class ModelChecker {
  private ModelChecker() {}

  public static Optional<ModelIR> check(Declaration declaration, Report report) {
    Model model = declaration.model();
    Origin origin = declaration.origin();
    long errorsBefore = errorCount(report);
    Shape input = input(model, declaration, report);
    ModelIR.OptimizerConfig optimizer = optimizer(model, origin, report);
    if (model.batchSize() < 1) {
      report.add(Message.HYPERPARAMETER, origin.member("batchSize"), "batchSize",
          Phrase.POSITIVE_INTEGER.format(), "batchSize", model.batchSize());
    }
    if (model.epochs() < 0) {
      report.add(Message.HYPERPARAMETER, origin.member("epochs"), "epochs",
          Phrase.ZERO_OR_MORE.format(), "epochs", model.epochs());
    }
    Budgets.checkValues(model, origin, report);
    if (declaration.layers().isEmpty()) {
      report.add(Message.NO_LAYERS, Origin.of(origin.element()), declaration.modelName());
      return Optional.empty();
    }
    checkNames(declaration, report);
    List<List<Integer>> inputs = new ArrayList<>();
    List<LayerIR> layers = layers(declaration, input, inputs, report);
    checkOutput(declaration, model.loss(), report);
    if (errorCount(report) > errorsBefore || layers == null) {
      return Optional.empty();
    }
    ModelIR checked = new ModelIR(declaration.packageName(), declaration.baseName(),
        declaration.modelName(), input, layers, model.loss(), optimizer, model.batchSize(),
        model.epochs(), model.seed(), Budgets.of(model), origin, inputs);
    return Optional.of(checked);
  }

  private static long errorCount(Report report) {
    return report.items().stream().filter(d -> d.isError()).count();
  }

  private static Shape input(Model model, Declaration declaration, Report report) {
    int[] dims = model.input();
    Origin at = declaration.origin().member("input");
    if (dims.length == 0) {
      report.add(Message.NO_INPUT, at, declaration.modelName());
      return null;
    }
    if (Arrays.stream(dims).anyMatch(d -> d <= 0)) {
      report.add(Message.INPUT_DIMENSION, at, Arrays.toString(dims));
      return null;
    }
    BigInteger size = Arrays.stream(dims).mapToObj(BigInteger::valueOf)
        .reduce(BigInteger.ONE, BigInteger::multiply);
    if (size.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      report.add(Message.INPUT_TOO_LARGE, at, Integer.MAX_VALUE, Arrays.toString(dims), size);
      return null;
    }
    return Shape.of(dims);
  }

  private static ModelIR.OptimizerConfig optimizer(Model model, Origin origin, Report report) {
    double learningRate = Double.isNaN(model.learningRate())
        ? model.optimizer().defaultLearningRate()
        : model.learningRate();
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      hyperparameter(report, origin, "learningRate", Phrase.POSITIVE_NUMBER.format(), learningRate);
    }
    inUnitInterval(report, origin, "momentum", model.momentum());
    inUnitInterval(report, origin, "beta1", model.beta1());
    inUnitInterval(report, origin, "beta2", model.beta2());
    inUnitInterval(report, origin, "rho", model.rho());
    if (!(model.epsilon() > 0)) {
      hyperparameter(report, origin, "epsilon", Phrase.POSITIVE_NUMBER.format(), model.epsilon());
    }
    if (!(model.weightDecay() >= 0)) {
      hyperparameter(report, origin, "weightDecay", Phrase.ZERO_OR_MORE.format(),
          model.weightDecay());
    }
    return new ModelIR.OptimizerConfig(model.optimizer(), learningRate, model.momentum(),
        model.nesterov(), model.beta1(), model.beta2(), model.epsilon(), model.rho(),
        model.weightDecay(), model.learningRateSchedule());
  }

  private static void inUnitInterval(Report report, Origin origin, String name, double value) {
    if (!(value >= 0 && value < 1)) {
      hyperparameter(report, origin, name, Phrase.IN_UNIT_INTERVAL.format(), value);
    }
  }

  private static void hyperparameter(Report report, Origin origin, String name, String rule,
      double value) {
    report.add(Message.HYPERPARAMETER, origin.member(name), name, rule, name, value);
  }

  /**
   * Layer names become identifiers of the generated network ({@link Names#fieldsOf},
   * {@link Names#methodsOf}). None may be one the network declares itself or one derived from
   * an earlier layer. Every layer that clashes so is reported; a clashing layer's identifiers
   * are not taken, since renaming it (or the layer it clashes with) decides which a later layer
   * would meet.
   */
  private static void checkNames(Declaration declaration, Report report) {
    Map<String, String> fields = new HashMap<>(Names.RESERVED_FIELDS);
    Map<String, String> methods = new HashMap<>(Names.RESERVED_METHODS);
    for (Declaration.LayerField field : declaration.layers()) {
      Map<String, String> ownFields = Names.fieldsOf(field.name());
      Map<String, String> ownMethods = Names.methodsOf(field.name());
      if (!clash(field, declaration, ownFields, fields, report)
          && !clash(field, declaration, ownMethods, methods, report)) {
        fields.putAll(ownFields);
        methods.putAll(ownMethods);
      }
    }
  }

  /** Reports the first of {@code own} already in {@code taken}; whether there was one. */
  private static boolean clash(Declaration.LayerField field, Declaration declaration,
      Map<String, String> own, Map<String, String> taken, Report report) {
    for (String identifier : own.keySet()) {
      if (taken.containsKey(identifier)) {
        report.add(Message.LAYER_NAME_CLASH, Origin.of(field.origin().element()), field.name(),
            declaration.baseName(), identifier, taken.get(identifier));
        return true;
      }
    }
    return false;
  }

  /**
   * Checks every layer's own values, reporting each that is wrong, as javac reports every error
   * of a class; and infers shapes layer by layer up to the first layer that has a wrong value,
   * cannot take its input or is a malformed field. Past that layer its output is unknown, so a
   * later layer's shape is not judged: whatever that would report might be a consequence of the
   * first. Every name a layer reads by ({@code @From}, {@code @Add}, ...) is checked too, and
   * once all resolve, a layer whose output nothing reads is a warning. Null unless every layer
   * has its shapes; then {@code inputs} holds what each layer reads.
   */
  private static List<LayerIR> layers(Declaration declaration, Shape input,
      List<List<Integer>> inputs, Report report) {
    List<LayerIR> layers = new ArrayList<>();
    boolean inferring = input != null;
    boolean resolved = true;
    List<Declaration.LayerField> fields = declaration.layers();
    for (int i = 0; i < fields.size(); i++) {
      Declaration.LayerField field = fields.get(i);
      boolean valid = field.annotation() != null && LayerInference.checkValues(field, report);
      List<Integer> sources = valid ? Connections.resolve(declaration, i, report) : null;
      resolved &= sources != null;
      LayerIR layer = inferring && valid && sources != null && field.wellFormed()
          ? LayerInference.inferShape(field, input, path(layers, inputs, sources.get(0)),
              sources.stream().map(s -> s < 0 ? new LayerInference.Source(Connections.INPUT, input)
                  : LayerInference.Source.of(layers.get(s))).toList(), report)
          : null;
      if (layer == null) {
        inferring = false;
      } else {
        layers.add(layer);
        inputs.add(sources);
      }
    }
    for (Declaration.LayerField extra : declaration.extraAnnotations()) {
      LayerInference.checkValues(extra, report);
    }
    if (resolved && inferring) {
      Connections.warnUnused(declaration, inputs, report);
    }
    return inferring ? layers : null;
  }

  /** The layers the input passed through up to layer {@code last}, first to last (its trace). */
  private static List<LayerIR> path(List<LayerIR> layers, List<List<Integer>> inputs, int last) {
    List<LayerIR> path = new ArrayList<>();
    for (int j = last; j >= 0; j = inputs.get(j).get(0)) {
      path.add(0, layers.get(j));
    }
    return List.copyOf(path);
  }

  /** How the shape arose: {@code input 28x28 -> flatten 784 -> hidden 128}. */
  static String trace(Shape input, List<LayerIR> layers) {
    StringBuilder s = new StringBuilder("input ").append(input);
    for (LayerIR layer : layers) {
      s.append(" -> ").append(layer.name()).append(' ').append(layer.output());
    }
    return s.toString();
  }

  /**
   * The output layer that fits {@code loss}, as a declaration to paste, named {@code output} or,
   * when a layer has that name, {@code output2}, {@code output3}, ...
   */
  static String fittingOutput(Loss loss, List<String> names) {
    String name = "output";
    for (int i = 2; names.contains(name); i++) {
      name = "output" + i;
    }
    return switch (loss) {
      case CATEGORICAL_CROSSENTROPY -> Phrase.OUTPUT_FOR_CLASSES.format(name);
      case BINARY_CROSSENTROPY -> Phrase.OUTPUT_FOR_TWO_CLASSES.format(name);
      default -> Phrase.OUTPUT_FOR_REGRESSION.format(name);
    };
  }

  /**
   * Whether the last layer fits the loss. It needs no shapes, so it is checked whatever else is
   * wrong, except a @Dense output whose units are wrong (already reported) and a last field
   * whose layer is unknown: one without a layer annotation or with several.
   */
  private static void checkOutput(Declaration declaration, Loss loss, Report report) {
    List<Declaration.LayerField> fields = declaration.layers();
    Declaration.LayerField last = fields.get(fields.size() - 1);
    if (last.annotation() == null || declaration.extraAnnotations().stream()
        .anyMatch(extra -> extra.name().equals(last.name()))) {
      return;
    }
    if (last.annotation() instanceof dev.dendrite.ActivationLayer act && fields.size() > 1
        && fields.get(fields.size() - 2).annotation() instanceof Dense) {
      String dense = fields.get(fields.size() - 2).name();
      report.add(Message.OUTPUT_ACTIVATION_LAYER, last.origin(), last.name(), act.value(), dense,
          act.value(), last.name());
      return;
    }
    if (!(last.annotation() instanceof Dense output)) {
      report.add(Message.OUTPUT_NOT_DENSE, last.origin(), last.name(),
          last.annotation().annotationType().getSimpleName(), loss.words(), last.name(),
          fittingOutput(loss, fields.stream().map(Declaration.LayerField::name).toList()));
      return;
    }
    if (output.units() < 1) {
      return;
    }
    Origin activation = last.origin().member("activation");
    Origin units = last.origin().member("units");
    Activation a = output.activation();
    switch (loss) {
      case BINARY_CROSSENTROPY -> {
        if (a == Activation.SOFTMAX) {
          report.add(Message.BCE_SOFTMAX, activation, last.name());
        } else if (output.units() == 2) {
          report.add(Message.BCE_TWO_UNITS, units, last.name());
        } else if (output.units() != 1) {
          report.add(Message.BCE_UNITS, units, last.name(), output.units(), output.units());
        } else if (a != Activation.SIGMOID && a != Activation.HARD_SIGMOID) {
          report.add(Message.BCE_ACTIVATION, activation, last.name(), a);
        }
      }
      case CATEGORICAL_CROSSENTROPY -> {
        if (output.units() == 1) {
          report.add(Message.CCE_ONE_UNIT, units, last.name());
        } else if (a != Activation.SOFTMAX) {
          report.add(Message.CCE_ACTIVATION, activation, last.name(), a);
        }
      }
      default -> {
        if (a == Activation.SIGMOID || a == Activation.SOFTMAX || a == Activation.TANH
            || a == Activation.HARD_SIGMOID || a == Activation.SOFTSIGN
            || a == Activation.GAUSSIAN || a == Activation.MEXICAN_HAT) {
          report.add(Message.REGRESSION_SQUASHED, activation, loss.words(), last.name(), a);
        }
      }
    }
  }
}
