package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.http.WebSocketClient;
import java.util.concurrent.TimeUnit;
import org.hotline.gateway.monitor.MonitorSettings;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code monitor.tellAgentOfWhisper: false} a whisper is not shown on the agent's desktop. */
class MonitorQuietWhisperTest {

  private static Harness h;
  private static WebSocketClient sockets;

  @BeforeAll
  static void start() throws Exception {
    h = MonitorEndToEndTest.start(c -> c.withMonitor(new MonitorSettings(false)));
    sockets = h.vertx.createWebSocketClient();
    TestStaff.add(h.gateway, "quiet1", StaffRole.AGENT);
    TestStaff.add(h.gateway, "qsup1", StaffRole.SUPERVISOR);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sockets != null) {
      sockets.close().await(5, TimeUnit.SECONDS);
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aWhisperIsNotShownWhenTheCentreSaysSo() throws Exception {
    StaffClient agent = TestStaff.signIn(h.gateway, "quiet1");
    MonitorEndToEndTest.Desktop desk = MonitorEndToEndTest.desktop(h, sockets, agent);
    String callId = h.answeredCall(agent, "quiet1", "001", "13911116001");
    StaffClient sup = MonitorEndToEndTest.supervisorAt(h, "qsup1", "006");
    String id = MonitorEndToEndTest.monitor(sup, "001", "whisper");
    h.await(
        "the session is active",
        MonitorEndToEndTest.WAIT,
        () -> MonitorEndToEndTest.session(sup, id).getString("state").equals("active"));
    assertEquals("qESw", MonitorEndToEndTest.spied(h, id).get().options());
    assertEquals(200, sup.post("/api/monitor/" + id + "/stop", "").status());
    h.await(
        "the session ends",
        MonitorEndToEndTest.WAIT,
        () -> MonitorEndToEndTest.session(sup, id).getString("state").equals("ended"));
    h.await(
        "the end is audited",
        MonitorEndToEndTest.WAIT,
        () -> MonitorEndToEndTest.audited(sup, "seat.monitor.end", id).size() == 1);
    assertFalse(desk.anyCoached(), "nothing shown to the agent");
    h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
  }
}
