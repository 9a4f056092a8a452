package org.hotline.gateway.ami;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where each AMI event frame goes. A real Asterisk sends about 117 events per call to a connection
 * that reads the {@code call} and {@code dialplan} classes, most of them VarSet, Newexten of other
 * contexts and DeviceStateChange; Asterisk-Java would build every one reflectively (tens of
 * microseconds each) and pass it through its event pump before a listener could ignore it. So:
 *
 * <ul>
 *   <li>answers to the gateway's own actions (frames with an ActionID, e.g. CoreShowChannels' list)
 *       and the few events the library acts on itself go to the library;
 *   <li>the events the gateway reads go straight to its translator ({@link EventTranslator});
 *   <li>the rest is dropped unparsed, unless {@code manager.conf}'s {@code eventfilter} already
 *       kept it off the wire.
 * </ul>
 */
final class EventFrames {

  enum Route {
    LIBRARY,
    GATEWAY,
    DROP
  }

  /** What the library itself acts on besides answers to actions. */
  private static final Set<String> LIBRARY = Set.of("FullyBooted", "Shutdown", "Reload");

  private final Set<String> translated;
  private final Predicate<String> hotlineContext;

  EventFrames(Set<String> translated, Predicate<String> hotlineContext) {
    this.translated = Set.copyOf(translated);
    this.hotlineContext = hotlineContext;
  }

  /**
   * @param frame the lines of one event frame, its {@code Event:} line first (the closing blank
   *     line may be included)
   */
  Route route(List<String> frame) {
    String name = frame.get(0).substring("Event:".length()).trim();
    if (LIBRARY.contains(name) || has(frame, "ActionID:")) {
      return Route.LIBRARY;
    }
    if (!translated.contains(name)) {
      return Route.DROP;
    }
    if (!name.equals("Newexten")) {
      return Route.GATEWAY;
    }
    for (String line : frame) {
      if (line.regionMatches(true, 0, "Context:", 0, 8)) {
        return hotlineContext.test(line.substring(8).trim()) ? Route.GATEWAY : Route.DROP;
      }
    }
    return Route.DROP;
  }

  private static boolean has(List<String> frame, String header) {
    for (String line : frame) {
      if (line.regionMatches(true, 0, header, 0, header.length())) {
        return true;
      }
    }
    return false;
  }
}
