package org.hotline.gateway.ami;

import static org.hotline.gateway.ami.EventFrames.Route.DROP;
import static org.hotline.gateway.ami.EventFrames.Route.GATEWAY;
import static org.hotline.gateway.ami.EventFrames.Route.LIBRARY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventFramesTest {

  private final EventFrames frames =
      new EventFrames(EventTranslator.TRANSLATED, c -> c.startsWith("hotline-"));

  private EventFrames.Route route(String... lines) {
    return frames.route(List.of(lines));
  }

  @Test
  void eventsTheGatewayUsesGoToItAndTheFloodIsDropped() {
    assertEquals(GATEWAY, route("Event: Hangup", "Uniqueid: 1.2", "Cause: 16", ""));
    assertEquals(GATEWAY, route("Event: DialEnd", "DialStatus: ANSWER", ""));
    assertEquals(DROP, route("Event: VarSet", "Variable: DIALSTATUS", "Value: ", ""));
    assertEquals(DROP, route("Event: DeviceStateChange", "Device: PJSIP/seat001", ""));
    assertEquals(DROP, route("Event: AGIExecStart", "Command: SET VARIABLE", ""));
  }

  @Test
  void newextenGoesToTheGatewayOnlyInHotlineContexts() {
    assertEquals(
        GATEWAY, route("Event: Newexten", "Context: hotline-hold", "Application: MusicOnHold", ""));
    assertEquals(DROP, route("Event: Newexten", "Context: agents", "Application: Answer", ""));
    assertEquals(DROP, route("Event: Newexten", "Application: NoOp", ""), "no context");
  }

  @Test
  void answersToOurActionsAndTheLibrarysOwnEventsGoToTheLibrary() {
    assertEquals(
        LIBRARY,
        route("Event: CoreShowChannel", "ActionID: 12#coreshowchannels", ""),
        "a list our action asked for");
    assertEquals(LIBRARY, route("Event: OriginateResponse", "actionid: 7", ""));
    assertEquals(LIBRARY, route("Event: FullyBooted", "Status: Fully Booted", ""));
    assertEquals(LIBRARY, route("Event: Shutdown", "Shutdown: Cleanly", ""));
  }
}
