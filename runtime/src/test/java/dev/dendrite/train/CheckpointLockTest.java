package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run at a time on a checkpoint directory; a lock file left by a dead run blocks nothing. */
class CheckpointLockTest {
  @TempDir Path dir;

  @Test
  void aHeldLockIsRefusedNamingItsHolderThenFreedByClose() throws IOException {
    try (CheckpointLock held = CheckpointLock.tryAcquire(dir, "IrisTrainer --train a.csv")) {
      assertNotNull(held);
      assertNull(CheckpointLock.tryAcquire(dir, "IrisTrainer --resume ck"));
      String holder = CheckpointLock.holder(dir);
      assertTrue(holder.startsWith("pid " + ProcessHandle.current().pid() + " on "), holder);
      assertTrue(holder.matches(".*, started at 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: "
          + "IrisTrainer --train a\\.csv"), holder);
    }
    try (CheckpointLock again = CheckpointLock.tryAcquire(dir, "IrisTrainer --resume ck")) {
      assertNotNull(again, "released by close");
      assertTrue(CheckpointLock.holder(dir).endsWith(": IrisTrainer --resume ck"));
    }
    assertTrue(Files.exists(dir.resolve(CheckpointLock.NAME)), "the lock file stays");
  }

  @Test
  void aStaleLockFileBlocksNothingAndIsRewritten() throws IOException {
    Files.writeString(dir.resolve(CheckpointLock.NAME), "{\"pid\": 999999999, \"started\": "
        + "\"2001-01-01T00:00:00Z\", \"command\": \"a killed run and a much longer text "
        + "than the new one\"}");
    try (CheckpointLock lock = CheckpointLock.tryAcquire(dir, "IrisTrainer")) {
      assertNotNull(lock);
      String holder = CheckpointLock.holder(dir);
      assertTrue(holder.endsWith(": IrisTrainer"), holder);
    }
  }

  @Test
  void aHalfWrittenLockFileStillGivesAMessage() throws IOException {
    Files.writeString(dir.resolve(CheckpointLock.NAME), "{\"pid\": 12");
    assertTrue(CheckpointLock.holder(dir).startsWith("a run that has not recorded itself"));
  }
}
