package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README's "Your own model" section shows, verbatim, the pom and the model of the user project
 * that the invoker build compiles and trains ({@code src/it/houses}), so that the two cannot
 * drift apart.
 */
class ReadmeUserProjectTest {
  private static final Path PROJECT = Path.of("src/it/houses");

  @Test
  void readmeShowsTheBuiltPomVerbatim() throws IOException {
    assertShown("```xml\n" + Files.readString(PROJECT.resolve("pom.xml")) + "```\n");
  }

  @Test
  void readmeShowsTheBuiltModelVerbatim() throws IOException {
    assertShown("```java\n"
        + Files.readString(PROJECT.resolve("src/main/java/houses/Prices.java")) + "```\n");
  }

  @Test
  void readmeRunsTheTrainerTheWayTheBuildDoes() throws IOException {
    assertTrue(Files.readString(PROJECT.resolve("invoker.properties"))
        .contains("invoker.goals = compile exec:exec\n"));
    assertShown("    mvn -q compile exec:exec -Dargs=\"--train houses-train.csv "
        + "--test houses-test.csv --standardize\"\n");
  }

  private static void assertShown(String text) throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    assertTrue(readme.contains(text), "README.md does not show, verbatim:\n" + text);
  }
}
