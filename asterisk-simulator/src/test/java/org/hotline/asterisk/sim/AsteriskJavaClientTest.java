package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.asteriskjava.manager.response.PingResponse;
import org.hotline.asterisk.sim.call.CallSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real client library (Asterisk-Java 3.41.0) talks to the simulator over MD5 login. */
class AsteriskJavaClientTest {
  Vertx vertx;
  TestAgiServer agi;
  AsteriskSimulator sim;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    agi = new TestAgiServer(vertx);
    agi.gatewayDefaults();
    sim = await(AsteriskSimulator.start(vertx, SimulatorOptions.defaults(SECRET, agi.address())));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(sim.close());
    agi.close();
    await(vertx.close());
  }

  private static ManagerResponse send(ManagerConnection c, ManagerAction a) throws Exception {
    CompletableFuture<ManagerResponse> f = new CompletableFuture<>();
    c.sendAction(a, f::complete);
    return f.get(5, TimeUnit.SECONDS);
  }

  @Test
  void md5LoginEventsAndCallbackActions() throws Exception {
    ManagerConnection c =
        new ManagerConnectionFactory("127.0.0.1", sim.amiPort(), "hotline", SECRET)
            .createManagerConnection();
    List<ManagerEvent> events = new CopyOnWriteArrayList<>();
    c.addEventListener(events::add);
    c.login();
    try {
      assertEquals(AsteriskVersion.ASTERISK_22, c.getVersion());
      assertInstanceOf(PingResponse.class, send(c, new PingAction()));
      String channel = await(sim.placeCall(CallSpec.of("13912345678")));
      long end = System.currentTimeMillis() + 5000;
      while (events.stream().noneMatch(e -> e instanceof NewChannelEvent)
          && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      NewChannelEvent nc =
          (NewChannelEvent)
              events.stream().filter(e -> e instanceof NewChannelEvent).findFirst().orElseThrow();
      assertEquals(channel, nc.getChannel());
      assertEquals("13912345678", nc.getCallerIdNum());
      agi.nextSession();
      ManagerResponse sv = send(c, new SetVarAction(channel, "SEAT_DEVICE", "PJSIP/seat001"));
      assertEquals("Success", sv.getResponse());
      ManagerResponse rd = send(c, new RedirectAction(channel, "hotline-connect", "s", 1));
      assertEquals("Redirect successful", rd.getMessage());
      ManagerResponse cs = send(c, new CoreShowChannelsAction());
      assertEquals("Success", cs.getResponse());
      ManagerResponse bad = send(c, new RedirectAction("PJSIP/none-1", "hotline-connect", "s", 1));
      assertInstanceOf(ManagerError.class, bad);
      assertTrue(events.size() > 5);
    } finally {
      c.logoff();
    }
  }

  @Test
  void wrongSecretIsRefused() {
    ManagerConnection c =
        new ManagerConnectionFactory("127.0.0.1", sim.amiPort(), "hotline", "wrong-secret")
            .createManagerConnection();
    assertThrows(AuthenticationFailedException.class, c::login);
  }
}
