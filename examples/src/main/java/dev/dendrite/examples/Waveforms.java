package dev.dendrite.examples;

import dev.dendrite.runtime.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Noisy waveform series for {@link SeriesClassifier}, generated deterministically from a seed:
 * each of 128 steps, one of three shapes (sine, square, sawtooth) with a random frequency (1.5
 * to 6 periods per series), phase, amplitude (0.5 to 1.5) and Gaussian-like noise (sd 0.3).
 *
 * <p>{@code main [DIR]} writes {@code waveforms-train.csv} (3,000 series) and
 * {@code waveforms-test.csv} (600) to DIR (default {@code target/waveforms}), then trains the
 * classifier on them with its generated trainer.
 */
public final class Waveforms {
  /** Steps per series. */
  public static final int LENGTH = 128;
  static final String[] SHAPES = {"sine", "square", "sawtooth"};

  private Waveforms() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/waveforms");
    Path train = dir.resolve("waveforms-train.csv");
    Path test = dir.resolve("waveforms-test.csv");
    write(train, 3000, 1);
    write(test, 600, 2);
    System.out.println("wrote " + train + " and " + test);
    SeriesClassifierTrainer.main(new String[] {"--train", train.toString(),
        "--test", test.toString()});
  }

  /** Writes {@code count} series, classes in turn, with a header row; label column last. */
  public static void write(Path file, int count, long seed) {
    Rng rng = new Rng(seed);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer out = Files.newBufferedWriter(file)) {
        StringBuilder header = new StringBuilder();
        for (int t = 0; t < LENGTH; t++) {
          header.append('t').append(t).append(',');
        }
        out.write(header.append("shape\n").toString());
        for (int i = 0; i < count; i++) {
          int shape = i % SHAPES.length;
          StringBuilder row = new StringBuilder();
          for (double v : series(shape, rng)) {
            row.append(String.format(Locale.ROOT, "%.4f", v)).append(',');
          }
          out.write(row.append(SHAPES[shape]).append('\n').toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] series(int shape, Rng rng) {
    double periods = 1.5 + 4.5 * rng.nextDouble();
    double phase = rng.nextDouble();
    double amplitude = 0.5 + rng.nextDouble();
    double[] values = new double[LENGTH];
    for (int t = 0; t < LENGTH; t++) {
      double cycle = (t * periods / LENGTH + phase) % 1.0;
      double clean = switch (shape) {
        case 0 -> Math.sin(2 * Math.PI * cycle);
        case 1 -> cycle < 0.5 ? 1 : -1;
        default -> 2 * cycle - 1;
      };
      values[t] = amplitude * clean + 0.3 * noise(rng);
    }
    return values;
  }

  /** Approximately standard normal: the sum of 12 uniforms, centred. */
  private static double noise(Rng rng) {
    double sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += rng.nextDouble();
    }
    return sum - 6;
  }
}
