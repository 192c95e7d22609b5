package dev.dendrite.runtime;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The command-line trainer behind every generated {@code <Name>Trainer.main}: reads the data,
 * trains with Keras-like progress and prints the test metrics.
 */
public final class TrainerCli {
  /** Exit status of a usage or data error. */
  public static final int BAD_INPUT = 2;
  /** Exit status of a diverged run. */
  public static final int DIVERGED = 3;

  private final ModelSpec spec;
  private final LongFunction<Network> factory;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  public TrainerCli(ModelSpec spec, LongFunction<Network> factory, PrintStream out,
      PrintStream err, boolean terminal) {
    this.spec = spec;
    this.factory = factory;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** Runs the trainer on the process's streams and returns its exit status. */
  public static int main(String[] args, ModelSpec spec, LongFunction<Network> factory) {
    return new TrainerCli(spec, factory, System.out, System.err, System.console() != null)
        .run(args);
  }

  /** Runs the trainer and returns its exit status: 0, {@link #BAD_INPUT} or {@link #DIVERGED}. */
  public int run(String[] args) {
    TrainerOptions options;
    try {
      options = TrainerOptions.parse(args, spec);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help to see the options.");
      return BAD_INPUT;
    }
    if (options.help()) {
      out.print(TrainerOptions.usage(spec));
      return 0;
    }
    try {
      return train(options);
    } catch (DataException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    }
  }

  private int train(TrainerOptions options) {
    Dataset train = DataFiles.load(options.train(), spec, options.label(), List.of());
    if (spec.loss().isClassification() && !isIndexNaming(train.classNames())) {
      out.println("classes: " + mapping(train.classNames()));
    }
    Dataset validation = null;
    if (options.validationSplit() > 0) {
      int held = (int) (train.size() * options.validationSplit());
      if (held == 0 || held == train.size()) {
        throw new DataException(options.train() + ": --validation-split "
            + options.validationSplit() + " of " + train.size() + " samples leaves "
            + (held == 0 ? "no validation" : "no training") + " samples");
      }
      validation = train.slice(train.size() - held, train.size());
      train = train.slice(0, train.size() - held);
    }
    Dataset test = options.test() == null ? null
        : DataFiles.load(options.test(), spec, options.label(), train.classNames());
    if (options.standardize()) {
      Standardization s = Standardization.of(train);
      train = s.apply(train);
      validation = validation == null ? null : s.apply(validation);
      test = test == null ? null : s.apply(test);
    }

    Network network = factory.apply(options.seed());
    network.setLearningRate(options.learningRate());
    out.printf(Locale.ROOT, "Training %s (%,d parameters) on %,d samples%s: %d epochs, batch %d, "
            + "%s, learning rate %s%n",
        spec.name(), spec.parameters(), train.size(),
        validation == null ? "" : String.format(Locale.ROOT, ", validating on %,d", validation.size()),
        options.epochs(), options.batchSize(), spec.optimizer().name().toLowerCase(Locale.ROOT),
        options.learningRate());

    if (!fit(network, train, validation, options)) {
      return DIVERGED;
    }
    if (test != null) {
      Evaluation result = network.evaluate(test);
      out.println("test " + result);
    }
    return 0;
  }

  /** Trains for the configured epochs; false when the loss stopped being finite. */
  private boolean fit(Network network, Dataset train, Dataset validation, TrainerOptions options) {
    int n = train.size();
    int batch = Math.min(options.batchSize(), n);
    int steps = (n + batch - 1) / batch;
    INDArray x = Nd4j.create(DataType.FLOAT, batch, train.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, train.targetSize());
    int rest = n % batch;
    INDArray xRest = rest == 0 ? null : Nd4j.create(DataType.FLOAT, rest, train.featureSize());
    INDArray yRest = rest == 0 ? null : Nd4j.create(DataType.FLOAT, rest, train.targetSize());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Rng shuffler = new Rng(options.seed() ^ 0x5DEECE66DL);
    Progress progress = new Progress(out, terminal);
    String metric = spec.loss().metric();
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      shuffler.shuffle(order);
      progress.startEpoch(epoch, options.epochs(), steps);
      double lossSum = 0;
      double metricSum = 0;
      int seen = 0;
      for (int step = 0; step < steps; step++) {
        int count = Math.min(batch, n - step * batch);
        INDArray xs = count == batch ? x : xRest;
        INDArray ys = count == batch ? y : yRest;
        train.copyBatch(order, step * batch, count, xs, ys);
        double loss = network.fit(xs, ys);
        if (!Double.isFinite(loss)) {
          out.println();
          err.printf(Locale.ROOT, "error: training diverged in epoch %d, batch %d of %d: the loss"
                  + " is %s. Lower the learning rate (--learning-rate, now %s)%s.%n",
              epoch, step + 1, steps, loss, options.learningRate(),
              options.standardize() ? "" : " or standardize the features (--standardize)");
          return false;
        }
        lossSum += loss * count;
        metricSum += Evaluator.metricSum(spec.loss(), network.lastTrainingOutput(), ys);
        seen += count;
        progress.step(step + 1, metrics("", lossSum / seen, metric,
            metricSum / Evaluator.metricCount(spec.loss(), seen, spec.outputs())));
      }
      String line = metrics("", lossSum / seen, metric,
          metricSum / Evaluator.metricCount(spec.loss(), seen, spec.outputs()));
      if (validation != null) {
        Evaluation v = network.evaluate(validation);
        line += " - " + metrics("val_", v.loss(), metric, v.metric());
      }
      progress.endEpoch(line);
    }
    return true;
  }

  private static String metrics(String prefix, double loss, String metric, double value) {
    return String.format(Locale.ROOT, "%sloss: %.4f - %s%s: %.4f", prefix, loss, prefix, metric,
        value);
  }

  private static boolean isIndexNaming(List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).equals(String.valueOf(i))) {
        return false;
      }
    }
    return true;
  }

  private static String mapping(List<String> names) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ").append(i);
    }
    return s.toString();
  }
}
