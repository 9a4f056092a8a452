package org.hotline.asterisk.sim.dialplan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@code [context]}: literal extensions, patterns (tried most specific first, as Asterisk sorts
 * them) and {@code include =>} lines.
 */
final class DialplanContext {
  private final String name;
  private final Map<String, Extension> literal = new LinkedHashMap<>();
  private final List<Extension> patterns = new ArrayList<>();
  private final List<String> includes = new ArrayList<>();
  private final Map<String, Optional<Extension>> matchCache = new ConcurrentHashMap<>();

  DialplanContext(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The extension written with this name or pattern, created on first use. */
  Extension extension(String patternText) {
    ExtensionPattern p = ExtensionPattern.of(patternText);
    if (p.isLiteral()) {
      return literal.computeIfAbsent(patternText, k -> new Extension(p));
    }
    for (Extension e : patterns) {
      if (e.pattern().text().equals(patternText)) {
        return e;
      }
    }
    Extension e = new Extension(p);
    patterns.add(e);
    patterns.sort(Comparator.comparingLong(x -> x.pattern().specificity()));
    matchCache.clear();
    return e;
  }

  void include(String context) {
    includes.add(context);
  }

  List<String> includes() {
    return includes;
  }

  boolean isEmpty() {
    return literal.isEmpty() && patterns.isEmpty() && includes.isEmpty();
  }

  /** The extension a dialled name runs in this context (without includes). */
  Optional<Extension> match(String exten) {
    Extension e = literal.get(exten);
    if (e != null) {
      return Optional.of(e);
    }
    if (patterns.isEmpty()) {
      return Optional.empty();
    }
    return matchCache.computeIfAbsent(
        exten, x -> patterns.stream().filter(p -> p.pattern().matches(x)).findFirst());
  }
}
