package dev.dendrite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PyTorchResultsTest {
  @Test
  void readsTheScriptsLines() {
    PyTorchResults r = PyTorchResults.parse(List.of(
        "{\"pytorch_version\": \"1.13.0a0\", \"threads\": 2, \"mkldnn\": true}",
        "{\"model\": \"M1\", \"metric\": \"train_samples_per_s\", \"pytorch\": 53100.5}",
        "{\"model\": \"machine\", \"metric\": \"conv_gflops\", \"pytorch\": 301.2}",
        "{\"model\": \"M3\", \"metric\": \"latency_us\", \"pytorch\": 2.6e2}"));
    assertEquals(301.2, r.value("machine", "conv_gflops"));
    assertEquals(53100.5, r.value("M1", "train_samples_per_s"));
    assertEquals(260.0, r.value("M3", "latency_us"));
    assertTrue(Double.isNaN(r.value("M2", "train_samples_per_s")));
    assertTrue(r.header().contains("1.13.0a0"));
  }

  @Test
  void aMissingFileIsNoMeasurement() {
    assertTrue(Double.isNaN(PyTorchResults.read(Path.of("no-such-file.jsonl"))
        .value("M1", "latency_us")));
  }
}
