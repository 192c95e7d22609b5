package dev.dendrite.spark;

import dev.dendrite.Evaluation;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.report.EpochLog;
import dev.dendrite.report.Evaluator;
import dev.dendrite.runtime.Rng;
import dev.dendrite.train.CheckpointDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a generated network on Spark, data-parallel. The driver holds the network and its
 * optimizer; the executors hold the cached data and borrowed copies of the network.
 *
 * <p>{@link Mode#SYNCHRONOUS}: every step the driver broadcasts the weights, each partition
 * computes the gradient of its share of the global batch with the generated backward pass, the
 * sample-weighted sums come back through {@code treeAggregate}, and the driver applies the
 * optimizer. The batches are those of the single-machine trainer (same seed, same shuffle, same
 * global batch), so the weights are that trainer's up to the order of float summation; only
 * dropout masks differ (each partition draws its own) and batch normalization normalizes each
 * partition's share with its own statistics (its moving statistics are averaged).
 *
 * <p>{@link Mode#AVERAGING}: each partition takes {@code averageEvery} optimizer steps on its own
 * samples (local batches of the global batch divided by the partitions), then the driver
 * averages the weights and the optimizer state, weighted by samples. One exchange per
 * {@code averageEvery} steps instead of one per step, but the partitions' models drift apart
 * between averages: more epochs for the same accuracy, and no longer the single-machine result.
 */
public final class SparkTrainer {
  /** How the partitions' work is combined. */
  public enum Mode {
    SYNCHRONOUS,
    AVERAGING
  }

  /**
   * A run's settings, as the model's Trainer takes them.
   *
   * @param averageEvery local steps between averages ({@link Mode#AVERAGING})
   * @param checkpoint the directory to write a checkpoint into after every epoch, or null
   * @param resume a checkpoint directory to continue, or null
   * @param arguments the command line, recorded in checkpoints
   */
  public record Options(int epochs, int batchSize, double learningRate, long seed, Mode mode,
      int averageEvery, Path checkpoint, Path resume, List<String> arguments) {

    public Options {
      if (epochs <= 0 || batchSize <= 0 || averageEvery <= 0 || !(learningRate > 0)) {
        throw new IllegalArgumentException("expected positive epochs, batch size, learning rate "
            + "and averaging period. Received: epochs=" + epochs + ", batchSize=" + batchSize
            + ", learningRate=" + learningRate + ", averageEvery=" + averageEvery);
      }
      arguments = List.copyOf(arguments);
    }

    /** The model's defaults: its epochs, batch size, learning rate and seed, synchronous. */
    public static Options defaults(ModelSpec spec) {
      return new Options(spec.epochs(), spec.batchSize(), spec.learningRate(), spec.seed(),
          Mode.SYNCHRONOUS, 1, null, null, List.of());
    }
  }

  /**
   * What a run cost: optimizer steps (synchronous) or averaging rounds, their wall time on the
   * driver, and the bytes of arrays moved (weights broadcast to each executor, sums sent back
   * by each partition).
   */
  public record Cost(long exchanges, double seconds, long bytesOut, long bytesIn) {
    public double secondsPerExchange() {
      return exchanges == 0 ? 0 : seconds / exchanges;
    }

    public double bytesPerExchange() {
      return exchanges == 0 ? 0 : (double) (bytesOut + bytesIn) / exchanges;
    }
  }

  /** The shuffling generator's seed offset: the single-machine trainer's. */
  private static final long SHUFFLE = 0x5DEECE66DL;

  private final JavaSparkContext spark;
  private final NetworkFactory factory;
  private final Options options;
  private final PrintStream out;
  private final Network network;
  private final boolean single;
  /** The executors' pool key of this trainer's networks. */
  private final String key = UUID.randomUUID().toString();
  private final List<EpochLog> history = new ArrayList<>();
  private long exchanges;
  private long nanos;
  private long bytesOut;
  private long bytesIn;

  public SparkTrainer(JavaSparkContext spark, NetworkFactory factory, Options options,
      PrintStream out) {
    this.spark = spark;
    this.factory = factory;
    this.options = options;
    this.out = out;
    this.network = factory.create(options.seed());
    this.network.setLearningRate(options.learningRate());
    this.single = network.parameters().values().iterator().next().dataType() == DataType.FLOAT;
  }

  /** The driver's network: the trained weights once {@link #fit} returns. */
  public Network network() {
    return network;
  }

  /** The epochs trained so far, with their loss and metric. */
  public List<EpochLog> history() {
    return Collections.unmodifiableList(history);
  }

  public Cost cost() {
    return new Cost(exchanges, nanos / 1e9, bytesOut, bytesIn);
  }

  /**
   * Trains on {@code data} for the remaining epochs, from the checkpoint of
   * {@link Options#resume()} when given, writing a checkpoint after every epoch when
   * {@link Options#checkpoint()} is given.
   *
   * @throws WeightsException when the checkpoint does not fit the model or the data
   * @throws UncheckedIOException when a checkpoint cannot be written
   * @throws IllegalStateException when the loss stops being finite
   */
  public void fit(TrainingData data) {
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Rng shuffler = new Rng(options.seed() ^ SHUFFLE);
    int epochsDone = 0;
    CheckpointDirectory checkpoints = null;
    if (options.resume() != null) {
      CheckpointDirectory.Resumed resumed = CheckpointDirectory.resume(options.resume(), network);
      CheckpointDirectory.Progress p = resumed.progress();
      checkSameRun(p, data);
      for (int e = 0; e < p.epoch(); e++) {
        shuffler.shuffle(order);
      }
      if (shuffler.state() != p.shuffleState()) {
        throw new WeightsException(options.resume() + ": shuffle_rng_state " + p.shuffleState()
            + " is not where " + p.epoch() + " epochs of shuffling from --seed "
            + options.seed() + " lead; resume with the run's --seed");
      }
      epochsDone = p.epoch();
      history.clear();
      history.addAll(p.history());
      checkpoints = options.checkpoint() == null || sameFile(options.checkpoint(),
          options.resume()) ? resumed.directory() : CheckpointDirectory.create(options.checkpoint());
    } else if (options.checkpoint() != null) {
      checkpoints = CheckpointDirectory.create(options.checkpoint());
    }
    ModelSpec spec = network.spec();
    for (int epoch = epochsDone + 1; epoch <= options.epochs(); epoch++) {
      long started = System.nanoTime();
      shuffler.shuffle(order);
      StepSum total = options.mode() == Mode.SYNCHRONOUS ? synchronousEpoch(data, order, epoch)
          : averagingEpoch(data, epoch);
      double loss = total.lossSum / total.samples;
      double metric = total.metricSum
          / Evaluator.metricCount(spec.loss(), (int) total.samples, spec.outputs());
      EpochLog log = EpochLog.of(epoch - 1, spec.loss().metric(), loss, metric, false,
          Double.NaN, Double.NaN, network.learningRate());
      history.add(log);
      out.printf(Locale.ROOT, "Epoch %d/%d - %.1fs - loss: %.4f - %s: %.4f%n", epoch,
          options.epochs(), (System.nanoTime() - started) / 1e9, loss, spec.loss().metric(),
          metric);
      if (checkpoints != null) {
        CheckpointDirectory.Progress progress = new CheckpointDirectory.Progress(epoch,
            network.optimizerSteps(), network.dropoutState(), shuffler.state(),
            network.learningRate(), options.arguments(), n, data.fingerprint(),
            data.classNames(), data.standardization(), history);
        try {
          checkpoints.write(progress, network);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch
              + " to " + checkpoints.dir() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private void checkSameRun(CheckpointDirectory.Progress p, TrainingData data) {
    if (p.trainSamples() != data.size() || !p.fingerprint().equals(data.fingerprint())) {
      throw new WeightsException(options.resume() + ": the checkpoint was trained on other data ("
          + p.trainSamples() + " samples, " + p.fingerprint() + ") than given ("
          + data.size() + ", " + data.fingerprint() + "); resume with the same --train data "
          + "in the same order");
    }
    if (!p.classNames().equals(data.classNames())) {
      throw new WeightsException(options.resume() + ": the checkpoint's classes "
          + p.classNames() + " differ from the data's " + data.classNames());
    }
    if ((p.standardization() == null) != (data.standardization() == null)) {
      throw new WeightsException(options.resume() + ": the checkpoint was trained "
          + (p.standardization() == null ? "without" : "with") + " --standardize; resume the "
          + "same way");
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  // ---- synchronous ----

  private StepSum synchronousEpoch(TrainingData data, int[] order, int epoch) {
    int n = data.size();
    int batch = Math.min(options.batchSize(), n);
    int steps = (n + batch - 1) / batch;
    StepSum total = new StepSum();
    for (int step = 0; step < steps; step++) {
      int count = Math.min(batch, n - step * batch);
      if (network.spec().schedule() != LearningRateSchedule.CONSTANT) {
        network.setLearningRate(network.spec().schedule().at(options.learningRate(),
            (long) (epoch - 1) * steps + step, (long) options.epochs() * steps));
      }
      int[] indices = Arrays.copyOfRange(order, step * batch, step * batch + count);
      StepSum sum = step(data, indices);
      if (sum.samples != count) {
        throw new IllegalStateException("step " + (step + 1) + " of epoch " + epoch + " found "
            + sum.samples + " of its " + count + " samples in the partitions; the data changed "
            + "under the cached blocks");
      }
      double loss = sum.lossSum / count;
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("training diverged in epoch " + epoch + ", batch "
            + (step + 1) + " of " + steps + ": the loss is " + loss + ". Lower the learning rate "
            + "(--learning-rate, now " + network.learningRate() + ") or standardize the "
            + "features (--standardize)");
      }
      sum.first.copyInto(network.gradients(), 1.0 / count);
      if (sum.second != null) {
        sum.second.copyInto(network.state(), 1.0 / count);
      }
      network.applyGradients();
      total.samples += count;
      total.lossSum += sum.lossSum;
      total.metricSum += sum.metricSum;
    }
    return total;
  }

  /** One synchronous step on the samples {@code indices}: their summed gradients and state. */
  private StepSum step(TrainingData data, int[] indices) {
    long started = System.nanoTime();
    Tensors weights = Tensors.of(network.variables(), single);
    Broadcast<Tensors> shared = spark.broadcast(weights);
    NetworkFactory factory = this.factory;
    String key = this.key;
    boolean single = this.single;
    long dropout = dropoutSeed();
    StepSum sum = data.blocks().treeAggregate(new StepSum(),
        (acc, block) -> acc.add(gradients(block, indices, shared.value(), factory, key, dropout,
            single)),
        StepSum::add, 2);
    shared.destroy();
    account(started, weights.wireBytes(), sum);
    return sum;
  }

  private static StepSum gradients(Block block, int[] indices, Tensors weights,
      NetworkFactory factory, String key, long dropout, boolean single) {
    StepSum s = new StepSum();
    int[] rows = block.localRows(indices);
    if (rows.length == 0) {
      return s;
    }
    Network network = NetworkPool.borrow(key, factory);
    weights.copyInto(network.variables(), 1);
    network.setDropoutState(dropout + block.first());
    INDArray x = Nd4j.create(DataType.FLOAT, rows.length, block.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, rows.length, block.targetSize());
    block.copy(rows, 0, rows.length, x, y);
    double loss = network.computeGradients(x, y);
    s.samples = rows.length;
    s.partitions = 1;
    s.lossSum = loss * rows.length;
    s.metricSum = Evaluator.metricSum(network.spec().loss(), network.lastTrainingOutput(), y);
    s.first = Tensors.zeros(network.gradients(), single);
    s.first.add(network.gradients(), rows.length);
    if (!network.state().isEmpty()) {
      s.second = Tensors.zeros(network.state(), single);
      s.second.add(network.state(), rows.length);
    }
    NetworkPool.giveBack(key, network);
    return s;
  }

  // ---- averaging ----

  private StepSum averagingEpoch(TrainingData data, int epoch) {
    int partitions = data.partitionSizes().size();
    int local = Math.max(1, Math.min(options.batchSize(), data.size()) / partitions);
    int largest = Collections.max(data.partitionSizes());
    int localSteps = (largest + local - 1) / local;
    int rounds = (localSteps + options.averageEvery() - 1) / options.averageEvery();
    StepSum total = new StepSum();
    for (int round = 0; round < rounds; round++) {
      if (network.spec().schedule() != LearningRateSchedule.CONSTANT) {
        network.setLearningRate(network.spec().schedule().at(options.learningRate(),
            (long) (epoch - 1) * localSteps + (long) round * options.averageEvery(),
            (long) options.epochs() * localSteps));
      }
      StepSum sum = round(data, epoch, round, local);
      double loss = sum.lossSum / sum.samples;
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("training diverged in epoch " + epoch + ", round "
            + (round + 1) + " of " + rounds + ": the loss is " + loss + ". Lower the learning "
            + "rate (--learning-rate, now " + network.learningRate() + "), average more often "
            + "(--average-every) or standardize the features (--standardize)");
      }
      sum.first.copyInto(network.variables(), 1.0 / sum.samples);
      sum.second.copyInto(network.optimizerState(), 1.0 / sum.samples);
      network.setOptimizerSteps(network.optimizerSteps() + sum.steps);
      total.samples += sum.samples;
      total.lossSum += sum.lossSum;
      total.metricSum += sum.metricSum;
    }
    return total;
  }

  /** One averaging round: each partition's local steps, their weights and optimizer state summed. */
  private StepSum round(TrainingData data, int epoch, int round, int local) {
    long started = System.nanoTime();
    Tensors[] state = {Tensors.of(network.variables(), single),
        Tensors.of(network.optimizerState(), single)};
    Broadcast<Tensors[]> shared = spark.broadcast(state);
    NetworkFactory factory = this.factory;
    String key = this.key;
    boolean single = this.single;
    long steps = network.optimizerSteps();
    double learningRate = network.learningRate();
    int every = options.averageEvery();
    long seed = options.seed() + epoch * 0x9E3779B97F4A7C15L;
    long dropout = dropoutSeed();
    StepSum sum = data.blocks().treeAggregate(new StepSum(),
        (acc, block) -> acc.add(localSteps(block, shared.value(), factory, key, single, steps,
            learningRate, new Rng(seed ^ block.first()), round * every * local, every, local,
            dropout)),
        StepSum::add, 2);
    shared.destroy();
    account(started, state[0].wireBytes() + state[1].wireBytes(), sum);
    return sum;
  }

  private static StepSum localSteps(Block block, Tensors[] state, NetworkFactory factory,
      String key, boolean single, long steps, double learningRate, Rng shuffle, int from,
      int every, int local, long dropout) {
    StepSum s = new StepSum();
    if (from >= block.rows()) {
      return s;
    }
    int[] order = new int[block.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    shuffle.shuffle(order);
    Network network = NetworkPool.borrow(key, factory);
    state[0].copyInto(network.variables(), 1);
    state[1].copyInto(network.optimizerState(), 1);
    network.setOptimizerSteps(steps);
    network.setLearningRate(learningRate);
    network.setDropoutState(dropout + block.first());
    INDArray x = Nd4j.create(DataType.FLOAT, local, block.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, local, block.targetSize());
    Loss loss = network.spec().loss();
    for (int k = 0; k < every && from < block.rows(); k++, from += local) {
      int count = Math.min(local, block.rows() - from);
      if (count < local) {
        x = Nd4j.create(DataType.FLOAT, count, block.featureSize());
        y = Nd4j.create(DataType.FLOAT, count, block.targetSize());
      }
      block.copy(order, from, count, x, y);
      s.lossSum += network.fit(x, y) * count;
      s.metricSum += Evaluator.metricSum(loss, network.lastTrainingOutput(), y);
      s.samples += count;
      s.steps++;
    }
    s.partitions = 1;
    s.first = Tensors.zeros(network.variables(), single);
    s.first.add(network.variables(), s.samples);
    s.second = Tensors.zeros(network.optimizerState(), single);
    s.second.add(network.optimizerState(), s.samples);
    NetworkPool.giveBack(key, network);
    return s;
  }

  /**
   * The dropout stream of this exchange's partitions (each adds its first row): a function of
   * the driver's stream and the optimizer's step count, both restored by a resumed run.
   */
  private long dropoutSeed() {
    return new Rng(network.dropoutState() ^ network.optimizerSteps() * 0x9E3779B97F4A7C15L)
        .nextLong();
  }

  private void account(long started, long broadcastBytes, StepSum sum) {
    nanos += System.nanoTime() - started;
    exchanges++;
    // the torrent broadcast reaches each executor once; each partition sends its sums back
    bytesOut += broadcastBytes * Math.max(1, spark.sc().getExecutorMemoryStatus().size() - 1);
    bytesIn += sum.wireBytes() * sum.partitions;
  }

  // ---- evaluation ----

  /** The loss and metric of the driver's network on {@code data}, dropout off. */
  public Evaluation evaluate(TrainingData data) {
    Broadcast<Tensors> shared = spark.broadcast(Tensors.of(network.variables(), single));
    NetworkFactory factory = this.factory;
    String key = this.key;
    StepSum sum = data.blocks().treeAggregate(new StepSum(),
        (acc, block) -> acc.add(evaluate(block, shared.value(), factory, key)),
        StepSum::add, 2);
    shared.destroy();
    Loss loss = network.spec().loss();
    return new Evaluation(sum.lossSum / sum.samples, loss.metric(), sum.metricSum
        / Evaluator.metricCount(loss, (int) sum.samples, network.spec().outputs()));
  }

  private static StepSum evaluate(Block block, Tensors weights, NetworkFactory factory,
      String key) {
    StepSum s = new StepSum();
    if (block.rows() == 0) {
      return s;
    }
    Network network = NetworkPool.borrow(key, factory);
    weights.copyInto(network.variables(), 1);
    Loss loss = network.spec().loss();
    int chunk = Math.min(512, block.rows());
    for (int from = 0; from < block.rows(); from += chunk) {
      int count = Math.min(chunk, block.rows() - from);
      INDArray x = Nd4j.create(DataType.FLOAT, count, block.featureSize());
      INDArray y = Nd4j.create(DataType.FLOAT, count, block.targetSize());
      block.copy(null, from, count, x, y);
      INDArray p = network.output(x);
      s.lossSum += Evaluator.loss(loss, p, y) * count;
      s.metricSum += Evaluator.metricSum(loss, p, y);
      s.samples += count;
    }
    NetworkPool.giveBack(key, network);
    return s;
  }
}
