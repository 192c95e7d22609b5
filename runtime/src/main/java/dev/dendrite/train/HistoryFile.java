package dev.dendrite.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.WeightsException;
import dev.dendrite.io.Safetensors;
import dev.dendrite.io.StrictJson;
import dev.dendrite.report.EpochLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint's history, {@code history.jsonl}: one JSON object per epoch, appended, so that
 * {@code checkpoint.json} keeps one size however long the run. {@code checkpoint.json} commits a
 * prefix of the file ({@link Ref}: its rows, bytes and SHA-256); rows appended after it by an
 * epoch whose checkpoint was never committed are cut off when the next checkpoint is written.
 */
final class HistoryFile {
  static final String NAME = "history.jsonl";

  /** The committed prefix of the history file. */
  record Ref(int rows, long bytes, String sha256) {
    static final Ref EMPTY = new Ref(0, 0, Safetensors.hex(Safetensors.sha256().digest()));
  }

  private final Path file;
  private final Ref start;
  private MessageDigest digest;
  private int rows;
  private long bytes;

  /** A writer that continues the file in {@code dir} after {@code committed}. */
  HistoryFile(Path dir, Ref committed) {
    this.file = dir.resolve(NAME);
    this.start = committed;
  }

  /**
   * Appends {@code history}'s rows after those already written, forces them to the disk and
   * returns the prefix a checkpoint that ends with them commits.
   */
  Ref append(List<EpochLog> history) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (digest == null) {
        begin(channel);
      }
      channel.position(bytes);
      StringBuilder text = new StringBuilder();
      for (EpochLog log : history.subList(rows, history.size())) {
        text.append(StrictJson.write(row(log))).append('\n');
      }
      ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      digest.update(buffer.duplicate());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
      bytes = channel.position();
      rows = history.size();
    }
    return new Ref(rows, bytes, Safetensors.hex(cloneOf(digest).digest()));
  }

  /** Cuts the file to its committed prefix and hashes that prefix, which must be unchanged. */
  private void begin(FileChannel channel) throws IOException {
    if (channel.size() < start.bytes()) {
      throw new IOException(file + " is shorter than the " + start.bytes()
          + " bytes its checkpoint committed");
    }
    channel.truncate(start.bytes());
    MessageDigest sha = Safetensors.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    channel.position(0);
    while (channel.read(buffer) > 0) {
      sha.update(buffer.flip());
      buffer.clear();
    }
    if (!Safetensors.hex(cloneOf(sha).digest()).equals(start.sha256())) {
      throw new IOException(file + " changed since its checkpoint was read");
    }
    digest = sha;
    rows = start.rows();
    bytes = start.bytes();
  }

  private static MessageDigest cloneOf(MessageDigest sha) {
    try {
      return (MessageDigest) sha.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests can be cloned", e);
    }
  }

  private static ObjectNode row(EpochLog log) {
    ObjectNode row = StrictJson.object();
    row.put("epoch", log.epoch());
    for (Map.Entry<String, Double> value : log.values().entrySet()) {
      row.set(value.getKey(), value.getValue() == null ? null
          : StrictJson.number(value.getValue()));
    }
    return row;
  }

  /**
   * The committed lines of {@code dir}'s history file, checked against {@code ref}.
   *
   * @throws WeightsException naming the file when it is missing, short or changed
   */
  static List<String> readLines(Path dir, Ref ref) {
    Path file = dir.resolve(NAME);
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      // checkpoint.json bounds bytes below Integer.MAX_VALUE
      content = in.readNBytes((int) ref.bytes());
    } catch (NoSuchFileException e) {
      throw new WeightsException(file + ": no such file; the checkpoint is incomplete");
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (content.length != ref.bytes()) {
      throw new WeightsException(file + ": holds " + content.length + " bytes, fewer than the "
          + ref.bytes() + " recorded in " + Checkpoint.INDEX + "; the checkpoint is corrupt");
    }
    String actual = Safetensors.hex(Safetensors.sha256().digest(content));
    if (!actual.equals(ref.sha256())) {
      throw new WeightsException(file + ": its first " + ref.bytes() + " bytes have the SHA-256 "
          + actual + ", not the " + ref.sha256() + " recorded in " + Checkpoint.INDEX
          + ": the file was edited or corrupted");
    }
    String text = new String(content, StandardCharsets.UTF_8);
    List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    if (lines.size() != ref.rows()) {
      throw new WeightsException(file + ": holds " + lines.size() + " rows, not the "
          + ref.rows() + " recorded in " + Checkpoint.INDEX + "; the checkpoint is corrupt");
    }
    return lines;
  }
}
