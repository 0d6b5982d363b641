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
  private final int[] hashes = new int[LINEAR];
  private int count;
  private Set<String> many;

  void clear() {
    count = 0; // stale names stay referenced until overwritten: they are field names, interned by the parser
    many = null;
  }

  /** Adds {@code name}; false when it was there already. */
  boolean add(String name) {
    if (many != null) {
      return many.add(name);
    }
    int hash = name.hashCode(); // cached in the String: a scan of ints, equals only on a hash match
    for (int i = 0; i < count; i++) {
      if (hashes[i] == hash && names[i].equals(name)) {
        return false;
      }
    }
    if (count < LINEAR) {
      hashes[count] = hash;
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
