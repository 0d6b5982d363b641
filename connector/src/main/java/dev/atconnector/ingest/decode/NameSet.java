package dev.atconnector.ingest.decode;

import java.util.HashSet;
import java.util.Set;

/**
 * The names already used in one output object, to catch a repeated key. Objects are small (a record's root has
 * ~20 keys), so a linear scan over an array beats hashing; past {@value #LINEAR} names a hash set takes over.
 * Reused from record to record. Not thread-safe.
 */
final class NameSet {
  private static final int LINEAR = 24;

  private final String[] names = new String[LINEAR];
  private int count;
  private Set<String> many;

  void clear() {
    for (int i = 0; i < count; i++) {
      names[i] = null;
    }
    count = 0;
    many = null;
  }

  /** Adds {@code name}; false when it was there already. */
  boolean add(String name) {
    if (many != null) {
      return many.add(name);
    }
    for (int i = 0; i < count; i++) {
      if (names[i].equals(name)) {
        return false;
      }
    }
    if (count < LINEAR) {
      names[count++] = name;
      return true;
    }
    many = new HashSet<>();
    for (int i = 0; i < count; i++) {
      many.add(names[i]);
    }
    return many.add(name);
  }
}
