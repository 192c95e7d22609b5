package dev.dendrite.spark;

import dev.dendrite.DataException;
import dev.dendrite.Evaluation;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Weights;
import dev.dendrite.train.TrainerCli;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} entry: trains a generated network on a Parquet or CSV data set with
 * the flags of its {@code <Name>Trainer} where they apply, saves the weights, evaluates and
 * writes predictions.
 *
 * <pre>
 * spark-submit --class dev.dendrite.spark.SparkTrain --jars my-model.jar dendrite-spark.jar \
 *     --model com.example.MyModelNetwork --train hdfs:///data/train.parquet --save model.safetensors
 * </pre>
 */
@Command(name = "SparkTrain", sortOptions = false, usageHelpWidth = 100,
    description = "Trains a Dendrite model data-parallel on Spark.")
public final class SparkTrain implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "CLASS",
      description = "the generated network class, like dev.dendrite.examples.MnistMlpNetwork")
  String model;

  @Option(names = "--train", paramLabel = "PATH", required = true,
      description = "training data: Parquet (a file or folder), or CSV with a header (*.csv)")
  String train;

  @Option(names = "--test", paramLabel = "PATH", description = "test data, evaluated after "
      + "training")
  String test;

  @Option(names = "--label", paramLabel = "COLUMN", defaultValue = "label",
      description = "the label column (default ${DEFAULT-VALUE})")
  String label;

  @Option(names = "--features", paramLabel = "COLUMN", description = "an array column holding "
      + "each sample's features (default: every column but the label)")
  String features;

  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training data "
      + "(default: the model's)")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "samples per global step, "
      + "over all partitions (default: the model's)")
  Integer batchSize;

  @Option(names = "--learning-rate", paramLabel = "X", description = "optimizer learning rate "
      + "(default: the model's)")
  Double learningRate;

  @Option(names = "--seed", paramLabel = "N", description = "seed of initialisation and "
      + "shuffling (default: the model's)")
  Long seed;

  @Option(names = "--standardize", description = "scale features to mean 0, deviation 1, with "
      + "the statistics of the training data")
  boolean standardize;

  @Option(names = "--save", paramLabel = "FILE", description = "write the final weights, with "
      + "the class names and standardization statistics")
  Path save;

  @Option(names = "--checkpoint", paramLabel = "DIR", description = "write a checkpoint to DIR "
      + "after every epoch (the model's Trainer's format; the driver's file system)")
  Path checkpoint;

  @Option(names = "--resume", paramLabel = "DIR", description = "continue the run of the "
      + "checkpoint in DIR")
  Path resume;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "sync",
      description = "sync: one exchange of gradients a step, the single-machine result; "
          + "average: local steps and an average of the weights every --average-every steps "
          + "(default ${DEFAULT-VALUE})")
  String mode;

  @Option(names = "--average-every", paramLabel = "K", defaultValue = "8",
      description = "local steps between averages in --mode average (default ${DEFAULT-VALUE})")
  int averageEvery;

  @Option(names = "--partitions", paramLabel = "N", description = "repartition the training "
      + "data into N partitions (Spark's order then replaces the file's)")
  Integer partitions;

  @Option(names = "--predictions", paramLabel = "DIR", description = "write the test data with "
      + "prediction columns to DIR as Parquet")
  String predictions;

  @Option(names = "--master", paramLabel = "URL", description = "the Spark master when not "
      + "started by spark-submit, like local[2]")
  String master;

  @Option(names = {"--help", "-h"}, usageHelp = true, description = "show this help")
  boolean help;

  private String[] args = new String[0];
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs with {@code args} and returns the exit status, the model's Trainer's statuses. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    SparkTrain command = new SparkTrain();
    command.args = args.clone();
    command.out = out;
    command.err = err;
    CommandLine line = new CommandLine(command);
    line.setOut(new java.io.PrintWriter(out, true));
    line.setErr(new java.io.PrintWriter(err, true));
    line.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + e.getMessage());
      err.println("Run with --help to see the options.");
      return TrainerCli.BAD_INPUT;
    });
    return line.execute(args);
  }

  @Override
  public Integer call() {
    SparkTrainer.Mode trainMode = switch (mode) {
      case "sync" -> SparkTrainer.Mode.SYNCHRONOUS;
      case "average" -> SparkTrainer.Mode.AVERAGING;
      default -> null;
    };
    if (trainMode == null) {
      err.println("error: --mode " + mode + ": expected sync or average");
      return TrainerCli.BAD_INPUT;
    }
    NetworkFactory factory = NetworkFactory.of(model, DataType.FLOAT);
    ModelSpec spec;
    try {
      spec = factory.create(0).spec();
    } catch (IllegalArgumentException e) {
      err.println("error: --model " + e.getMessage());
      return TrainerCli.BAD_INPUT;
    }
    SparkSession.Builder builder = SparkSession.builder().appName("Dendrite " + spec.name());
    if (master != null) {
      builder.master(master);
    }
    // a session this run did not start (an application's, a test's) stays running after it
    boolean own = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = builder.getOrCreate();
    try {
      return train(spark, factory, spec, trainMode);
    } catch (DataException | WeightsException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return TrainerCli.BAD_INPUT;
    } catch (IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return TrainerCli.DIVERGED;
    } catch (UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return TrainerCli.CANNOT_WRITE;
    } catch (org.apache.spark.SparkException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof DataException)) {
        cause = cause.getCause();
      }
      err.println("error: " + cause.getMessage());
      return cause instanceof DataException ? TrainerCli.BAD_INPUT : 1;
    } finally {
      if (own) {
        spark.stop();
      }
    }
  }

  private int train(SparkSession spark, NetworkFactory factory, ModelSpec spec,
      SparkTrainer.Mode trainMode) throws org.apache.spark.SparkException {
    Dataset<Row> frame = read(spark, train);
    if (partitions != null) {
      frame = frame.repartition(partitions);
    }
    TrainingData data = TrainingData.of(frame, spec, features, label, null, standardize, null);
    if (!data.classNames().isEmpty()) {
      out.println("classes: " + String.join(", ", data.classNames()));
    }
    SparkTrainer.Options options = new SparkTrainer.Options(
        epochs != null ? epochs : spec.epochs(), batchSize != null ? batchSize : spec.batchSize(),
        learningRate != null ? learningRate : spec.learningRate(),
        seed != null ? seed : spec.seed(), trainMode, averageEvery, checkpoint, resume,
        recorded(args));
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    out.printf(Locale.ROOT, "Training %s (%,d parameters) on %,d samples in %d partitions: "
            + "%d epochs, global batch %d, %s%n", spec.name(), spec.parameters(), data.size(),
        data.partitionSizes().size(), options.epochs(), options.batchSize(),
        trainMode == SparkTrainer.Mode.SYNCHRONOUS ? "synchronous"
            : "averaging every " + averageEvery + " local steps");
    SparkTrainer trainer = new SparkTrainer(context, factory, options, out);
    trainer.fit(data);
    SparkTrainer.Cost cost = trainer.cost();
    out.printf(Locale.ROOT, "%d exchanges, %.1f ms and %.2f MB each%n", cost.exchanges(),
        cost.secondsPerExchange() * 1e3, cost.bytesPerExchange() / 1e6);
    Network network = trainer.network();
    if (save != null) {
      Path parent = save.toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (java.io.IOException e) {
        throw new UncheckedIOException("cannot write " + save + ": " + e.getMessage(), e);
      }
      Weights.save(network, save, Metadata.of(spec.name(),
          spec.loss().isClassification() ? data.classNames() : List.of(),
          data.standardization()));
    }
    if (test != null) {
      Dataset<Row> testFrame = read(spark, test);
      TrainingData testData = TrainingData.of(testFrame, spec, features, label,
          data.classNames(), false, data.standardization());
      Evaluation result = trainer.evaluate(testData);
      out.println("test " + result);
      if (predictions != null) {
        SparkPredictor.of(network, factory, data.classNames(), data.standardization())
            .predict(testFrame, features,
                Arrays.asList(testFrame.columns()).contains(label) ? label : null)
            .write().mode(SaveMode.Overwrite)
            .parquet(predictions);
      }
    }
    return 0;
  }

  /** The command line without the flags a resumed run gives anew. */
  private static List<String> recorded(String[] args) {
    List<String> kept = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (Arrays.asList("--resume", "--checkpoint", "--master").contains(args[i])) {
        i++;
        continue;
      }
      kept.add(args[i]);
    }
    return kept;
  }

  static Dataset<Row> read(SparkSession spark, String path) {
    if (path.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
    }
    return spark.read().parquet(path);
  }
}
