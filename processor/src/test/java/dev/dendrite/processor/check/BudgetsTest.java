package dev.dendrite.processor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@code maxTrainingMemory} reads a size. */
class BudgetsTest {

  @ParameterizedTest(name = "\"{0}\" = {1} bytes")
  @CsvSource(delimiter = '|', value = {
      "100000000 | 100000000",
      "512B | 512",
      "1KB | 1024",
      "1 KiB | 1024",
      "512MB | 536870912",
      "512mb | 536870912",
      "1.5GB | 1610612736",
      "2GiB | 2147483648",
      "1TB | 1099511627776",
      "' 64 MB ' | 67108864",
      "9223372036854775807 | 9223372036854775807"})
  void sizes(String size, long bytes) {
    assertEquals(OptionalLong.of(bytes), Budgets.bytes(size));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"lots", "0", "0MB", "-1MB", "1.5", "MB", "12 PB", "1e9",
      "99999999999999999999", "16777216TB",
      "9223372036854775808", "8388608TB", "8TiB 1", "1.5B"})
  void notSizes(String size) {
    assertEquals(OptionalLong.empty(), Budgets.bytes(size));
  }
}
