package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint and callback flags of the trainer. */
class TrainerFlagsTest {
  static final ModelSpec SPEC = new ModelSpec("Net", List.of(4), 3,
      Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, 0.001, 16, 5, 42, 10);

  static TrainerOptions parse(String... args) {
    return TrainerOptions.parse(args, SPEC);
  }

  static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
  }

  @Test
  void callbacksAreOffByDefault() {
    TrainerOptions o = parse("--train", "a.csv");
    assertNull(o.earlyStopping());
    assertNull(o.reduceLr());
    assertFalse(o.checkpointBestOnly());
    assertNull(o.save());
    assertNull(o.checkpoint());
  }

  @Test
  void earlyStoppingHasKerasDefaults() {
    TrainerOptions o = parse("--train", "a", "--validation-split", "0.2",
        "--early-stopping-patience", "3");
    assertEquals(new TrainerOptions.EarlyStoppingOptions(
        new Monitor("val_loss", false), 3, 0, false), o.earlyStopping());
    TrainerOptions restore = parse("--train", "a", "--validation-split", "0.2",
        "--restore-best-weights");
    assertEquals(0, restore.earlyStopping().patience());
    assertTrue(restore.earlyStopping().restoreBestWeights());
  }

  @Test
  void theDefaultMonitorNeedsValidationData() {
    assertEquals("--early-stopping-monitor (default) val_loss needs validation data: give "
        + "--validation-split F, or monitor loss", error("--train", "a",
            "--early-stopping-patience", "3"));
    TrainerOptions o = parse("--train", "a", "--early-stopping-monitor", "accuracy",
        "--early-stopping-min-delta", "0.01");
    assertEquals(new Monitor("accuracy", true), o.earlyStopping().monitor());
    assertEquals(0.01, o.earlyStopping().minDelta());
  }

  @Test
  void reduceLrHasKerasDefaults() {
    TrainerOptions o = parse("--train", "a", "--reduce-lr-monitor", "loss");
    assertEquals(new TrainerOptions.ReduceLrOptions(new Monitor("loss", false), 10, 0.1, 1e-4, 0,
        0), o.reduceLr());
    TrainerOptions all = parse("--train", "a", "--reduce-lr-monitor", "loss",
        "--reduce-lr-patience", "2", "--reduce-lr-factor", "0.5", "--reduce-lr-min-delta", "0",
        "--reduce-lr-cooldown", "1", "--reduce-lr-min-lr", "1e-5");
    assertEquals(new TrainerOptions.ReduceLrOptions(new Monitor("loss", false), 2, 0.5, 0, 1,
        1e-5), all.reduceLr());
  }

  @Test
  void aLearningRateScheduleRefusesReduceLrOnPlateau() {
    ModelSpec cosine = new ModelSpec("Net", List.of(4), 3, Loss.CATEGORICAL_CROSSENTROPY,
        Optimizer.ADAM, 0.001, 16, 5, 42, 10, dev.dendrite.LearningRateSchedule.COSINE_DECAY);
    String message = assertThrows(IllegalArgumentException.class, () -> TrainerOptions.parse(
        new String[] {"--train", "a", "--reduce-lr-patience", "2"}, cosine)).getMessage();
    assertTrue(message.contains("Net's learningRateSchedule COSINE_DECAY"), message);
    assertNull(TrainerOptions.parse(new String[] {"--train", "a"}, cosine).reduceLr());
  }

  @Test
  void badCallbackValues() {
    assertTrue(error("--train", "a", "--reduce-lr-factor", "1").contains("must be in (0, 1)"));
    assertTrue(error("--train", "a", "--reduce-lr-factor", "0").contains("must be in (0, 1)"));
    assertTrue(error("--train", "a", "--early-stopping-patience", "-1").contains("at least 0"));
    assertTrue(error("--train", "a", "--early-stopping-min-delta", "-0.1")
        .contains("non-negative"));
    assertTrue(error("--train", "a", "--reduce-lr-min-lr", "x").contains("expects a number"));
    assertTrue(error("--train", "a", "--restore-best-weights=true").contains("takes no value"));
    assertTrue(error("--train", "a", "--early-stopping-monitor", "val_mae",
        "--validation-split", "0.1").contains("must be one of loss, accuracy, val_loss, "
            + "val_accuracy"));
  }

  @Test
  void checkpointFlags() {
    TrainerOptions o = parse("--train", "a", "--checkpoint", "ck", "--checkpoint-best-only",
        "--checkpoint-monitor", "loss", "--save", "w.safetensors", "--history-csv", "h.csv");
    assertEquals(Path.of("ck"), o.checkpoint());
    assertEquals(new Monitor("loss", false), o.checkpointMonitor());
    assertEquals(Path.of("w.safetensors"), o.save());
    assertEquals(Path.of("h.csv"), o.historyCsv());
    assertEquals("--checkpoint-best-only needs --checkpoint DIR",
        error("--train", "a", "--checkpoint-best-only"));
    assertTrue(error("--train", "a", "--checkpoint", "ck", "--checkpoint-monitor", "loss")
        .startsWith("--checkpoint-monitor needs --checkpoint-best-only"));
    assertTrue(error("--train", "a", "--checkpoint", "ck", "--checkpoint-best-only")
        .contains("val_loss needs validation data"));
  }

  @Test
  void aRepeatedFlagIsRefusedButAResumeMayOverrideTheRecordedOnes() {
    assertEquals("--save given twice (a, then b); give it once", error("--save", "a", "--seed",
        "3", "--save=b", "--train", "x", "--resume", "ck"));
    TrainerOptions o = parse("--seed", "3", "--early-stopping-monitor", "loss",
        "--save=b", "--train", "x", "--early-stopping-patience", "2", "--resume", "ck");
    assertEquals(Path.of("b"), o.save());
    assertEquals(3, o.seed());
    assertEquals(Path.of("ck"), o.resume());
    assertEquals(List.of("--seed", "3", "--early-stopping-monitor", "loss",
        "--save=" + absolute("b"), "--train", absolute("x"), "--early-stopping-patience", "2"),
        o.arguments());
  }

  @Test
  void loadAndResume() {
    assertEquals(Path.of("w"), parse("--train", "a", "--load", "w").load());
    assertTrue(error("--train", "a", "--load", "w", "--resume", "d")
        .startsWith("--load and --resume exclude each other"));
    TrainerOptions evaluate = parse("--load", "w", "--epochs", "0", "--test", "t");
    assertNull(evaluate.train());
    assertTrue(error("--load", "w", "--test", "t").contains("--epochs 0"));
    assertTrue(error("--load", "w", "--epochs", "0").startsWith("nothing to do"));
    assertNull(parse("--resume", "d").train(), "the checkpoint supplies the rest");
  }

  @Test
  void reportFlag(@TempDir Path dir) throws IOException {
    assertEquals(dir.resolve("r"), parse("--train", "a.csv", "--report",
        dir.resolve("r").toString(), "--epochs", "2").report());
    TrainerOptions joined = parse("--report=" + dir, "--standardize", "--train", "a.csv");
    assertEquals(dir, joined.report());
    assertEquals(List.of("--standardize", "--train", absolute("a.csv")), joined.arguments(),
        "a checkpoint does not record where the report goes");
    assertNull(parse("--train", "a.csv").report());
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertEquals("--report needs a value", error("--train", "a.csv", "--report"));
    assertEquals("--report " + file + " is a file, not a directory",
        error("--train", "a.csv", "--report", file.toString()));
    assertTrue(error("--train", "a.csv", "--report", "a", "--report=b").contains("given twice"));
  }

  @Test
  void theRecordedArgumentsLeaveOutWhereCheckpointsAreReadAndWritten() {
    TrainerOptions o = parse("--train", "a", "--checkpoint", "ck", "--load=w", "--epochs", "3",
        "--standardize");
    assertEquals(List.of("--train", absolute("a"), "--epochs", "3", "--standardize"),
        o.arguments());
  }

  /** A run resumed from another folder finds the same files. */
  @Test
  void theRecordedPathsAreAbsoluteAndNormalized() {
    TrainerOptions o = parse("--train", "data/../a.csv", "--test=t.csv", "--history-csv",
        "out/h.csv", "--save", "/tmp/x/../w.safetensors", "--label", "y");
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals(List.of("--train", cwd.resolve("a.csv").toString(),
        "--test=" + cwd.resolve("t.csv"), "--history-csv", cwd.resolve("out/h.csv").toString(),
        "--save", "/tmp/w.safetensors", "--label", "y"), o.arguments());
  }

  private static String absolute(String path) {
    return Path.of(path).toAbsolutePath().toString();
  }

  @Test
  void resumingRepeatsTheRecordedSettingsAndMayTrainLonger() {
    List<String> recorded = List.of("--train", "a", "--epochs", "3", "--seed", "5",
        "--batch-size", "8");
    TrainerOptions o = TrainerOptions.resume(recorded,
        new String[] {"--resume", "ck", "--epochs", "6"}, SPEC);
    assertEquals(6, o.epochs());
    assertEquals(5, o.seed());
    assertEquals(8, o.batchSize());
    assertEquals(Path.of("a"), o.train());
    assertEquals(Path.of("ck"), o.checkpoint(), "goes on checkpointing where it resumed from");
    assertEquals(Path.of("elsewhere"), TrainerOptions.resume(recorded,
        new String[] {"--resume", "ck", "--checkpoint", "elsewhere"}, SPEC).checkpoint());
  }

  @Test
  void resumingRefusesToChangeTheCourseOfTraining() {
    List<String> recorded = List.of("--train", "a", "--seed", "5", "--validation-split", "0.2",
        "--early-stopping-patience", "2");
    IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
        () -> TrainerOptions.resume(recorded, new String[] {"--resume", "d", "--seed", "6"},
            SPEC));
    assertTrue(seed.getMessage().startsWith("--seed differs from the checkpoint's: it was 5, "
        + "now 6."), seed.getMessage());
    IllegalArgumentException es = assertThrows(IllegalArgumentException.class,
        () -> TrainerOptions.resume(recorded,
            new String[] {"--resume", "d", "--early-stopping-patience", "4"}, SPEC));
    assertTrue(es.getMessage().contains("it was monitor val_loss, patience 2"), es.getMessage());
    IllegalArgumentException added = assertThrows(IllegalArgumentException.class,
        () -> TrainerOptions.resume(recorded,
            new String[] {"--resume", "d", "--reduce-lr-monitor", "loss"}, SPEC));
    assertTrue(added.getMessage().startsWith("--reduce-lr-* differs from the checkpoint's: it "
        + "was off"), added.getMessage());
  }

  @Test
  void usageListsEveryFlag() {
    String usage = TrainerOptions.usage(SPEC);
    for (String flag : List.of("--save", "--load", "--checkpoint", "--resume",
        "--checkpoint-best-only", "--checkpoint-monitor", "--early-stopping-patience",
        "--early-stopping-monitor", "--early-stopping-min-delta", "--restore-best-weights",
        "--reduce-lr-patience", "--reduce-lr-factor", "--reduce-lr-monitor",
        "--reduce-lr-min-delta", "--reduce-lr-cooldown", "--reduce-lr-min-lr",
        "--history-csv")) {
      assertTrue(usage.contains(flag), flag);
    }
    assertTrue(usage.contains("Q is loss, accuracy, val_loss or val_accuracy"), usage);
  }
}
