package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.train.TrainerCli;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated trainer's command line: help, progress, and clear failures. */
class TrainerCliTest {
  @TempDir Path dir;

  @Test
  void helpListsEveryFlagWithTheModelsDefaults() {
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--help");

    assertEquals(0, run.status());
    for (String flag : new String[] {"--train", "--test", "--validation-split", "--epochs",
        "--batch-size", "--learning-rate", "--seed", "--label", "--standardize", "--help"}) {
      assertTrue(run.out().contains(flag), flag);
    }
    assertTrue(run.out().contains("(default 100)"), "Iris trains 100 epochs by default");
  }

  @Test
  void printsKerasLikeProgressAndTheTestLine() {
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new,
        "--train", "data/tabular/iris-train.csv", "--test", "data/tabular/iris-test.csv",
        "--epochs", "2", "--batch-size", "40");

    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("Epoch 1/2"), run.out());
    assertTrue(run.out().matches("(?s).*3/3 \\[=+\\] - \\d+s \\d+(us|ms)/step - loss: \\d\\.\\d{4}"
        + " - accuracy: \\d\\.\\d{4}.*"), run.out());
    assertTrue(run.out().matches("(?s).*\ntest loss: \\d+\\.\\d{4} - accuracy: \\d\\.\\d{4}\n"),
        run.out());
  }

  /**
   * The generated main takes a terminal for one (standard input and output both a terminal, here
   * a pseudo-terminal made by util-linux's {@code script}) and redraws the bar with its ETA; into
   * a file it prints plain lines ({@link CrashResumeTest} checks that child's log). A terminal
   * 120 columns wide has room for Keras' bar of 30.
   */
  @Test
  void mainDrawsTheBarWithItsEtaOnATerminal() throws Exception {
    String out = onATerminal("stty cols 120 rows 24 && ");
    assertTrue(out.contains("\r1/3 [==========>...................] - ETA: "), out);
    assertTrue(out.matches("(?s).*\r3/3 \\[=+\\] - \\d+s \\d+(us|ms)/step - loss: .*"), out);
  }

  /**
   * On a terminal 40 columns wide (set with {@code stty}, which the trainer asks when
   * {@code COLUMNS} is not set) no line reaches the last column, where it would wrap and leave a
   * line behind at every redrawing; the bar makes room.
   */
  @Test
  void mainFitsTheBarToTheTerminalsWidth() throws Exception {
    String out = onATerminal("stty cols 40 rows 24 && ");
    // the progress lines; the summary before them is printed once, and may wrap
    List<String> progress = Stream.of(out.split("[\r\n]"))
        .filter(line -> line.matches("\\d/3 .*|accuracy: .*")).toList();
    assertEquals(List.of(), progress.stream().filter(line -> line.length() > 39).toList(), out);
    assertTrue(out.contains("\r1/3 - ETA: "), out);
    assertTrue(out.matches("(?s).*\r3/3 - \\d+s \\d+(us|ms)/step - loss: \\d\\.\\d{4}\\s*\n"
        + "accuracy: \\d\\.\\d{4}\\s*\n.*"), out);
  }

  /**
   * What the Iris trainer prints for two epochs on a pseudo-terminal, after {@code setUp} (shell
   * commands ending in {@code &&}) ran on it.
   */
  private String onATerminal(String setUp) throws Exception {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(System.getProperty("os.name").startsWith("Linux") && Files.isExecutable(script),
        "needs util-linux's " + script + " for a pseudo-terminal");
    List<String> trainer = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path"),
        IrisTrainer.class.getName(), "--train", "data/tabular/iris-train.csv", "--epochs", "2",
        "--batch-size", "40");
    StringBuilder command = new StringBuilder(setUp);
    for (String arg : trainer) {
      command.append(" '").append(arg.replace("'", "'\\''")).append('\'');
    }
    Path log = dir.resolve("terminal.log");
    ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qec", command.toString(),
        "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("COLUMNS");
    Process child = builder.start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the trainer ends");

    String out = Files.readString(log);
    assertEquals(0, child.exitValue(), out);
    return out;
  }

  @Test
  void badDataIsOneClearErrorWithStatusTwo() throws IOException {
    Path csv = dir.resolve("broken.csv");
    Files.writeString(csv, "a,b,c,d,species\n1,2,3,4,setosa\n1,2,x,4,setosa\n");

    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--train", csv.toString());

    assertEquals(TrainerCli.BAD_INPUT, run.status());
    assertEquals("error: " + csv + ":3: column 'c' is not a number: 'x'\n", run.err());
  }

  @Test
  void unknownFlagIsAUsageError() {
    Trainers.Run run = Trainers.run(IrisNetwork.SPEC, IrisNetwork::new, "--epoch", "3");

    assertEquals(TrainerCli.BAD_INPUT, run.status());
    assertTrue(run.err().startsWith("error: unknown option: --epoch. Did you mean --epochs?\n"),
        run.err());
  }

  @Test
  void divergingRunStopsAndSaysSo() {
    Trainers.Run run = Trainers.run(DiabetesNetwork.SPEC, DiabetesNetwork::new,
        "--train", "data/tabular/diabetes-train.csv", "--learning-rate", "1e12", "--epochs", "50");

    assertEquals(TrainerCli.DIVERGED, run.status(), run.out());
    assertTrue(run.err().contains("training diverged in epoch"), run.err());
    assertTrue(run.err().contains("--learning-rate"), run.err());
    assertFalse(run.out().contains("test loss"));
  }
}
