package org.hotline.asterisk.sim.dialplan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A parsed extensions.conf: its contexts (with extensions, priorities, labels and includes) and its
 * {@code [globals]}. Built by {@link DialplanParser}; read-only afterwards.
 */
public final class Dialplan {
  private static final int MAX_INCLUDE_DEPTH = 8;

  private final String name;
  private final Map<String, DialplanContext> contexts;
  private final Map<String, String> globals;

  Dialplan(String name, Map<String, DialplanContext> contexts, Map<String, String> globals) {
    this.name = name;
    this.contexts = contexts;
    this.globals = globals;
  }

  /** Parses extensions.conf text; {@code name} only labels log lines and errors. */
  public static Dialplan parse(String name, String text) {
    return DialplanParser.parse(name, text);
  }

  public String name() {
    return name;
  }

  /** The context names, in file order. */
  public Set<String> contexts() {
    return Collections.unmodifiableSet(contexts.keySet());
  }

  public boolean hasContext(String context) {
    return contexts.containsKey(context);
  }

  /** True if dialling {@code exten} in {@code context} finds an extension (includes count). */
  public boolean hasExtension(String context, String exten) {
    return resolve(context, exten, 0).isPresent();
  }

  /** The priority a channel at context,exten,priority runs, if there is one. */
  public Optional<Priority> find(String context, String exten, int priority) {
    return resolve(context, exten, 0).flatMap(e -> e.priority(priority));
  }

  /** The priority number of a label within context,exten. */
  public OptionalInt label(String context, String exten, String label) {
    Optional<Extension> e = resolve(context, exten, 0);
    return e.isPresent() ? e.get().label(label) : OptionalInt.empty();
  }

  /** The file's [globals], in order. */
  public Map<String, String> globals() {
    return Collections.unmodifiableMap(globals);
  }

  /** This dialplan plus the contexts of {@code other} that it does not define itself. */
  public Dialplan withContextsFrom(Dialplan other) {
    Map<String, DialplanContext> merged = new LinkedHashMap<>(contexts);
    other.contexts.forEach(merged::putIfAbsent);
    Map<String, String> g = new LinkedHashMap<>(other.globals);
    g.putAll(globals);
    return new Dialplan(name, merged, g);
  }

  private Optional<Extension> resolve(String context, String exten, int depth) {
    DialplanContext ctx = contexts.get(context);
    if (ctx == null || exten == null) {
      return Optional.empty();
    }
    Optional<Extension> own = ctx.match(exten);
    if (own.isPresent() || depth >= MAX_INCLUDE_DEPTH) {
      return own;
    }
    for (String inc : ctx.includes()) {
      Optional<Extension> e = resolve(inc, exten, depth + 1);
      if (e.isPresent()) {
        return e;
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Dialplan[" + name + ": " + contexts.keySet() + "]";
  }
}
