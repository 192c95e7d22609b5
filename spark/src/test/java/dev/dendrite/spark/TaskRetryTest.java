package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A gradient task that fails once, in the middle of training, is run again by Spark (local
 * mode allows four attempts) and training ends with the weights of a run without the failure.
 */
class TaskRetryTest {
  /** Gradient computations seen by the failing networks of this JVM (local mode: all). */
  private static final AtomicInteger CALLS = new AtomicInteger();

  @TempDir Path dir;

  @Test
  void aFailedTaskIsRetriedAndTheWeightsAreUnchanged() throws IOException {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, SyncEquivalenceTest.csv(120, 6, new Random(11)));
    Dataset<Row> frame = LocalSpark.session().read().option("header", "true")
        .option("inferSchema", "true").csv(csv.toString()).repartition(3);
    TrainingData data = TrainingData.of(frame, SparkModels_TabularNetwork.SPEC, null, "label",
        null, false, null);
    SparkTrainer.Options options = SparkTrainer.Options.defaults(SparkModels_TabularNetwork.SPEC);
    NetworkFactory plain = NetworkFactory.of(SyncEquivalenceTest.TABULAR, DataType.DOUBLE);
    SparkTrainer expected = new SparkTrainer(LocalSpark.context(), plain, options,
        SyncEquivalenceTest.quiet());
    expected.fit(data);

    String marker = dir.resolve("failed-once").toString();
    SparkTrainer failing = new SparkTrainer(LocalSpark.context(),
        seed -> failOnce(plain.create(seed), marker), options, SyncEquivalenceTest.quiet());
    failing.fit(data);

    assertTrue(Files.exists(Path.of(marker)), "a task failed");
    SyncEquivalenceTest.assertClose(expected.network().variables(),
        failing.network().variables(), 1e-12);
  }

  /**
   * {@code network}, whose seventh gradient computation on an executor throws, once: the first
   * attempt of that task fails after writing {@code marker}.
   */
  private static Network failOnce(Network network, String marker) {
    return (Network) Proxy.newProxyInstance(Network.class.getClassLoader(),
        new Class<?>[] {Network.class}, (proxy, method, args) -> {
          boolean executor = TaskContext.get() != null;
          if (executor && method.getName().equals("computeGradients")
              && CALLS.incrementAndGet() >= 7 && !Files.exists(Path.of(marker))) {
            try {
              Files.createFile(Path.of(marker));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("injected failure of task attempt "
                + TaskContext.get().attemptNumber());
          }
          try {
            return method.invoke(network, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
