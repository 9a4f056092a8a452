package org.hotline.gateway.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.asterisk.sim.AsteriskSimulator;
import org.hotline.asterisk.sim.ami.AmiMessage;

/** Who joined and left which ConfBridge room, as the simulated exchange announced it. */
final class ConferenceEvents {

  private final List<AmiMessage> events = new CopyOnWriteArrayList<>();

  ConferenceEvents(AsteriskSimulator sim) {
    sim.onEvent(events::add);
  }

  /** Every event so far, for other checks. */
  List<AmiMessage> all() {
    return events;
  }

  boolean joined(String conference, String exten) {
    return seen("ConfbridgeJoin", conference, exten);
  }

  boolean left(String conference, String exten) {
    return seen("ConfbridgeLeave", conference, exten);
  }

  private boolean seen(String type, String conference, String exten) {
    return events.stream()
        .anyMatch(
            e ->
                e.isEvent()
                    && e.eventType().equals(type)
                    && e.value("Conference").equals(conference)
                    && e.value("Exten").equals(exten));
  }
}
