package dev.dendrite.runtime;

import java.lang.ref.WeakReference;

/**
 * A small fixed-size table from objects, by identity and held weakly, to values made for them:
 * a lookup makes no object, so a training step can use it on every call. A slot whose key was
 * collected is reused; when a key's few probe slots are all taken, its home slot is overwritten
 * and the evicted value is made again on its next use. Entries are immutable, so a racy read
 * from another thread sees one whole or none.
 */
final class IdentityCache<K, V> {
  private static final int PROBES = 16;

  private record Entry<K, V>(WeakReference<K> key, V value) {}

  private final Entry<K, V>[] slots;

  @SuppressWarnings("unchecked")
  IdentityCache(int sizePowerOfTwo) {
    if (Integer.bitCount(sizePowerOfTwo) != 1) {
      throw new IllegalArgumentException("size must be a power of two: " + sizePowerOfTwo);
    }
    slots = new Entry[sizePowerOfTwo];
  }

  /** The value cached for {@code key}, or null. */
  V get(K key) {
    int home = System.identityHashCode(key);
    for (int probe = 0; probe < PROBES; probe++) {
      Entry<K, V> entry = slots[(home + probe) & (slots.length - 1)];
      if (entry != null && entry.key.get() == key) {
        return entry.value;
      }
    }
    return null;
  }

  /** Caches {@code value} for {@code key}, in place of any value it had. */
  void put(K key, V value) {
    int home = System.identityHashCode(key);
    int free = -1;
    for (int probe = 0; probe < PROBES; probe++) {
      int slot = (home + probe) & (slots.length - 1);
      Entry<K, V> entry = slots[slot];
      K held = entry == null ? null : entry.key.get();
      if (held == key) {
        free = slot;
        break;
      }
      if (held == null && free < 0) {
        free = slot;
      }
    }
    slots[free >= 0 ? free : home & (slots.length - 1)] =
        new Entry<>(new WeakReference<>(key), value);
  }
}
