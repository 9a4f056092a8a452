package org.hotline.asterisk.sim.ami;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The event filters of one AMI session, evaluated as Asterisk does: no filters, every event; only
 * include filters, an event passes if it matches any; only exclude filters, it is blocked if it
 * matches any; both, includes first, then excludes. Decided by event name first: for each name the
 * filters that can apply are worked out once, and an event whose name settles it (name-only
 * filters) costs one map lookup; only header or regex filters look at the content, and only regex
 * filters without a header need the event's text.
 */
public final class EventFilters {
  /** What a name alone decides: accept, reject, or look at the content with these filters. */
  private record Plan(int fixed, List<EventFilter> includes, List<EventFilter> excludes) {}

  private static final Plan ACCEPT = new Plan(1, List.of(), List.of());
  private static final Plan REJECT = new Plan(0, List.of(), List.of());

  private final List<EventFilter> includes = new ArrayList<>();
  private final List<EventFilter> excludes = new ArrayList<>();
  private final Map<String, Plan> plans = new HashMap<>();

  public EventFilters() {}

  public EventFilters(List<EventFilter> filters) {
    filters.forEach(this::add);
  }

  public void add(EventFilter f) {
    (f.exclude() ? excludes : includes).add(f);
    plans.clear();
  }

  public EventFilters copy() {
    EventFilters c = new EventFilters();
    c.includes.addAll(includes);
    c.excludes.addAll(excludes);
    return c;
  }

  public boolean isEmpty() {
    return includes.isEmpty() && excludes.isEmpty();
  }

  public List<EventFilter> all() {
    List<EventFilter> out = new ArrayList<>(includes);
    out.addAll(excludes);
    return out;
  }

  /** True if the event passes; {@code text} gives the event as on the wire, asked for lazily. */
  public boolean accepts(AmiMessage event, Supplier<String> text) {
    if (includes.isEmpty() && excludes.isEmpty()) {
      return true;
    }
    Plan p = plans.computeIfAbsent(event.eventType(), this::plan);
    if (p.fixed() >= 0) {
      return p.fixed() == 1;
    }
    if (!p.includes().isEmpty() && !any(p.includes(), event, text)) {
      return false;
    }
    return !any(p.excludes(), event, text);
  }

  private static boolean any(List<EventFilter> filters, AmiMessage event, Supplier<String> text) {
    for (EventFilter f : filters) {
      if (f.matches(event, text)) {
        return true;
      }
    }
    return false;
  }

  private Plan plan(String name) {
    boolean includeSure = includes.isEmpty();
    List<EventFilter> includeByContent = new ArrayList<>();
    for (EventFilter f : includes) {
      if (f.appliesTo(name)) {
        if (f.nameOnly()) {
          includeSure = true;
        } else {
          includeByContent.add(f);
        }
      }
    }
    if (!includeSure && includeByContent.isEmpty()) {
      return REJECT;
    }
    List<EventFilter> excludeByContent = new ArrayList<>();
    for (EventFilter f : excludes) {
      if (f.appliesTo(name)) {
        if (f.nameOnly()) {
          return REJECT;
        }
        excludeByContent.add(f);
      }
    }
    if (includeSure && excludeByContent.isEmpty()) {
      return ACCEPT;
    }
    return new Plan(-1, includeSure ? List.of() : includeByContent, excludeByContent);
  }
}
