package dev.dendrite.examples;

import static dev.dendrite.examples.CleanErrors.assertCleanError;
import static dev.dendrite.examples.CleanErrors.assertUnchanged;
import static dev.dendrite.examples.CleanErrors.snapshot;
import static dev.dendrite.train.TrainerCli.BAD_INPUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.io.JsonChecksum;
import dev.dendrite.io.Safetensors;
import dev.dendrite.io.StrictJson;
import dev.dendrite.io.Weights;
import dev.dendrite.train.TrainerCli;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checkpoints: resuming reproduces the uninterrupted run; nothing is lost or overwritten. */
class CheckpointTest {
  /** BreastCancer has dropout, so its dropout stream must be restored as well. */
  static final List<String> RUN = List.of("--train", "data/tabular/breast_cancer-train.csv",
      "--standardize", "--validation-split", "0.2", "--reduce-lr-patience", "1",
      "--reduce-lr-factor", "0.5", "--early-stopping-patience", "3", "--restore-best-weights");

  @TempDir Path dir;

  static Trainers.Run cancer(List<String> base, String... more) {
    List<String> args = new ArrayList<>(base);
    args.addAll(Arrays.asList(more));
    Trainers.Run run = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        args.toArray(String[]::new));
    return run;
  }

  static void assertOk(Trainers.Run run) {
    assertEquals(0, run.status(), () -> run.err() + run.out());
  }

  static int checkpointEpoch(Path checkpoint) throws IOException {
    Matcher m = Pattern.compile("\"epoch\": (\\d+)")
        .matcher(Files.readString(checkpoint.resolve("checkpoint.json")));
    assertTrue(m.find());
    return Integer.parseInt(m.group(1));
  }

  @Test
  void resumingAfterAnyEpochReproducesTheUninterruptedRunBitForBit() throws IOException {
    Path reference = dir.resolve("reference.safetensors");
    Path referenceHistory = dir.resolve("reference.csv");
    assertOk(cancer(RUN, "--epochs", "6", "--save", reference.toString(), "--history-csv",
        referenceHistory.toString()));

    for (int stop : new int[] {1, 4}) {
      Path checkpoint = dir.resolve("ck" + stop);
      Path history = dir.resolve("h" + stop + ".csv");
      assertOk(cancer(RUN, "--epochs", String.valueOf(stop), "--checkpoint",
          checkpoint.toString(), "--history-csv", history.toString()));
      assertEquals(stop, checkpointEpoch(checkpoint));

      Path resumed = dir.resolve("resumed" + stop + ".safetensors");
      Trainers.Run run = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
          "--resume", checkpoint.toString(), "--epochs", "6", "--save", resumed.toString());
      assertOk(run);
      assertTrue(run.out().contains("Resuming from " + checkpoint + " after epoch " + stop),
          run.out());
      assertTrue(run.out().contains("Epoch " + (stop + 1) + "/6"), run.out());
      assertFalse(run.out().contains("Epoch " + stop + "/6"), run.out());

      assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(resumed),
          "weights after resuming at epoch " + stop);
      assertEquals(Files.readString(referenceHistory), Files.readString(history),
          "the history log continues as if never interrupted");
      assertEquals(6, checkpointEpoch(checkpoint), "checkpointing went on in the same place");
    }
  }

  /** A network's weights, optimizer state and step count, copied. */
  record Snapshot(Map<String, INDArray> weights, Map<String, INDArray> optimizer, long steps) {
    static Snapshot of(Network network) {
      return new Snapshot(copy(network.parameters()), copy(network.optimizerState()),
          network.optimizerSteps());
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
      Map<String, INDArray> copy = new LinkedHashMap<>();
      arrays.forEach((k, v) -> copy.put(k, v.dup()));
      return copy;
    }
  }

  /**
   * Wraps {@code real} so that {@code last[0]} holds its state after each training step: at the
   * end of an epoch, what the checkpoint of that epoch must hold.
   */
  static Network snapshotting(Network real, Snapshot[] last) {
    return (Network) Proxy.newProxyInstance(Network.class.getClassLoader(),
        new Class<?>[] {Network.class}, (proxy, method, args) -> {
          try {
            Object result = method.invoke(real, args);
            if (method.getName().equals("fit")) {
              last[0] = Snapshot.of(real);
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The checkpoint's files of {@code epoch} hold exactly {@code expected}'s values. */
  static void assertCheckpointHolds(Path checkpoint, int epoch, Snapshot expected)
      throws IOException {
    Network loaded = new BreastCancerNetwork(99);
    Weights.load(loaded, checkpoint.resolve("epoch-" + epoch + "-weights.safetensors"));
    assertSameValues(expected.weights(), loaded.parameters(), "weights");
    Safetensors.load(checkpoint.resolve("epoch-" + epoch + "-optimizer.safetensors"),
        loaded.optimizerState(), "the optimizer state");
    assertSameValues(expected.optimizer(), loaded.optimizerState(), "optimizer state");
    String index = Files.readString(checkpoint.resolve("checkpoint.json"));
    assertTrue(index.contains("\"optimizer_steps\": " + expected.steps() + ","), index);
  }

  static void assertSameValues(Map<String, INDArray> expected, Map<String, INDArray> actual,
      String what) {
    assertEquals(expected.keySet(), actual.keySet(), what);
    expected.forEach((name, value) -> assertArrayEquals(
        value.dup('c').reshape(value.length()).toFloatVector(),
        actual.get(name).dup('c').reshape(value.length()).toFloatVector(), what + " " + name));
  }

  @Test
  void aCheckpointHoldsOnlyTheCurrentEpochsFiles() throws IOException {
    Path checkpoint = dir.resolve("ck");
    Snapshot[] last = new Snapshot[1];
    Network[] trained = new Network[1];
    assertOk(Trainers.run(BreastCancerNetwork.SPEC,
        seed -> snapshotting(trained[0] = new BreastCancerNetwork(seed), last),
        with(RUN.toArray(String[]::new), "--epochs", "3", "--checkpoint", checkpoint.toString())));

    try (var files = Files.list(checkpoint)) {
      assertEquals(List.of("checkpoint.json", "checkpoint.lock", "epoch-3-best-weights.safetensors",
          "epoch-3-optimizer.safetensors", "epoch-3-weights.safetensors", "history.jsonl"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    String index = Files.readString(checkpoint.resolve("checkpoint.json"));
    for (String key : List.of("\"step\": \"completed\"", "\"optimizer_steps\": 69",
        "\"dropout_rng_state\"", "\"shuffle_rng_state\"", "\"learning_rate\"",
        "\"class_names\": [\"0\", \"1\"]", "\"mean\"", "\"std\"", "\"early_stopping\"",
        "\"reduce_lr_on_plateau\"", "\"history\"", "\"sha256\"")) {
      assertTrue(index.contains(key), key + " in " + index);
    }
    // plain safetensors files holding the state after the last step of epoch 3
    assertEquals(69, last[0].steps());
    assertCheckpointHolds(checkpoint, 3, last[0]);
    // and the best epoch's weights, which the run ended with (--restore-best-weights)
    Network best = new BreastCancerNetwork(99);
    Weights.load(best, checkpoint.resolve("epoch-3-best-weights.safetensors"));
    assertSameValues(trained[0].parameters(), best.parameters(), "best weights");
  }

  @Test
  void leftoversOfACrashedCheckpointWriteAreIgnoredThenRemoved() throws IOException {
    Path checkpoint = dir.resolve("ck");
    assertOk(cancer(RUN, "--epochs", "2", "--checkpoint", checkpoint.toString()));
    // a crash while writing epoch 3: its weights complete, its optimizer state half written
    Files.writeString(checkpoint.resolve("epoch-3-weights.safetensors"), "not committed");
    Files.writeString(checkpoint.resolve(".epoch-3-optimizer.safetensors.77-1-0.tmp"), "half");
    Files.writeString(checkpoint.resolve(".checkpoint.json.77-2-0.tmp"), "{");
    Files.writeString(checkpoint.resolve("notes.txt"), "the user's own file");
    Path history = checkpoint.resolve("history.jsonl");
    String committed = Files.readString(history);
    Files.writeString(history, committed + "{\"epoch\": 2, \"loss\": 0.5, \"accura");

    Snapshot[] last = new Snapshot[1];
    assertOk(Trainers.run(BreastCancerNetwork.SPEC,
        seed -> snapshotting(new BreastCancerNetwork(seed), last),
        "--resume", checkpoint.toString(), "--epochs", "3"));

    try (var files = Files.list(checkpoint)) {
      assertEquals(List.of("checkpoint.json", "checkpoint.lock", "epoch-3-best-weights.safetensors",
          "epoch-3-optimizer.safetensors", "epoch-3-weights.safetensors", "history.jsonl",
          "notes.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertCheckpointHolds(checkpoint, 3, last[0]);
    List<String> rows = Files.readAllLines(history);
    assertEquals(3, rows.size(), "the uncommitted row was cut off: " + rows);
    assertTrue(Files.readString(history).startsWith(committed));
  }

  @Test
  void anExistingCheckpointIsNeverOverwrittenByAnotherRun() throws IOException {
    Path checkpoint = dir.resolve("ck");
    assertOk(cancer(RUN, "--epochs", "1", "--checkpoint", checkpoint.toString()));
    Map<Path, byte[]> before = snapshot(checkpoint);

    Trainers.Run run = cancer(RUN, "--epochs", "1", "--checkpoint", checkpoint.toString());

    assertEquals(BAD_INPUT, run.status());
    assertTrue(run.err().startsWith("error: --checkpoint " + checkpoint + " already holds a "
        + "checkpoint; continue it with --resume " + checkpoint), run.err());
    assertUnchanged(before, checkpoint);
  }

  @Test
  void resumingRefusesSettingsThatChangeTheCourseOfTraining() throws IOException {
    Path checkpoint = dir.resolve("ck");
    assertOk(cancer(RUN, "--epochs", "1", "--checkpoint", checkpoint.toString()));
    Map<Path, byte[]> before = snapshot(checkpoint);

    Trainers.Run run = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--resume", checkpoint.toString(), "--batch-size", "8");

    assertEquals(BAD_INPUT, run.status());
    assertTrue(run.err().startsWith("error: --batch-size differs from the checkpoint's: it was "
        + "16, now 8."), run.err());
    assertUnchanged(before, checkpoint);
  }

  @Test
  void resumingOnOtherDataIsRefused() throws IOException {
    Path checkpoint = dir.resolve("ck");
    assertOk(cancer(RUN, "--epochs", "1", "--checkpoint", checkpoint.toString()));
    Path changed = dir.resolve("changed.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(
        Path.of("data/tabular/breast_cancer-train.csv")));
    lines.set(5, lines.get(5).replaceFirst("^[^,]+", "99"));
    Files.write(changed, lines);

    Trainers.Run run = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--resume", checkpoint.toString(), "--train", changed.toString());

    assertCleanError(run, BAD_INPUT, checkpoint.resolve("checkpoint.json"),
        "the checkpoint was trained on other data", "resume with the same --train file");
  }

  @Test
  void bestOnlyCheckpointsKeepTheBestEpochWhichRestoreBestWeightsEndsWith()
      throws IOException {
    Path checkpoint = dir.resolve("best");
    Path history = dir.resolve("h.csv");
    Path saved = dir.resolve("final.safetensors");
    assertOk(cancer(List.of("--train", "data/tabular/breast_cancer-train.csv", "--standardize",
        "--validation-split", "0.2", "--learning-rate", "0.05", "--epochs", "8",
        "--checkpoint", checkpoint.toString(), "--checkpoint-best-only",
        "--early-stopping-patience", "8", "--restore-best-weights"),
        "--history-csv", history.toString(), "--save", saved.toString()));

    List<String> rows = Files.readAllLines(history).subList(1, 9);
    int best = 0;
    for (int e = 1; e < rows.size(); e++) {
      if (valLoss(rows.get(e)) < valLoss(rows.get(best))) {
        best = e;
      }
    }
    assertTrue(best < 7, "the run should pass its best epoch: " + rows);
    assertEquals(best + 1, checkpointEpoch(checkpoint), "the checkpoint is the best epoch's");
    assertArrayEquals(Files.readAllBytes(checkpoint.resolve("epoch-" + (best + 1)
        + "-weights.safetensors")), Files.readAllBytes(saved),
        "the saved weights are the best epoch's, restored");
  }

  private static double valLoss(String row) {
    return Double.parseDouble(row.split(",")[3]);
  }

  @Test
  void aRunThatStoppedEarlyResumesToItsEnd() throws IOException {
    Path checkpoint = dir.resolve("ck");
    Path first = dir.resolve("first.safetensors");
    // no later epoch improves by 10: patience 0 stops after the second epoch
    List<String> run = List.of("--train", "data/tabular/breast_cancer-train.csv",
        "--standardize", "--epochs", "5", "--early-stopping-monitor", "loss",
        "--early-stopping-min-delta", "10", "--restore-best-weights");
    Trainers.Run stopped = cancer(run, "--checkpoint", checkpoint.toString(), "--save",
        first.toString());
    assertOk(stopped);
    assertTrue(stopped.out().contains("Epoch 2: early stopping"), stopped.out());
    assertTrue(stopped.out().contains("Restoring model weights from the end of the best epoch: "
        + "1."), stopped.out());

    Path again = dir.resolve("again.safetensors");
    Trainers.Run resumed = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--resume", checkpoint.toString(), "--save", again.toString());

    assertOk(resumed);
    assertTrue(resumed.out().contains("(training had stopped early)"), resumed.out());
    assertFalse(resumed.out().contains("Epoch 3/5"), resumed.out());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));
  }

  /** A network that behaves like {@code real} except that training step {@code nanAt} is NaN. */
  static Network failingAt(Network real, int nanAt) {
    int[] steps = {0};
    return (Network) Proxy.newProxyInstance(Network.class.getClassLoader(),
        new Class<?>[] {Network.class}, (proxy, method, args) -> {
          if (method.getName().equals("fit") && ++steps[0] == nanAt) {
            method.invoke(real, args);
            return Double.NaN;
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aDivergedRunSaysWhereAndKeepsTheLastGoodCheckpoint() throws IOException {
    Path checkpoint = dir.resolve("ck");
    Path save = dir.resolve("final.safetensors");
    Path history = dir.resolve("h.csv");
    // Iris: 120 samples in batches of 16 are 8 steps an epoch; step 19 is epoch 3, batch 3
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, seed -> failingAt(new IrisNetwork(seed),
        19), "--train", "data/tabular/iris-train.csv", "--epochs", "5", "--checkpoint",
        checkpoint.toString(), "--save", save.toString(), "--history-csv", history.toString());

    assertEquals(TrainerCli.DIVERGED, run.status());
    assertEquals("error: training diverged in epoch 3, batch 3 of 8: the loss is NaN. Lower the "
        + "learning rate (--learning-rate, now 0.01) or standardize the features (--standardize)."
        + " The last good checkpoint (epoch 2) is kept in " + checkpoint + ". " + save
        + " was not written.\n", run.err());
    assertEquals(2, checkpointEpoch(checkpoint));
    assertFalse(Files.exists(save));
    assertEquals(3, Files.readAllLines(history).size(), "the header and two epochs");

    Trainers.Run resumed = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--resume", checkpoint.toString());
    assertOk(resumed);
    assertTrue(resumed.out().contains("Epoch 3/5"), resumed.out());
  }

  /** A run that diverges before its first checkpoint leaves no (empty) checkpoint folder. */
  @Test
  void aRunDivergedBeforeItsFirstCheckpointLeavesNoCheckpointFolder() throws IOException {
    Path checkpoint = dir.resolve("new/ck");
    // step 3 is epoch 1, batch 3
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, seed -> failingAt(new IrisNetwork(seed),
        3), "--train", "data/tabular/iris-train.csv", "--epochs", "5", "--checkpoint",
        checkpoint.toString());

    assertEquals(TrainerCli.DIVERGED, run.status());
    assertTrue(run.err().contains("No checkpoint was written."), run.err());
    assertFalse(Files.exists(checkpoint), "the checkpoint folder");
    assertFalse(Files.exists(checkpoint.getParent()), "its missing parent folder");
  }

  /**
   * Under a cosine-decay schedule the learning rate is a function of the step, so a run broken
   * off mid-epoch and resumed from its last checkpoint ends with the uninterrupted run's weights.
   */
  @Test
  void aResumedRunFollowsTheSameLearningRateSchedule() throws IOException {
    ModelSpec s = IrisNetwork.SPEC;
    ModelSpec cosine = new ModelSpec(s.name(), s.inputShape(), s.outputs(), s.loss(),
        s.optimizer(), s.learningRate(), s.batchSize(), s.epochs(), s.seed(), s.parameters(),
        LearningRateSchedule.COSINE_DECAY);
    String[] args = {"--train", "data/tabular/iris-train.csv", "--epochs", "5"};
    Path reference = dir.resolve("reference.safetensors");
    assertOk(Trainers.run(cosine, IrisNetwork::new, with(args, "--save", reference.toString())));

    Path checkpoint = dir.resolve("ck");
    Trainers.Run broken = Trainers.run(cosine, seed -> failingAt(new IrisNetwork(seed), 27),
        with(args, "--checkpoint", checkpoint.toString()));
    assertEquals(TrainerCli.DIVERGED, broken.status());
    assertEquals(3, checkpointEpoch(checkpoint));
    assertTrue(broken.out().contains("learning rate 0.01 with cosine decay to 0"), broken.out());

    Path resumed = dir.resolve("resumed.safetensors");
    assertOk(Trainers.run(cosine, IrisNetwork::new, "--resume", checkpoint.toString(),
        "--save", resumed.toString()));
    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(resumed));

    Path constant = dir.resolve("constant.safetensors");
    assertOk(Trainers.run(s, IrisNetwork::new, with(args, "--save", constant.toString())));
    assertFalse(Arrays.equals(Files.readAllBytes(reference), Files.readAllBytes(constant)),
        "the schedule changed the course of training");
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(Arrays.asList(more));
    return all.toArray(String[]::new);
  }

  // ---- corrupt checkpoints ----

  private Path checkpoint() {
    Path checkpoint = dir.resolve("ck");
    assertOk(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--train",
        "data/tabular/iris-train.csv", "--epochs", "2", "--checkpoint", checkpoint.toString()));
    return checkpoint;
  }

  private void badResume(Path checkpoint, Path named, String... fragments) {
    badResumeOf(IrisNetwork.SPEC, IrisNetwork::new, checkpoint, named, fragments);
  }

  private void badResumeOf(ModelSpec spec, LongFunction<Network> factory, Path checkpoint,
      Path named, String... fragments) {
    Map<Path, byte[]> before = snapshot(checkpoint);
    Trainers.Run run = Trainers.run(spec, factory,
        "--resume", checkpoint.toString(), "--epochs", "3");
    assertCleanError(run, BAD_INPUT, named, fragments);
    assertUnchanged(before, checkpoint);
  }

  @Test
  void resumeFromNothing() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    badResume(empty, empty, "holds no checkpoint (checkpoint.json is missing)");
    Path none = dir.resolve("none");
    badResume(none, none, "no such checkpoint directory");
  }

  @Test
  void resumeWithTruncatedWeights() throws IOException {
    Path checkpoint = checkpoint();
    Path weights = checkpoint.resolve("epoch-2-weights.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(bytes, bytes.length - 1));
    badResume(checkpoint, weights, "the file is truncated");
  }

  @Test
  void resumeWithAHeaderOverflowingTheOptimizerFile() throws IOException {
    Path checkpoint = checkpoint();
    Path optimizer = checkpoint.resolve("epoch-2-optimizer.safetensors");
    byte[] bytes = Files.readAllBytes(optimizer);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    Files.write(optimizer, bytes);
    badResume(checkpoint, optimizer, "the header length 1099511627776 is larger than the rest "
        + "of the file");
  }

  @Test
  void resumeWithWrongShapes() throws IOException {
    Path checkpoint = checkpoint();
    Path optimizer = checkpoint.resolve("epoch-2-optimizer.safetensors");
    String text = Files.readString(optimizer, StandardCharsets.ISO_8859_1)
        .replace("\"hidden.kernel.moment1\":{\"dtype\":\"F32\",\"shape\":[4,16]",
            "\"hidden.kernel.moment1\":{\"dtype\":\"F32\",\"shape\":[16,4]");
    Files.writeString(optimizer, text, StandardCharsets.ISO_8859_1);
    badResume(checkpoint, optimizer, "tensor 'hidden.kernel.moment1' has shape [16, 4] but the "
        + "optimizer state of the model Iris expects [4, 16]");
  }

  @Test
  void resumeWithWrongDtype() throws IOException {
    Path checkpoint = checkpoint();
    Path weights = checkpoint.resolve("epoch-2-weights.safetensors");
    String text = Files.readString(weights, StandardCharsets.ISO_8859_1)
        .replace("{\"dtype\":\"F32\",\"shape\":[16]", "{\"dtype\":\"I32\",\"shape\":[16]");
    Files.writeString(weights, text, StandardCharsets.ISO_8859_1);
    badResume(checkpoint, weights, "tensor 'hidden.bias' has dtype I32");
  }

  @Test
  void resumeWithGarbage() throws IOException {
    Path checkpoint = checkpoint();
    Path weights = checkpoint.resolve("epoch-2-weights.safetensors");
    byte[] junk = new byte[Math.toIntExact(Files.size(weights))];
    new Random(3).nextBytes(junk);
    Files.write(weights, junk);
    badResume(checkpoint, weights, "not a safetensors file");
  }

  @Test
  void resumeWithAReplacedTensorFile() throws IOException {
    Path checkpoint = checkpoint();
    Path weights = checkpoint.resolve("epoch-2-weights.safetensors");
    Weights.save(new IrisNetwork(99), weights);
    badResume(checkpoint, weights, "differs from the", "recorded in checkpoint.json: the file is "
        + "corrupt or was replaced");
  }

  @Test
  void resumeWithAMissingTensorFile() throws IOException {
    Path checkpoint = checkpoint();
    Path optimizer = checkpoint.resolve("epoch-2-optimizer.safetensors");
    Files.delete(optimizer);
    badResume(checkpoint, optimizer, "no such file");
  }

  @Test
  void resumeWithACorruptIndex() throws IOException {
    Path checkpoint = checkpoint();
    Path index = checkpoint.resolve("checkpoint.json");
    String json = Files.readString(index);
    Files.writeString(index, json.substring(0, json.length() / 2));
    badResume(checkpoint, index, "is not valid JSON");
    // the checksum finds any edit first; resealed, every field is still checked
    Files.writeString(index, json.replace("\"epoch\": 2", "\"epoch\": \"two\""));
    badResume(checkpoint, index, "its content does not match its checksum: the file was edited "
        + "or corrupted");
    Files.writeString(index, resealed(json.replace("\"epoch\": 2", "\"epoch\": \"two\"")));
    badResume(checkpoint, index, "epoch must be an integer");
    Files.writeString(index, resealed(json.replace("\"file\": \"epoch-2-weights.safetensors\"",
        "\"file\": \"../../etc/passwd\"")));
    badResume(checkpoint, index, "weights.file must name a tensor file of this directory");
    Files.writeString(index, resealed(json.replace("\"file\": \"epoch-2-weights.safetensors\"",
        "\"file\": \"\\u001b[2J" + "x".repeat(100_000) + "\"")));
    badResume(checkpoint, index, "weights.file must name a tensor file of this directory like "
        + "epoch-3-weights.safetensors, found \"\\u001b[2J" + "x".repeat(56)
        + "... (100004 characters)\"; the checkpoint is corrupt");
    Files.writeString(index, resealed(json.replaceFirst("\"shuffle_rng_state\": -?\\d+",
        "\"shuffle_rng_state\": 12")));
    badResume(checkpoint, index, "shuffle_rng_state 12 is not where 2 epochs of shuffling");
  }

  /** {@code json} with its checksum made to match its (edited) content. */
  static String resealed(String json) {
    try {
      return JsonChecksum.seal((ObjectNode) StrictJson.parse(json));
    } catch (StrictJson.SyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEditedIndexIsRefusedNamingTheFile() throws IOException {
    Path checkpoint = checkpoint();
    Path index = checkpoint.resolve("checkpoint.json");
    String json = Files.readString(index);
    // 2 epochs of 8 steps
    assertTrue(json.contains("\"optimizer_steps\": 16,"), json);
    Files.writeString(index, json.replace("\"optimizer_steps\": 16,", "\"optimizer_steps\": 5,"));
    badResume(checkpoint, index, "its content does not match its checksum: the file was edited "
        + "or corrupted after it was written");
    Files.writeString(index, json.replace("\"version\": 2", "\"version\": 1"));
    badResume(checkpoint, index, "has version 1; this Dendrite reads version 2");
    Files.writeString(index, json.replaceFirst(",\n  \"checksum\": \"sha256:[0-9a-f]+\"", ""));
    badResume(checkpoint, index, "has no checksum; the checkpoint is corrupt");
    // reformatted, the same content: accepted
    Files.writeString(index, json.replace("\n  ", "\n    "));
    assertOk(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--resume", checkpoint.toString(),
        "--epochs", "3"));
  }

  @Test
  void anEditedStandardizationIsRefused() throws IOException {
    Path checkpoint = dir.resolve("ck");
    assertOk(cancer(RUN, "--epochs", "1", "--checkpoint", checkpoint.toString()));
    Path index = checkpoint.resolve("checkpoint.json");
    String json = Files.readString(index);
    Matcher mean = Pattern.compile("\"mean\": \\[(-?[0-9.E-]+)").matcher(json);
    assertTrue(mean.find(), json);
    float first = Float.parseFloat(mean.group(1));
    Files.writeString(index, json.substring(0, mean.start(1)) + first * 10
        + json.substring(mean.end(1)));

    badResumeOf(BreastCancerNetwork.SPEC, BreastCancerNetwork::new, checkpoint, index,
        "its content does not match its checksum");
  }

  @Test
  void anEditedHistoryIsRefused() throws IOException {
    Path checkpoint = checkpoint();
    Path history = checkpoint.resolve("history.jsonl");
    Files.writeString(history, Files.readString(history).replaceFirst("\"loss\":[0-9]",
        "\"loss\":9"));
    badResume(checkpoint, history, "the file was edited or corrupted");
    Files.writeString(history, "");
    badResume(checkpoint, history, "fewer than the");
  }

  /** checkpoint.json keeps one size however many epochs the run has: the history is beside it. */
  @Test
  void theIndexDoesNotGrowWithTheHistory() throws IOException {
    Path few = dir.resolve("few");
    Path many = dir.resolve("many");
    for (Path ck : List.of(few, many)) {
      assertOk(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--train",
          "data/tabular/iris-train.csv", "--epochs", ck == few ? "2" : "60", "--checkpoint",
          ck.toString()));
    }
    long small = Files.size(few.resolve("checkpoint.json"));
    long large = Files.size(many.resolve("checkpoint.json"));
    assertTrue(Math.abs(large - small) < 64, small + " bytes after 2 epochs, " + large
        + " after 60");
    assertEquals(60, Files.readAllLines(many.resolve("history.jsonl")).size());
    // and the resumed run's history carries all 60 epochs
    Path csv = dir.resolve("h.csv");
    assertOk(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--resume", many.toString(),
        "--epochs", "61", "--history-csv", csv.toString()));
    assertEquals(1 + 61, Files.readAllLines(csv).size());
  }

  /**
   * A --checkpoint folder that did not exist when the run started is locked when its first
   * checkpoint creates it; another run that took it meanwhile is named and nothing of it is
   * overwritten.
   */
  @Test
  void aNewCheckpointFolderTakenByAnotherRunMeanwhileIsNotOverwritten() throws IOException {
    Path checkpoint = dir.resolve("new/ck");
    FileChannel[] other = new FileChannel[1];
    try {
      Trainers.Run run = Trainers.run(IrisNetwork.SPEC, seed -> {
        // the other run starts on the folder after this one checked it
        try {
          Files.createDirectories(checkpoint);
          other[0] = FileChannel.open(checkpoint.resolve("checkpoint.lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          other[0].lock();
          other[0].write(ByteBuffer.wrap(("{\"pid\": 4242, \"started\": "
              + "\"2026-01-02T03:04:05Z\", \"command\": \"IrisTrainer --epochs 9\"}")
              .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return new IrisNetwork(seed);
      }, "--train", "data/tabular/iris-train.csv", "--epochs", "2", "--checkpoint",
          checkpoint.toString());

      assertEquals(TrainerCli.CANNOT_WRITE, run.status(), run.out());
      assertTrue(run.err().startsWith("error: cannot write the checkpoint of epoch 1: --checkpoint "
          + checkpoint + " is in use by another run (pid 4242, started at 2026-01-02T03:04:05Z: "
          + "IrisTrainer --epochs 9)"), run.err());
      try (var files = Files.list(checkpoint)) {
        assertEquals(List.of("checkpoint.lock"), files.map(p -> p.getFileName().toString())
            .toList());
      }
    } finally {
      if (other[0] != null) {
        other[0].close();
      }
    }
  }

  /** A checkpoint in a folder this run cannot write is read without a lock, into another one. */
  @Test
  void aReadOnlyCheckpointResumesIntoAnotherDirectory() throws IOException {
    Path checkpoint = checkpoint();
    Files.delete(checkpoint.resolve("checkpoint.lock"));
    try {
      Files.setPosixFilePermissions(checkpoint, PosixFilePermissions.fromString("r-xr-xr-x"));
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("no POSIX permissions");
    }
    try {
      Assumptions.assumeFalse(Files.isWritable(checkpoint), "permissions do not bind (root)");
      Path next = dir.resolve("next");
      assertOk(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--resume",
          checkpoint.toString(), "--epochs", "3", "--checkpoint", next.toString()));
      assertEquals(3, checkpointEpoch(next));
      assertEquals(3, Files.readAllLines(next.resolve("history.jsonl")).size());
    } finally {
      Files.setPosixFilePermissions(checkpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** The recorded data path is absolute: a resume started in another folder finds the file. */
  @Test
  void aResumeStartedInAnotherFolderFindsTheRecordedData() throws Exception {
    Path checkpoint = checkpoint();
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), IrisTrainer.class.getName(),
        "--resume", checkpoint.toAbsolutePath().toString(), "--epochs", "3")
        .directory(elsewhere.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    assertTrue(child.waitFor(300, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), Files.readString(log));
    assertTrue(Files.readString(log).contains("Epoch 3/3"), Files.readString(log));
  }

  /** A recorded data path that names no file any more says where it came from and what to do. */
  @Test
  void aMissingRecordedDataPathSaysItCameFromTheCheckpoint() throws IOException {
    Path data = Files.copy(Path.of("data/tabular/iris-train.csv"), dir.resolve("iris.csv"));
    Path checkpoint = dir.resolve("ck");
    assertOk(Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--train", data.toString(),
        "--epochs", "2", "--checkpoint", checkpoint.toString()));
    Path moved = Files.move(data, dir.resolve("moved.csv"));

    badResume(checkpoint, data.toAbsolutePath(), "no such file; the path is the --train that "
        + checkpoint.resolve("checkpoint.json") + " recorded; give --train FILE to name the file "
        + "again");
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--resume",
        checkpoint.toString(), "--epochs", "3", "--train", moved.toString());
    assertOk(run);
  }

  @Test
  void resumeWithACheckpointOfAnotherModel() throws IOException {
    Path checkpoint = checkpoint();
    Map<Path, byte[]> before = snapshot(checkpoint);
    Trainers.Run run = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--resume", checkpoint.toString());
    assertCleanError(run, BAD_INPUT, checkpoint.resolve("checkpoint.json"),
        "is a checkpoint of the model Iris, not BreastCancer");
    assertUnchanged(before, checkpoint);
  }
}
