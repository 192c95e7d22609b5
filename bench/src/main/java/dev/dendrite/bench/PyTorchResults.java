package dev.dendrite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PyTorch's measurements, as bench/pytorch_bench.py prints them: one JSON line per model and
 * metric ({@code {"model": "M1", "metric": "latency_us", "pytorch": 97.0}}) after a first line
 * naming the version and threads.
 */
record PyTorchResults(String header, Map<String, Double> values) {
  static final PyTorchResults NONE = new PyTorchResults("", Map.of());

  private static final Pattern MEASUREMENT = Pattern.compile(
      "\\{\"model\": \"(\\w+)\", \"metric\": \"(\\w+)\", \"pytorch\": ([0-9.eE+-]+)}");

  /** The lines of {@code file}; an empty or missing file is no measurement. */
  static PyTorchResults read(Path file) {
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read PyTorch's results", e);
    }
  }

  static PyTorchResults parse(List<String> lines) {
    Map<String, Double> values = new HashMap<>();
    String header = "";
    for (String line : lines) {
      Matcher m = MEASUREMENT.matcher(line.trim());
      if (m.matches()) {
        values.put(m.group(1) + "/" + m.group(2), Double.parseDouble(m.group(3)));
      } else if (line.contains("pytorch_version")) {
        header = line.trim();
      }
    }
    return new PyTorchResults(header, Map.copyOf(values));
  }

  /** The measurement, or NaN when PyTorch did not measure it. */
  double value(String model, String metric) {
    return values.getOrDefault(model + "/" + metric, Double.NaN);
  }
}
