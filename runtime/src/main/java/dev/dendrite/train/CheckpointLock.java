package dev.dendrite.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.io.Quote;
import dev.dendrite.io.StrictJson;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The lock a run holds on a checkpoint directory while it reads or writes it, so that two runs
 * cannot overwrite each other's files: an operating-system lock ({@link FileChannel#tryLock}) on
 * {@code DIR/checkpoint.lock}, which vanishes with the process however it ends. The file is never
 * deleted (deleting it would let two runs lock two different files); its content, the holder's
 * pid, host, start time and command, only names the run that holds the lock, and a file left by a
 * killed run blocks nothing.
 */
final class CheckpointLock implements AutoCloseable {
  static final String NAME = "checkpoint.lock";

  /** The longest command recorded in the lock file. */
  private static final int MAX_COMMAND = 1000;
  /** The most of a lock file read for the message. */
  private static final int MAX_READ = 4096;

  private final FileChannel channel;
  private final FileLock lock;

  private CheckpointLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir}, which must exist, for this run and records it as the holder.
   *
   * @param command the run's command line, recorded for a run that finds the directory locked
   * @return the lock, or null when another run holds it; {@link #holder} then names that run
   * @throws IOException when the lock file cannot be created or written
   */
  static CheckpointLock tryAcquire(Path dir, String command) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(NAME), StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // another run in this JVM holds it
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    try {
      ObjectNode holder = StrictJson.object();
      holder.put("pid", ProcessHandle.current().pid());
      holder.put("host", host());
      holder.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      holder.put("command", command.length() <= MAX_COMMAND ? command
          : command.substring(0, MAX_COMMAND) + "...");
      byte[] content = StrictJson.writePretty(holder).getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer, buffer.position());
      }
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new CheckpointLock(channel, lock);
  }

  /**
   * The run that holds {@code dir}'s lock, as its lock file says:
   * {@code pid 1234 on host1, started at 2026-01-02T03:04:05Z: Iris --train ...}.
   */
  static String holder(Path dir) {
    String text;
    try (FileChannel channel = FileChannel.open(dir.resolve(NAME), StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(MAX_READ);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // fill the buffer
      }
      text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "a run whose lock file cannot be read";
    }
    try {
      JsonNode json = StrictJson.parse(text);
      if (json.path("pid").canConvertToLong() && json.path("started").isTextual()) {
        return "pid " + json.get("pid").longValue()
            + (json.path("host").isTextual() ? " on " + Quote.text(json.get("host").textValue())
                : "")
            + ", started at " + Quote.text(json.get("started").textValue())
            + (json.path("command").isTextual()
                ? ": " + Quote.text(json.get("command").textValue()) : "");
      }
    } catch (StrictJson.SyntaxException e) {
      // the holder is still writing it
    }
    return "a run that has not recorded itself in " + dir.resolve(NAME) + " yet";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "an unknown host";
    }
  }

  /** Releases the lock; the lock file stays. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
