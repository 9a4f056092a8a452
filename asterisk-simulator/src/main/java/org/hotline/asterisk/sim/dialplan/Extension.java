package org.hotline.asterisk.sim.dialplan;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** The priorities of one extension (or pattern) in one context, with their labels. */
final class Extension {
  private final ExtensionPattern pattern;
  private final TreeMap<Integer, Priority> priorities = new TreeMap<>();
  private final Map<String, Integer> labels = new HashMap<>();

  Extension(ExtensionPattern pattern) {
    this.pattern = pattern;
  }

  ExtensionPattern pattern() {
    return pattern;
  }

  void add(Priority p) {
    priorities.put(p.number(), p);
    if (!p.label().isEmpty()) {
      labels.putIfAbsent(p.label(), p.number());
    }
  }

  /** The highest priority so far, 0 if none: {@code n} continues from it. */
  int last() {
    return priorities.isEmpty() ? 0 : priorities.lastKey();
  }

  Optional<Priority> priority(int number) {
    return Optional.ofNullable(priorities.get(number));
  }

  OptionalInt label(String label) {
    Integer n = labels.get(label);
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }

  int size() {
    return priorities.size();
  }
}
