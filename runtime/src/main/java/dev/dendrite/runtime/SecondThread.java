package dev.dendrite.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime's one persistent worker thread, which runs a task beside the calling thread: a
 * daemon started on first use and parked between tasks, so that handing it work makes no thread
 * and no object. One caller holds it at a time; a caller that cannot {@link #claim} it does the
 * whole work itself.
 *
 * <p>Use: {@code if (claim()) { start(task); try { ...the caller's share... } finally
 * { finish(); } }}, or {@link #retractOrFinish()} in place of {@code finish()} where the caller
 * may have done all of the work itself (shared chunk by chunk, see {@link SplitPass}).
 */
final class SecondThread {
  private SecondThread() {}

  /** Whether a second core is there to run a task beside the caller. */
  static final boolean AVAILABLE = Runtime.getRuntime().availableProcessors() > 1;

  private static final AtomicBoolean CLAIMED = new AtomicBoolean();
  /** The task handed over and not yet taken by the thread (or back by the caller). */
  private static final AtomicReference<Runnable> TASK = new AtomicReference<>();
  /**
   * How long the caller checks {@link #done} before it parks: waking a parked thread takes tens
   * of microseconds here, far longer than the wait for the last chunk of a shared pass.
   */
  private static final long SPIN_NANOS = 50_000;
  /**
   * How long the thread checks for its next task before it parks. A training step hands it
   * tasks microseconds apart (products, then element-wise passes): parked between them, each
   * hand-off waited tens of microseconds for the wake-up (M1 96k samples/s with the shared
   * passes and no spin against 114k with it, best of 12 alternating rounds in one JVM).
   */
  private static final long SERVE_SPIN_NANOS = 200_000;
  /** Set by {@link #yieldCore()}: the thread parks now instead of spinning. */
  private static volatile boolean parkNow;
  private static volatile boolean done;
  private static volatile Thread waiter;
  /** What the last task threw; published by the write of {@link #done}. */
  private static Throwable failure;
  /** Tasks run so far, for tests that must know the work was split. */
  private static volatile long tasksRun;

  /** Started on first use. */
  private static final class Holder {
    static final Thread THREAD = start();

    private static Thread start() {
      Thread thread = new Thread(SecondThread::serve, "dendrite-second-thread");
      thread.setDaemon(true);
      thread.start();
      return thread;
    }
  }

  private static void serve() {
    while (true) {
      Runnable next;
      long spinUntil = System.nanoTime() + SERVE_SPIN_NANOS;
      // spins on a plain read, so that the caller's hand-off finds the line shared, not taken
      while ((next = TASK.get() == null ? null : TASK.getAndSet(null)) == null) {
        if (!parkNow && System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(SecondThread.class);
        }
      }
      try {
        next.run();
      } catch (Throwable e) {
        failure = e;
      }
      tasksRun = tasksRun + 1;
      done = true;
      LockSupport.unpark(waiter);
    }
  }

  /** Takes the thread for this caller; false when there is one core or another caller has it. */
  static boolean claim() {
    return AVAILABLE && CLAIMED.compareAndSet(false, true);
  }

  /**
   * Tells the thread to stop spinning for its next task and park: for a caller about to run a
   * native kernel on OpenMP's threads, whose second thread needs this core.
   */
  static void yieldCore() {
    if (!parkNow) {
      parkNow = true;
    }
  }

  /** Hands the claimed thread {@code work}, which must make no object if the caller's must not. */
  static void start(Runnable work) {
    waiter = Thread.currentThread();
    done = false;
    parkNow = false;
    TASK.set(work);
    LockSupport.unpark(Holder.THREAD);
  }

  /** Waits for the task, releases the thread and rethrows what the task threw. */
  static void finish() {
    long deadline = System.nanoTime() + SPIN_NANOS;
    while (!done && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    while (!done) {
      LockSupport.park(SecondThread.class);
    }
    Throwable thrown = failure;
    failure = null;
    CLAIMED.set(false);
    if (thrown != null) {
      throw new IllegalStateException("the second thread's share failed", thrown);
    }
  }

  /**
   * Takes the task back when the thread has not begun it, else waits for it as {@link #finish()}
   * does; either way releases the thread. For a caller that has no work left to hand over, or
   * that does the task itself when it was taken back: returns whether it was.
   */
  static boolean retractOrFinish() {
    if (TASK.getAndSet(null) != null) {
      CLAIMED.set(false);
      return true;
    }
    finish();
    return false;
  }

  /** Releases the thread without giving it work. */
  static void release() {
    CLAIMED.set(false);
  }

  /** The thread, started by this call if it was not yet. */
  static Thread thread() {
    return Holder.THREAD;
  }

  static long tasksRun() {
    return tasksRun;
  }
}
