package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A SHA-256 that a JSON file carries over its own content, so that an edit or a corruption that
 * still parses is found: the member {@code "checksum": "sha256:<hex>"} covers the canonical form
 * of every other member (the compact JSON that {@link StrictJson} writes of the parsed object
 * without it, members in the file's order). Reformatting the file keeps the checksum valid;
 * changing, adding or removing a value does not.
 */
public final class JsonChecksum {
  /** The member that holds the checksum. */
  public static final String KEY = "checksum";

  private static final String PREFIX = "sha256:";

  private JsonChecksum() {}

  /** {@code json} as {@link StrictJson#writePretty} writes it, with its checksum last. */
  public static String seal(ObjectNode json) {
    ObjectNode copy = json.deepCopy();
    copy.remove(KEY);
    JsonNode parsed;
    try {
      // the checksum covers the values as a reader parses them
      parsed = StrictJson.parse(StrictJson.writePretty(copy));
    } catch (StrictJson.SyntaxException e) {
      throw new IllegalStateException("written JSON always parses", e);
    }
    copy.put(KEY, PREFIX + digest(parsed));
    return StrictJson.writePretty(copy);
  }

  /** Whether parsed {@code json} holds a checksum member, whatever its value. */
  public static boolean isPresent(JsonNode json) {
    return json.has(KEY);
  }

  /** Whether parsed {@code json}'s checksum matches the rest of its content. */
  public static boolean matches(JsonNode json) {
    JsonNode recorded = json.get(KEY);
    if (recorded == null || !recorded.isTextual()) {
      return false;
    }
    ObjectNode rest = ((ObjectNode) json).deepCopy();
    rest.remove(KEY);
    return recorded.textValue().equals(PREFIX + digest(rest));
  }

  private static String digest(JsonNode json) {
    return Safetensors.hex(Safetensors.sha256()
        .digest(StrictJson.write(json).getBytes(StandardCharsets.UTF_8)));
  }
}
