package org.hotline.asterisk.sim.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which actions a manager.conf account may run, as Asterisk decides it. */
class ActionAuthorityTest {

  @Test
  void anActionNeedsAnyOneOfItsClassesAndTheShippedAccountHasExactlyWhatTheGatewaySends() {
    ManagerAccount hotline =
        ManagerConf.parse(ManagerConf.shippedText()).account("hotline").orElseThrow();
    assertEquals(
        EnumSet.of(EventClass.CALL, EventClass.REPORTING, EventClass.ORIGINATE), hotline.write());
    for (String used :
        List.of(
            "Setvar",
            "Getvar",
            "Redirect",
            "Hangup",
            "ConfbridgeKick",
            "CoreShowChannels",
            "Originate",
            "Ping",
            "Events")) {
      assertTrue(ActionAuthority.allows(hotline.write(), used), used);
    }
    for (String unused : List.of("Command", "Filter")) {
      assertFalse(ActionAuthority.allows(hotline.write(), unused), unused);
    }
    assertTrue(ActionAuthority.allows(EnumSet.of(EventClass.SYSTEM), "coreshowchannels"));
    assertFalse(ActionAuthority.allows(EnumSet.noneOf(EventClass.class), "Redirect"));
  }
}
