package dev.dendrite.train;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.AtomicFiles;
import dev.dendrite.io.DataCache;
import dev.dendrite.io.DataFiles;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Safetensors;
import dev.dendrite.io.Standardization;
import dev.dendrite.io.Weights;
import dev.dendrite.report.EpochLog;
import dev.dendrite.report.Evaluator;
import dev.dendrite.report.HistoryCsv;
import dev.dendrite.report.Reports;
import dev.dendrite.runtime.Convolutions;
import dev.dendrite.runtime.LibraryLogging;
import dev.dendrite.runtime.NativeThreads;
import dev.dendrite.runtime.Rng;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
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
  /** Exit status when a weights, checkpoint or history file cannot be written. */
  public static final int CANNOT_WRITE = 4;
  /** Exit status when the JVM runs out of memory. */
  public static final int OUT_OF_MEMORY = 5;

  /** JavaCPP's limit on the process's resident size, read when ND4J first loads. */
  private static final String PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  private final ModelSpec spec;
  private final LongFunction<Network> factory;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  /** The checkpoint directories this run has locked, released when it ends. */
  private final List<CheckpointLock> locks = new ArrayList<>();
  /** This run's command line, recorded in the lock files it holds. */
  private String command = "";
  /** Whether --checkpoint's directory is among {@link #locks}. */
  private boolean checkpointLocked;
  /** What the training data need, once estimated; for the out-of-memory message. */
  private DataMemory dataMemory;
  /** Whether the training data are read through the cache. */
  private boolean cached;

  public TrainerCli(ModelSpec spec, LongFunction<Network> factory, PrintStream out,
      PrintStream err, boolean terminal) {
    this.spec = spec;
    this.factory = factory;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * Runs the trainer on the process's streams and returns its exit status. The libraries'
   * INFO notices stay out of its output ({@link LibraryLogging}).
   */
  public static int main(String[] args, ModelSpec spec, LongFunction<Network> factory) {
    if (System.getProperty(PHYSICAL_BYTES) == null) {
      // JavaCPP refuses native allocations once the resident size passes twice -Xmx, and the
      // pages of a memory-mapped data cache count as resident: the cache would stop training
      System.setProperty(PHYSICAL_BYTES, "0");
    }
    try {
      LibraryLogging.quiet();
      NativeThreads.configure();
    } catch (OutOfMemoryError e) {
      System.err.println(outOfMemory(e, "give java more memory (-Xmx)"));
      return OUT_OF_MEMORY;
    }
    return new TrainerCli(spec, factory, System.out, System.err, System.console() != null)
        .run(args);
  }

  /**
   * Runs the trainer and returns its exit status: 0, {@link #BAD_INPUT}, {@link #DIVERGED},
   * {@link #CANNOT_WRITE} or {@link #OUT_OF_MEMORY}. Running out of memory anywhere is one
   * line: what the data need, what the JVM may use, and the flag or {@code -Xmx} that helps.
   */
  public int run(String[] args) {
    try {
      return runCommand(args);
    } catch (OutOfMemoryError e) {
      out.flush();
      err.println(outOfMemory(e, dataMemory == null ? "give java more memory (-Xmx)"
          : dataMemory.advice(cached)));
      return OUT_OF_MEMORY;
    }
  }

  /** The one line of an out-of-memory error, ending with {@code advice}. */
  private static String outOfMemory(OutOfMemoryError e, String advice) {
    return "error: out of memory (" + (e.getMessage() == null ? "OutOfMemoryError"
        : e.getMessage()) + "): the JVM may use " + DataMemory.megabytes(
            Runtime.getRuntime().maxMemory()) + " of heap (-Xmx); " + advice;
  }

  private int runCommand(String[] args) {
    if (Predictor.isCommand(args)) {
      return new Predictor(spec, factory, out, err).run(args);
    }
    command = spec.name() + "Trainer " + String.join(" ", args);
    try {
      return trainOrEvaluate(args);
    } finally {
      for (CheckpointLock lock : locks) {
        try {
          lock.close();
        } catch (IOException e) {
          // the operating system releases it when the process ends
        }
      }
      locks.clear();
      checkpointLocked = false;
    }
  }

  private int trainOrEvaluate(String[] args) {
    TrainerOptions options;
    Checkpoint.Loaded resumed = null;
    Reports report;
    try {
      options = TrainerOptions.parse(args, spec);
      if (options.help()) {
        out.print(TrainerOptions.usage(spec));
        return 0;
      }
      Convolutions.checkKernelSetting();
      if (options.resume() != null) {
        if (Files.isDirectory(options.resume())) {
          lock("--resume", options.resume());
        }
        resumed = Checkpoint.read(options.resume(), spec);
        TrainerOptions given = options;
        options = TrainerOptions.resume(resumed.state().arguments(), args, spec);
        Path index = resumed.dir().resolve(Checkpoint.INDEX);
        checkRecorded(index, "--train", given.train(), options.train());
        checkRecorded(index, "--test", given.test(), options.test());
      }
      checkOutputs(options, spec);
      Path checkpoint = options.checkpoint();
      if (isSameDirectory(checkpoint, options.resume())) {
        checkpointLocked = true;
      } else if (checkpoint != null && Files.isDirectory(checkpoint)) {
        lock("--checkpoint", checkpoint);
        checkpointLocked = true;
      }
      report = options.report() == null ? null : new Reports(options.report(), spec, out);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help to see the options.");
      return BAD_INPUT;
    } catch (WeightsException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    } catch (UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return CANNOT_WRITE;
    }
    try {
      return options.train() == null ? evaluateOnly(options, report)
          : train(options, resumed, report);
    } catch (DataException | WeightsException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    } catch (UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return CANNOT_WRITE;
    }
  }

  /**
   * Refuses, before any work, outputs that cannot be written or would overwrite a checkpoint.
   * Missing folders are created when the first file is written into them.
   */
  private static void checkOutputs(TrainerOptions options, ModelSpec spec) {
    OutputPaths.checkFile("--save", options.save());
    if (options.save() != null) {
      Weights.checkWritable(spec, options.save());
    }
    OutputPaths.checkFile("--history-csv", options.historyCsv());
    OutputPaths.checkDirectory("--report", options.report());
    Path dir = options.checkpoint();
    if (dir == null) {
      return;
    }
    OutputPaths.checkDirectory("--checkpoint", dir);
    if (Checkpoint.exists(dir) && !isSameDirectory(dir, options.resume())) {
      throw new IllegalArgumentException("--checkpoint " + dir + " already holds a checkpoint; "
          + "continue it with --resume " + dir + ", or give another directory (a checkpoint "
          + "is never overwritten by another run)");
    }
  }

  /**
   * Refuses a data file that a resumed run takes from its checkpoint's record ({@code given} is
   * null) and that is not there, saying where the path came from and how to give another.
   */
  private static void checkRecorded(Path index, String flag, Path given, Path recorded) {
    if (given != null || recorded == null || Files.exists(recorded)) {
      return;
    }
    throw new WeightsException(recorded + ": no such file; the path is the " + flag + " that "
        + index + " recorded" + (recorded.isAbsolute() ? ""
            : " (relative to the folder that run was started in, read here against "
                + Path.of("").toAbsolutePath() + ")")
        + "; give " + flag + " FILE to name the file again");
  }

  /**
   * Locks a checkpoint directory for this run.
   *
   * @throws WeightsException naming the run that holds it
   */
  private void lock(String flag, Path dir) {
    CheckpointLock lock;
    try {
      lock = CheckpointLock.tryAcquire(dir, command);
    } catch (IOException e) {
      if (flag.equals("--resume") && !Files.isWritable(dir)) {
        // a checkpoint read from a folder this run cannot write: no run of this user writes it
        return;
      }
      throw new UncheckedIOException("cannot lock " + dir + ": cannot write "
          + dir.resolve(CheckpointLock.NAME) + ": " + AtomicFiles.reason(e), e);
    }
    if (lock == null) {
      throw new WeightsException(flag + " " + dir + " is in use by another run ("
          + CheckpointLock.holder(dir) + "); two runs on one checkpoint would overwrite each "
          + "other's files: wait for that run to end" + (flag.equals("--checkpoint")
              ? ", or give another directory" : ""));
    }
    locks.add(lock);
  }

  private static boolean isSameDirectory(Path a, Path b) {
    try {
      return a != null && b != null && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private int train(TrainerOptions options, Checkpoint.Loaded resumed, Reports report) {
    Network network = factory.apply(options.seed());
    DataCache.Opened opened = null;
    Dataset all;
    if (isCsv(options.train())) {
      opened = readCsv(options, network.summary());
      all = opened.data();
    } else {
      if (options.cache()) {
        err.println("warning: --cache reads CSV files; " + options.train() + " is read into "
            + "memory");
      }
      all = DataFiles.load(options.train(), spec, options.label(), List.of());
    }
    if (spec.loss().isClassification() && !isIndexNaming(all.classNames())) {
      out.println("classes: " + mapping(all.classNames()));
    }
    Dataset train = all;
    Dataset validation = null;
    if (options.validationSplit() > 0) {
      int held = (int) (all.size() * options.validationSplit());
      if (held == 0 || held == all.size()) {
        throw new DataException(options.train() + ": --validation-split "
            + options.validationSplit() + " of " + all.size() + " samples leaves "
            + (held == 0 ? "no validation" : "no training") + " samples");
      }
      validation = all.slice(all.size() - held, all.size());
      train = all.slice(0, all.size() - held);
      if (train.size() < options.batchSize()) {
        err.println("warning: --validation-split " + Texts.number(options.validationSplit())
            + " of " + all.size() + " samples leaves "
            + Texts.count(train.size(), "training sample") + ", fewer than one batch ("
            + options.batchSize() + "): every epoch is one step");
      }
    }
    if (options.load() != null) {
      checkClasses(options.load(), Weights.metadata(options.load()), options.train(),
          all.classNames());
    }
    Dataset test = options.test() == null ? null
        : DataFiles.load(options.test(), spec, options.label(), all.classNames());
    String fingerprint = options.checkpoint() == null ? null : Checkpoint.fingerprint(all);
    if (resumed != null) {
      checkSameRun(resumed, options, all, validation, fingerprint);
    }
    Standardization standardization = null;
    if (options.standardize()) {
      standardization = resumed != null ? resumed.state().standardization()
          : cached && opened.standardization() != null && train.size() == all.size()
              ? opened.standardization() : Standardization.of(train);
      train = standardization.apply(train);
      validation = validation == null ? null : standardization.apply(validation);
      test = test == null ? null : standardization.apply(test);
    }

    network.setLearningRate(options.learningRate());
    if (options.load() != null) {
      Weights.load(network, options.load());
      // a Keras file's optimizer state comes with its learning rate; the run's own rate rules
      network.setLearningRate(options.learningRate());
    }
    EpochOrder epochOrder = options.shuffle() != null ? options.shuffle()
        : cached ? EpochOrder.BLOCKS : EpochOrder.FULL;
    Session session = new Session(options, network, all.classNames(), standardization,
        fingerprint, train.size(), validation == null ? 0 : validation.size(), epochOrder);
    if (resumed != null) {
      session.restore(resumed);
    }
    String summary = network.summary();
    if (!summary.isEmpty()) {
      out.println(summary);
      out.println();
    }
    out.printf(Locale.ROOT, "Training %s (%,d parameters) on %s%s: %s, batch %d, "
            + "%s, learning rate %s%s%n",
        spec.name(), spec.parameters(), Texts.count(train.size(), "sample"),
        validation == null ? "" : String.format(Locale.ROOT, ", validating on %,d", validation.size()),
        Texts.count(options.epochs(), "epoch"), options.batchSize(),
        spec.optimizer().name().toLowerCase(Locale.ROOT), Texts.number(options.learningRate()),
        spec.schedule() == LearningRateSchedule.CONSTANT ? "" : " with cosine decay to 0");
    if (resumed != null) {
      out.printf(Locale.ROOT, "Resuming from %s after epoch %d%s%s%n", resumed.dir(),
          session.epochsDone,
          network.learningRate() == options.learningRate() ? ""
              : ", learning rate now " + Texts.number(network.learningRate()),
          session.stoppedEarly ? " (training had stopped early)"
              : session.epochsDone >= options.epochs() ? " (all epochs done)" : "");
    }

    boolean finite = true;
    boolean saved = false;
    boolean trained = false;
    try {
      finite = fit(session, train, validation);
      if (report != null) {
        // a diverged run restores nothing
        report.history(session.history, finite && session.earlyStopping != null
            ? session.earlyStopping.restoredEpoch() : OptionalInt.empty());
      }
      if (!finite) {
        return DIVERGED;
      }
      trained = true;
      if (session.earlyStopping != null) {
        session.earlyStopping.onTrainEnd(network, out);
      }
      if (options.save() != null) {
        save(options.save(), network, session.weightsMetadata());
        saved = true;
      }
      if (test != null) {
        Evaluation result = Evaluator.evaluate(network, test);
        out.println("test " + result);
      }
      if (report != null) {
        report.evaluation(network, test != null ? test : validation,
            test != null ? "test" : "validation");
      }
    } catch (UncheckedIOException e) {
      // a diverged run's weights are not worth keeping
      throw finite ? keepWeights(e, session, trained, saved) : e;
    }
    return 0;
  }

  private static boolean isCsv(Path file) {
    String name = file.getFileName().toString();
    return !(name.contains("-idx") || name.endsWith(".idx") || name.endsWith(".idx.gz"))
        && Files.isRegularFile(file);
  }

  /**
   * Reads the training CSV into memory, or through its cache with --cache or when it would not
   * fit in the heap; a big file's estimated size is printed first, with a warning when it will
   * not fit.
   *
   * @return the samples, with the cache they come from (null when read into memory)
   */
  private DataCache.Opened readCsv(TrainerOptions options, String summary) {
    Path file = options.train();
    try {
      dataMemory = DataMemory.of(file, spec, summary);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + AtomicFiles.reason(e), e);
    }
    boolean fits = dataMemory.fits();
    if (dataMemory.fileBytes() >= DataMemory.BIG_FILE || !fits) {
      out.println(dataMemory.line());
    }
    cached = options.cache() || !fits;
    if (!fits && !options.cache()) {
      err.println("warning: the training data will not fit in the heap with room to train; "
          + "reading them through the cache (as --cache does; or give java more memory, -Xmx)");
    }
    LoadProgress progress = new LoadProgress(out, terminal, file.getFileName().toString(),
        dataMemory.fileBytes(), dataMemory.rows(), System::nanoTime);
    try {
      if (!cached) {
        return new DataCache.Opened(DataFiles.load(file, spec, options.label(), List.of(),
            progress), null, null);
      }
      DataCache.Opened opened = DataCache.open(file, spec, options.label(),
          note -> err.println("note: " + note), progress);
      out.println("cache: " + opened.file() + " (memory-mapped)");
      return opened;
    } finally {
      progress.done();
    }
  }

  /** Saves weights, creating the file's missing folders. */
  private static void save(Path file, Network network, Map<String, String> metadata) {
    try {
      OutputPaths.createParent(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + AtomicFiles.reason(e), e);
    }
    Weights.save(network, file, metadata);
  }

  /**
   * {@code failure} with where the weights trained so far are: in --save's file when it was
   * written, else in a new file in the system's temporary folder (the weights are not lost).
   */
  private UncheckedIOException keepWeights(UncheckedIOException failure, Session session,
      boolean trained, boolean saved) {
    String what = trained ? "the trained weights"
        : "the weights after epoch " + session.epochsDone;
    if (saved) {
      return new UncheckedIOException(failure.getMessage() + "; " + what + " are saved in "
          + session.options.save(), failure.getCause());
    }
    if (session.epochsDone == 0) {
      return failure;
    }
    String kept;
    try {
      Path file = Files.createTempFile(spec.name() + "-", ".safetensors");
      Safetensors.write(file, session.network.variables(), session.weightsMetadata());
      kept = what + " are kept in " + file;
    } catch (IOException | RuntimeException e) {
      kept = what + " could not be kept either (" + e.getMessage() + ")";
    }
    return new UncheckedIOException(failure.getMessage() + "; " + kept, failure.getCause());
  }

  /** {@code --load FILE --epochs 0 --test FILE} without training data: evaluates saved weights. */
  private int evaluateOnly(TrainerOptions options, Reports report) {
    Map<String, String> metadata = Weights.metadata(options.load());
    List<String> classes = Metadata.classNames(options.load(), metadata);
    Standardization standardization = Metadata.standardization(options.load(), metadata,
        spec.inputSize());
    String unknown = Metadata.unknown(options.load());
    if (options.standardize() && standardization == null) {
      throw new WeightsException(unknown != null
          ? unknown + "; " + Metadata.remedy(options.load()) + ", or give --train FILE to "
              + "compute the statistics again"
          : options.load() + ": holds no standardization statistics (it was not saved from a run "
              + "with --standardize); give --train FILE to compute them");
    }
    if (unknown != null) {
      err.println("warning: " + unknown + ": evaluating with the features as they are and the "
          + "classes by index, which is wrong for weights trained with --standardize; "
          + Metadata.remedy(options.load()));
    }
    if (!options.standardize() && standardization != null) {
      throw new WeightsException(options.load() + ": the weights were trained on standardized "
          + "features; add --standardize to evaluate with the statistics saved in the file");
    }
    Dataset test = DataFiles.load(options.test(), spec, options.label(), classes);
    if (standardization != null) {
      test = standardization.apply(test);
    }
    Network network = factory.apply(options.seed());
    Weights.load(network, options.load());
    out.printf(Locale.ROOT, "Evaluating %s (%,d parameters) loaded from %s on %,d samples%n",
        spec.name(), spec.parameters(), options.load(), test.size());
    if (options.save() != null) {
      save(options.save(), network, metadata);
    }
    out.println("test " + Evaluator.evaluate(network, test));
    if (report != null) {
      report.evaluation(network, test, "test");
    }
    return 0;
  }

  /** Refuses weights trained with other class names than the training data's. */
  private static void checkClasses(Path weights, Map<String, String> metadata, Path data,
      List<String> classes) {
    List<String> saved = Metadata.classNames(weights, metadata);
    if (!saved.isEmpty() && !saved.equals(classes)) {
      throw new WeightsException(weights + ": the weights were trained with the classes "
          + saved + " but " + data + " has " + classes + "; their outputs would mean other "
          + "classes");
    }
  }

  /** Refuses to resume on other data than the checkpoint was trained on. */
  private void checkSameRun(Checkpoint.Loaded resumed, TrainerOptions options, Dataset all,
      Dataset validation, String fingerprint) {
    Checkpoint.State s = resumed.state();
    Path index = resumed.dir().resolve(Checkpoint.INDEX);
    int validating = validation == null ? 0 : validation.size();
    if (s.trainSamples() != all.size() - validating || s.validationSamples() != validating
        || !s.fingerprint().equals(fingerprint)) {
      throw new WeightsException(index + ": the checkpoint was trained on other data ("
          + s.trainSamples() + " training and " + s.validationSamples() + " validation samples, "
          + s.fingerprint() + ") than " + options.train() + " gives (" + (all.size() - validating)
          + " and " + validating + ", " + fingerprint + "); resume with the same --train file");
    }
    if (!s.classNames().equals(all.classNames())) {
      throw new WeightsException(index + ": the checkpoint's classes " + s.classNames()
          + " differ from those of " + options.train() + ": " + all.classNames());
    }
    require(index, options.standardize() == (s.standardization() != null), "standardization");
    require(index, (options.earlyStopping() == null) == (s.earlyStopping() == null),
        "callbacks.early_stopping");
    require(index, (options.reduceLr() == null) == (s.reduceLr() == null),
        "callbacks.reduce_lr_on_plateau");
    require(index, options.checkpointBestOnly() == (s.bestOnly() != null),
        "callbacks.checkpoint_best_only");
    require(index, options.earlyStopping() == null
        || options.earlyStopping().restoreBestWeights() == (resumed.bestWeights() != null),
        "best_weights");
  }

  private static void require(Path index, boolean consistent, String key) {
    if (!consistent) {
      throw new WeightsException(index + ": " + key + " does not match the run's recorded "
          + "arguments; the checkpoint is corrupt");
    }
  }

  /** A run in progress: the network, the random streams, the callbacks and the history. */
  private final class Session {
    final TrainerOptions options;
    final Network network;
    final List<String> classNames;
    final Standardization standardization;
    final String fingerprint;
    final int trainSamples;
    final int validationSamples;
    final EpochOrder epochOrder;
    /** The run's arguments as checkpoints record them, with an order chosen by the path. */
    final List<String> arguments;
    final EarlyStopping earlyStopping;
    final ReduceLrOnPlateau reduceLr;
    final Monitor bestOnly;
    double bestOnlyValue;
    Rng shuffler;
    /** The sample order, shuffled further at the start of every epoch. */
    final int[] order;
    final List<EpochLog> history = new ArrayList<>();
    int epochsDone;
    boolean stoppedEarly;
    int lastCheckpoint;
    /** The history file of --checkpoint's directory, opened by the first checkpoint written. */
    HistoryFile historyFile;
    /** What of that file a resumed checkpoint in the same directory committed. */
    HistoryFile.Ref committedHistory = HistoryFile.Ref.EMPTY;

    Session(TrainerOptions options, Network network, List<String> classNames,
        Standardization standardization, String fingerprint, int trainSamples,
        int validationSamples, EpochOrder epochOrder) {
      this.options = options;
      this.network = network;
      this.classNames = classNames;
      this.standardization = standardization;
      this.fingerprint = fingerprint;
      this.trainSamples = trainSamples;
      this.validationSamples = validationSamples;
      this.epochOrder = epochOrder;
      List<String> recorded = new ArrayList<>(options.arguments());
      if (options.shuffle() == null && epochOrder != EpochOrder.FULL) {
        // a resumed run orders the epochs as this one did, wherever its data are read from
        recorded.addAll(List.of("--shuffle", epochOrder.flag()));
      }
      this.arguments = List.copyOf(recorded);
      TrainerOptions.EarlyStoppingOptions es = options.earlyStopping();
      this.earlyStopping = es == null ? null
          : new EarlyStopping(es.monitor(), es.patience(), es.minDelta(), es.restoreBestWeights());
      TrainerOptions.ReduceLrOptions rl = options.reduceLr();
      this.reduceLr = rl == null ? null : new ReduceLrOnPlateau(rl.monitor(), rl.factor(),
          rl.patience(), rl.minDelta(), rl.cooldown(), rl.minLr());
      this.bestOnly = options.checkpointMonitor();
      this.bestOnlyValue = bestOnly == null ? Double.NaN : bestOnly.worst();
      this.shuffler = new Rng(options.seed() ^ 0x5DEECE66DL);
      this.order = new int[trainSamples];
      for (int i = 0; i < trainSamples; i++) {
        order[i] = i;
      }
    }

    /** Continues from a checkpoint: its tensors, random states, callbacks and history. */
    void restore(Checkpoint.Loaded loaded) {
      Map<String, INDArray> best = Checkpoint.restore(loaded, network);
      Checkpoint.State s = loaded.state();
      // each epoch shuffles the previous epoch's order: replay the completed epochs' shuffles
      // from the seed, which must arrive at the generator state the checkpoint recorded
      for (int e = 0; e < s.epoch(); e++) {
        epochOrder.next(shuffler, order);
      }
      if (shuffler.state() != s.shuffleState()) {
        throw new WeightsException(loaded.dir().resolve(Checkpoint.INDEX) + ": shuffle_rng_state "
            + s.shuffleState() + " is not where " + s.epoch() + " epochs of shuffling from --seed "
            + options.seed() + " lead (" + shuffler.state() + "); the checkpoint is corrupt");
      }
      epochsDone = s.epoch();
      stoppedEarly = s.stoppedEarly();
      history.addAll(s.history());
      if (isSameDirectory(loaded.dir(), options.checkpoint())) {
        lastCheckpoint = s.epoch();
        committedHistory = loaded.history();
      }
      if (earlyStopping != null) {
        earlyStopping.restore(s.earlyStopping(), best);
      }
      if (reduceLr != null) {
        reduceLr.restore(s.reduceLr());
      }
      if (bestOnly != null && !Double.isNaN(s.bestOnly())) {
        bestOnlyValue = s.bestOnly();
      }
    }

    /** Callbacks, checkpoint and history log at the end of an epoch. */
    void endEpoch(EpochLog log) {
      history.add(log);
      epochsDone = log.epoch() + 1;
      boolean stop = earlyStopping != null && earlyStopping.onEpochEnd(log, network);
      if (reduceLr != null) {
        reduceLr.onEpochEnd(log, network, out);
      }
      boolean improved = true;
      if (bestOnly != null) {
        double value = log.value(bestOnly.quantity());
        improved = bestOnly.improves(value, bestOnlyValue, 0);
        if (improved) {
          bestOnlyValue = value;
        }
      }
      stoppedEarly = stop;
      if (options.checkpoint() != null && improved) {
        writeCheckpoint();
      }
      if (options.historyCsv() != null) {
        try {
          OutputPaths.createParent(options.historyCsv());
          HistoryCsv.write(options.historyCsv(), history);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + options.historyCsv() + ": "
              + AtomicFiles.reason(e), e);
        }
      }
      if (stop) {
        out.println(earlyStopping.stopLine(epochsDone));
      }
    }

    private void writeCheckpoint() {
      Checkpoint.State state = new Checkpoint.State(spec.name(), epochsDone, stoppedEarly,
          network.optimizerSteps(), network.dropoutState(), shuffler.state(),
          network.learningRate(), arguments, trainSamples, validationSamples,
          fingerprint, classNames, standardization,
          earlyStopping == null ? null : earlyStopping.state(),
          reduceLr == null ? null : reduceLr.state(),
          bestOnly == null ? null : bestOnlyValue, history);
      try {
        OutputPaths.createDirectories(options.checkpoint());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the checkpoint directory "
            + options.checkpoint() + ": " + AtomicFiles.reason(e), e);
      }
      if (historyFile == null) {
        if (!checkpointLocked) {
          lockNewDirectory();
        }
        historyFile = new HistoryFile(options.checkpoint(), committedHistory);
      }
      try {
        Checkpoint.write(options.checkpoint(), state, historyFile, network,
            earlyStopping == null ? null : earlyStopping.bestWeights(), weightsMetadata());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the checkpoint of epoch " + epochsDone
            + " to " + options.checkpoint() + ": " + AtomicFiles.reason(e)
            + (lastCheckpoint > 0 ? "; the checkpoint of epoch " + lastCheckpoint + " is kept"
                : ""), e);
      }
      lastCheckpoint = epochsDone;
    }

    /**
     * Locks the --checkpoint directory that the first checkpoint created: another run may have
     * started on it since this one checked it.
     */
    private void lockNewDirectory() {
      Path dir = options.checkpoint();
      try {
        lock("--checkpoint", dir);
        checkpointLocked = true;
      } catch (WeightsException e) {
        throw new UncheckedIOException("cannot write the checkpoint of epoch " + epochsDone
            + ": " + e.getMessage(), new IOException(e));
      }
      if (Checkpoint.exists(dir)) {
        throw new UncheckedIOException("cannot write the checkpoint of epoch " + epochsDone
            + ": " + dir + " received a checkpoint of another run since this one started; "
            + "a checkpoint is never overwritten by another run", new IOException(dir.toString()));
      }
    }

    /** The metadata of every weights file this run writes. */
    Map<String, String> weightsMetadata() {
      return Metadata.of(spec.name(), spec.loss().isClassification() ? classNames : List.of(),
          standardization);
    }
  }

  /** Trains the remaining epochs; false when the loss stopped being finite. */
  private boolean fit(Session session, Dataset train, Dataset validation) {
    TrainerOptions options = session.options;
    Network network = session.network;
    int n = train.size();
    int batch = Math.min(options.batchSize(), n);
    int steps = (n + batch - 1) / batch;
    INDArray x = Nd4j.create(DataType.FLOAT, batch, train.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, train.targetSize());
    int rest = n % batch;
    INDArray xRest = rest == 0 ? null : Nd4j.create(DataType.FLOAT, rest, train.featureSize());
    INDArray yRest = rest == 0 ? null : Nd4j.create(DataType.FLOAT, rest, train.targetSize());
    int[] order = session.order;
    Progress progress = new Progress(out, terminal);
    String metric = spec.loss().metric();
    boolean kernelsShown = false;
    for (int epoch = session.epochsDone + 1;
        epoch <= options.epochs() && !session.stoppedEarly; epoch++) {
      session.epochOrder.next(session.shuffler, order);
      double learningRate = network.learningRate();
      progress.startEpoch(epoch, options.epochs(), steps);
      double lossSum = 0;
      double metricSum = 0;
      int seen = 0;
      for (int step = 0; step < steps; step++) {
        int count = Math.min(batch, n - step * batch);
        INDArray xs = count == batch ? x : xRest;
        INDArray ys = count == batch ? y : yRest;
        train.copyBatch(order, step * batch, count, xs, ys);
        if (spec.schedule() != LearningRateSchedule.CONSTANT) {
          learningRate = spec.schedule().at(options.learningRate(),
              (long) (epoch - 1) * steps + step, (long) options.epochs() * steps);
          network.setLearningRate(learningRate);
        }
        double loss = network.fit(xs, ys);
        if (!Double.isFinite(loss)) {
          out.println();
          err.printf(Locale.ROOT, "error: training diverged in epoch %d, batch %d of %d: the loss"
                  + " is %s. Lower the learning rate (--learning-rate, now %s)%s.%s%s%n",
              epoch, step + 1, steps, loss, Texts.number(learningRate),
              options.standardize() ? "" : " or standardize the features (--standardize)",
              options.checkpoint() == null ? ""
                  : session.lastCheckpoint > 0 ? " The last good checkpoint (epoch "
                      + session.lastCheckpoint + ") is kept in " + options.checkpoint() + "."
                  : " No checkpoint was written.",
              options.save() == null ? "" : " " + options.save() + " was not written.");
          return false;
        }
        if (!kernelsShown) {
          // the convolutions chose their kernels in this first step; say which, once a run
          kernelsShown = true;
          for (String line : Convolutions.kernelChoices(network.parameters())) {
            out.println("kernels: " + line);
          }
        }
        lossSum += loss * count;
        metricSum += Evaluator.metricSum(spec.loss(), network.lastTrainingOutput(), ys);
        seen += count;
        progress.step(step + 1, metrics("", lossSum / seen, metric,
            metricSum / Evaluator.metricCount(spec.loss(), seen, spec.outputs())));
      }
      double trainLoss = lossSum / seen;
      double trainMetric = metricSum / Evaluator.metricCount(spec.loss(), seen, spec.outputs());
      String line = metrics("", trainLoss, metric, trainMetric);
      Evaluation v = validation == null ? null : Evaluator.evaluate(network, validation);
      if (v != null) {
        line += " - " + metrics("val_", v.loss(), metric, v.metric());
      }
      progress.endEpoch(line);
      session.endEpoch(EpochLog.of(epoch - 1, metric, trainLoss, trainMetric, v != null,
          v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.metric(), learningRate));
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
