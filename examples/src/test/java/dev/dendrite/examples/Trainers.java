package dev.dendrite.examples;

import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.train.TrainerCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a generated model's command-line trainer in this JVM and captures what it prints. */
final class Trainers {
  private static final Pattern TEST_LINE =
      Pattern.compile("test loss: ([0-9.]+) - (accuracy|mae): ([0-9.]+)");

  /** What a run printed and its exit status. */
  record Run(int status, String out, String err) {
    /** The metric of the final {@code test loss: ... - metric: ...} line. */
    double testMetric() {
      Matcher m = TEST_LINE.matcher(out);
      if (!m.find()) {
        throw new AssertionError("no test line in output:\n" + out + err);
      }
      return Double.parseDouble(m.group(3));
    }
  }

  private Trainers() {}

  static Run run(ModelSpec spec, LongFunction<Network> factory, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new TrainerCli(spec, factory, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args);
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }
}
