package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonChecksumTest {
  private static ObjectNode sample() {
    ObjectNode json = StrictJson.object();
    json.put("epoch", 3);
    json.set("learning_rate", StrictJson.number(1.0E-6));
    json.set("mean", StrictJson.numbers(new float[] {0.1f, -2.5e-8f, 3f}));
    json.put("name", "a \u001b\"quoted\" ü");
    json.putNull("nothing");
    return json;
  }

  @Test
  void aSealedFileMatchesAndStillMatchesReformatted() throws StrictJson.SyntaxException {
    String sealed = JsonChecksum.seal(sample());
    assertTrue(sealed.contains("\"checksum\": \"sha256:"), sealed);
    assertTrue(JsonChecksum.matches(StrictJson.parse(sealed)));
    assertTrue(JsonChecksum.matches(StrictJson.parse(sealed.replace("\n", "\n\t"))));
  }

  @Test
  void anyChangedValueOrMemberIsFound() throws StrictJson.SyntaxException {
    String sealed = JsonChecksum.seal(sample());
    assertFalse(JsonChecksum.matches(StrictJson.parse(sealed.replace("\"epoch\": 3",
        "\"epoch\": 4"))));
    assertFalse(JsonChecksum.matches(StrictJson.parse(sealed.replace("\"nothing\": null",
        "\"nothing\": null, \"more\": 1"))));
    assertFalse(JsonChecksum.matches(StrictJson.parse(sealed.replace("0.1,", "0.10,"))));
    assertFalse(JsonChecksum.matches(StrictJson.parse(sealed.replaceFirst("sha256:.", "sha256:"))));
    ObjectNode none = sample();
    assertFalse(JsonChecksum.isPresent(none));
    assertFalse(JsonChecksum.matches(none));
  }
}
