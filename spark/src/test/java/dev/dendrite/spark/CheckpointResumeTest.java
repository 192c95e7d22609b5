package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The driver writes the single-machine trainer's checkpoint format after every epoch; when it
 * dies in the middle of an epoch, a new driver resumes from the last checkpoint and ends with the
 * weights and optimizer state of an uninterrupted run.
 */
class CheckpointResumeTest {
  @TempDir Path dir;

  @Test
  void aResumedRunEndsWithTheUninterruptedRunsWeights() throws IOException {
    assertResumedEqualsWhole(SyncEquivalenceTest.TABULAR, SparkModels_TabularNetwork.SPEC);
  }

  @Test
  void dropoutMasksAreDrawnAgainAfterAResume() throws IOException {
    assertResumedEqualsWhole("dev.dendrite.spark.SparkModels_DroppedNetwork",
        SparkModels_DroppedNetwork.SPEC);
  }

  private void assertResumedEqualsWhole(String networkClass, ModelSpec spec) throws IOException {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, SyncEquivalenceTest.csv(90, 6, new Random(21)));
    Dataset<Row> frame = LocalSpark.session().read().option("header", "true")
        .option("inferSchema", "true").csv(csv.toString());
    TrainingData data = TrainingData.of(frame, spec, null, "label", null, true, null);
    NetworkFactory factory = NetworkFactory.of(networkClass, DataType.DOUBLE);
    SparkTrainer.Options all = SparkTrainer.Options.defaults(spec);
    SparkTrainer whole = new SparkTrainer(LocalSpark.context(), factory, all,
        SyncEquivalenceTest.quiet());
    whole.fit(data);

    Path checkpoint = dir.resolve("checkpoint");
    SparkTrainer.Options checkpointed = new SparkTrainer.Options(3, all.batchSize(),
        all.learningRate(), all.seed(), all.mode(), 1, checkpoint, null, List.of("--epochs", "3"));
    // 90 samples in batches of 32: 3 steps an epoch; the driver dies in the second of epoch 3
    SparkTrainer killed = new SparkTrainer(LocalSpark.context(),
        seed -> diesAtStep(factory.create(seed), 8), checkpointed, SyncEquivalenceTest.quiet());
    IllegalStateException death = assertThrows(IllegalStateException.class,
        () -> killed.fit(data));
    assertEquals("the driver died", death.getMessage());
    String index = Files.readString(checkpoint.resolve("checkpoint.json"));
    assertTrue(index.contains("\"format\":\"dendrite-checkpoint\"")
        || index.contains("\"format\": \"dendrite-checkpoint\""), index);
    assertTrue(Files.exists(checkpoint.resolve("epoch-2-weights.safetensors")));
    assertEquals(2, Files.readAllLines(checkpoint.resolve("history.jsonl")).size());

    SparkTrainer.Options rest = new SparkTrainer.Options(3, all.batchSize(), all.learningRate(),
        all.seed(), all.mode(), 1, null, checkpoint, List.of());
    SparkTrainer resumed = new SparkTrainer(LocalSpark.context(), factory, rest,
        SyncEquivalenceTest.quiet());
    resumed.fit(data);

    assertEquals(whole.network().optimizerSteps(), resumed.network().optimizerSteps());
    assertEquals(3, resumed.history().size());
    SyncEquivalenceTest.assertClose(whole.network().variables(), resumed.network().variables(),
        1e-12);
    SyncEquivalenceTest.assertClose(whole.network().optimizerState(),
        resumed.network().optimizerState(), 1e-12);
    assertEquals(3, Files.readAllLines(checkpoint.resolve("history.jsonl")).size());
  }

  /** {@code network}, whose optimizer step {@code step} (from 1) throws, as a dying driver. */
  private static Network diesAtStep(Network network, int step) {
    AtomicInteger steps = new AtomicInteger();
    return (Network) Proxy.newProxyInstance(Network.class.getClassLoader(),
        new Class<?>[] {Network.class}, (proxy, method, args) -> {
          if (method.getName().equals("applyGradients") && steps.incrementAndGet() == step) {
            throw new IllegalStateException("the driver died");
          }
          try {
            return method.invoke(network, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void otherDataIsRefused() throws IOException {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, SyncEquivalenceTest.csv(40, 6, new Random(2)));
    Dataset<Row> frame = LocalSpark.session().read().option("header", "true")
        .option("inferSchema", "true").csv(csv.toString());
    TrainingData data = TrainingData.of(frame, SparkModels_TabularNetwork.SPEC, null, "label",
        null, false, null);
    NetworkFactory factory = NetworkFactory.of(SyncEquivalenceTest.TABULAR, DataType.FLOAT);
    Path checkpoint = dir.resolve("checkpoint");
    new SparkTrainer(LocalSpark.context(), factory, new SparkTrainer.Options(1, 16, 0.01, 7,
        SparkTrainer.Mode.SYNCHRONOUS, 1, checkpoint, null, List.of()),
        SyncEquivalenceTest.quiet()).fit(data);
    TrainingData fewer = TrainingData.of(frame.limit(30), SparkModels_TabularNetwork.SPEC, null,
        "label", null, false, null);

    WeightsException e = assertThrows(WeightsException.class, () -> new SparkTrainer(
        LocalSpark.context(), factory, new SparkTrainer.Options(2, 16, 0.01, 7,
            SparkTrainer.Mode.SYNCHRONOUS, 1, null, checkpoint, List.of()),
        SyncEquivalenceTest.quiet()).fit(fewer));
    assertTrue(e.getMessage().contains("trained on other data (40 samples"), e.getMessage());
  }
}
