package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-cluster check of {@code spark/run-cluster}, sized for CI: a standalone Master and two
 * Workers of one core each (separate JVMs on this test's class path), the MNIST MLP trained on
 * them through {@code SparkSubmit} on the first {@value #ROWS} training rows for {@value #EPOCHS}
 * epochs, the first Worker and its executor SIGKILLed after the first epoch, and the test
 * accuracy compared with the single-machine trainer's on the same rows and flags.
 *
 * <p>The tolerance, {@value #TOLERANCE} points on the 10,000 test images, is wider than the full
 * run's half point: both runs compute the same synchronous SGD, but the cluster draws other
 * dropout masks and sums in another order, and after {@value #EPOCHS} short epochs the two
 * models are further from convergence, so such differences move the accuracy more (measured
 * differences are in README's "A real cluster on one machine").
 */
class StandaloneClusterTest {
  static final int ROWS = 12_000;
  static final int EPOCHS = 2;
  static final int BATCH = 128;
  static final double TOLERANCE = 1.0;
  /**
   * A hang's limit, far above the run's 7.3 minutes on a 2-core machine at load average 10;
   * everything the script started is killed after it.
   */
  static final long TIMEOUT_MINUTES = 15;

  private static final Pattern ACCURACIES = Pattern.compile(
      "test accuracy: single machine ([0-9.]+), cluster with a worker killed ([0-9.]+)");
  private static final Pattern LOST = Pattern.compile(
      "driver log lines on the lost executor: (\\d+)");

  @TempDir Path dir;

  @Test
  void aClusterWithAWorkerKilledMidTrainingReachesTheSingleMachineAccuracy() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path script = root.resolve("spark/run-cluster");
    assertTrue(Files.isRegularFile(script), "run from the spark module: " + script);
    Path classPath = dir.resolve("classpath.txt");
    Files.writeString(classPath, System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")));
    Path log = dir.resolve("run-cluster.log");

    ProcessBuilder builder = new ProcessBuilder("bash", script.toString(),
        String.valueOf(EPOCHS), String.valueOf(BATCH))
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SKIP_BUILD", "1");
    builder.environment().put("CLASSPATH_FILE", classPath.toString());
    builder.environment().put("APP_JAR", applicationJar().toString());
    builder.environment().put("ROWS", String.valueOf(ROWS));
    builder.environment().put("TOLERANCE", String.valueOf(TOLERANCE));
    builder.environment().put("PORT", String.valueOf(freePort()));
    builder.environment().put("WORK", dir.resolve("work").toString());
    Process process = builder.start();
    boolean ended;
    try {
      ended = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    } finally {
      killTree(process);
    }
    String output = Files.readString(log);
    System.out.println(output);
    if (!ended) {
      fail("run-cluster did not end within " + TIMEOUT_MINUTES + " minutes; its output:\n"
          + output + driverLogTail());
    }
    assertEquals(0, process.exitValue(), "run-cluster failed; its output:\n" + output
        + driverLogTail());
    assertTrue(output.contains("killed Worker 1 (pid "), "a Worker was killed:\n" + output);
    assertTrue(output.contains("Epoch " + EPOCHS + "/" + EPOCHS),
        "the cluster run trained to the end:\n" + output);
    Matcher lost = LOST.matcher(output);
    assertTrue(lost.find() && Integer.parseInt(lost.group(1)) > 0,
        "the driver saw the executor lost:\n" + output);
    Matcher accuracies = ACCURACIES.matcher(output);
    assertTrue(accuracies.find(), "both runs reported a test accuracy:\n" + output);
    double single = Double.parseDouble(accuracies.group(1));
    double cluster = Double.parseDouble(accuracies.group(2));
    assertTrue(single > 0.85, "the single-machine run learned: test accuracy " + single);
    assertEquals(single, cluster, TOLERANCE / 100 + 1e-9,
        "test accuracy of the cluster with a Worker killed vs the single machine");
  }

  /**
   * The dendrite-spark classes as a jar, SparkSubmit's application jar: the packaged jar does
   * not exist yet in Maven's test phase, so the compiled classes are packed here.
   */
  private Path applicationJar() throws IOException, URISyntaxException {
    Path classes = Path.of(SparkTrain.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    if (Files.isRegularFile(classes)) {
      return classes;
    }
    Path jar = dir.resolve("dendrite-spark.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The script, its JVMs and theirs (Workers' executors): all killed, the leaves first. */
  private static void killTree(Process process) throws InterruptedException {
    List<ProcessHandle> started = process.descendants().toList();
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).destroyForcibly();
    }
    process.destroyForcibly();
    for (ProcessHandle handle : started) {
      handle.onExit().completeOnTimeout(handle, 10, TimeUnit.SECONDS).join();
    }
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private String driverLogTail() throws IOException {
    Path driver = dir.resolve("work/logs/driver.log");
    if (!Files.isRegularFile(driver)) {
      return "";
    }
    List<String> lines = Files.readAllLines(driver);
    return "\nthe driver log's last lines:\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
