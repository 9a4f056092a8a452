package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.EventLog.event;
import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.dialplan.Dialplan;
import org.hotline.asterisk.sim.dialplan.DialplanProfile;
import org.hotline.asterisk.sim.dialplan.DialplanSource;
import org.hotline.asterisk.sim.dialplan.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator runs extensions.conf files: the shipped one by default, any other on request. */
class DialplanInterpreterTest {
  Vertx vertx;
  TestAgiServer agi;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    agi = new TestAgiServer(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    agi.close();
    await(vertx.close());
  }

  @Test
  void theGatewayProfileIsTheShippedFileAndRecordedIsTheLabs() throws Exception {
    assertEquals(
        Files.readString(Path.of("..", "config", "asterisk", "extensions.conf")),
        DialplanSource.of(DialplanProfile.GATEWAY).text(),
        "the build copies config/asterisk/extensions.conf into the simulator");
    assertEquals(
        Files.readString(Path.of("src", "test", "resources", "dialplans", "dialplan-used.conf")),
        DialplanSource.resource(DialplanSource.RECORDED_RESOURCE).text());
    assertTrue(
        DialplanSource.of(DialplanProfile.RECORDED)
            .text()
            .contains("agi://${GATEWAY_AGI}/incoming"));
  }

  @Test
  void aTrunkCallRunsTheShippedFilePriorityByPriority() throws Exception {
    agi.on(
        "incoming",
        (s, t) -> {
          s.send("SET VARIABLE HOTLINE_CALL_ID \"HC-1\"");
          s.onReply(() -> s.socket.close());
        });
    AsteriskSimulator sim =
        await(
            AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(SECRET, agi.address())
                    .withSystemName("ast7")
                    .withTimeScale(10)));
    try {
      EventLog log = EventLog.of(sim);
      long before = sim.clock().simEpochSeconds();
      String channel = await(sim.placeCall(CallSpec.of("13912345678")));
      TestAgiServer.Session s = agi.nextSession();
      assertEquals("ast7", s.envValue("agi_arg_1"), "HOTLINE_SERVER from the system name");
      assertEquals("12345", s.envValue("agi_arg_2"), "HOTLINE_DNID set in from-trunk");
      long entered = Long.parseLong(s.envValue("agi_arg_3"));
      assertTrue(entered >= before && entered <= before + 5, "HOTLINE_ENTERED is ${EPOCH}");
      assertEquals("hotline-in", s.envValue("agi_context"));
      assertEquals(
          "agi://" + agi.address() + "/incoming", s.envValue("agi_request"), "GATEWAY_AGI");
      log.await(event("MusicOnHoldStart", "Channel", channel), Duration.ofSeconds(5));

      List<AmiMessage> mine = log.of(channel);
      assertEquals("from-trunk", mine.get(0).value("Context"), "Newchannel");
      assertEquals("12345", mine.get(0).value("Exten"));
      AmiMessage dnid =
          mine.stream().filter(m -> m.value("Variable").equals("__HOTLINE_DNID")).findFirst().get();
      assertEquals("12345", dnid.value("Value"), "VarSet shows the name as written");
      Dialplan shipped = DialplanSource.of(DialplanProfile.GATEWAY).parse();
      List<AmiMessage> steps = mine.stream().filter(m -> m.eventType().equals("Newexten")).toList();
      assertTrue(steps.size() >= 14, "from-trunk, hotline-in and hotline-hold: " + steps.size());
      for (AmiMessage step : steps) {
        Priority p =
            shipped
                .find(
                    step.value("Context"),
                    step.value("Exten"),
                    Integer.parseInt(step.value("Priority")))
                .orElseThrow(() -> new AssertionError("not in the shipped file: " + step));
        assertEquals(p.app(), step.value("Application"), step.toString());
      }
      assertEquals("MusicOnHold", steps.get(steps.size() - 1).value("Application"));
      assertEquals("default,1800", steps.get(steps.size() - 1).value("AppData"));
      assertEquals(
          "HOTLINE_ENTERED=" + entered,
          steps.stream()
              .filter(m -> m.value("AppData").startsWith("HOTLINE_ENTERED="))
              .findFirst()
              .get()
              .value("AppData"));
    } finally {
      await(sim.close());
    }
  }

  @Test
  void applicationsLabelsExpressionsInheritanceHandlersAndUnknownApps() throws Exception {
    String text =
        String.join(
            "\n",
            "[globals]",
            "G=glob",
            "[from-trunk]",
            "exten => _X.,1,Set(__DNID=${EXTEN})",
            " same => n,Goto(feat,s,1)",
            "[feat]",
            "exten => s,1,Set(I=0)",
            " same => n,Set(CHANNEL(hangup_handler_push)=bye,s,1)",
            " same => n(loop),Set(I=$[${I} + 1])",
            " same => n,GotoIf($[${I} < 3]?loop:after)",
            " same => n(after),ExecIf($[\"${G}\" = \"glob\"]?Set(E=yes):Set(E=no))",
            " same => n,Frobnicate(x)",
            " same => n,Wait(0.2)",
            " same => n,Goto(other,${DNID},1)",
            "[other]",
            "exten => _1XXXX,1,NoOp(dnid ${DNID} unset [${NOPE}] ${CALLERID(num)})",
            " same => n,Hangup(17)",
            "[bye]",
            "exten => s,1,NoOp(cause ${HANGUPCAUSE})",
            " same => n,Set(H=done)",
            " same => n,Return()");
    AsteriskSimulator sim =
        await(
            AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(SECRET, agi.address())
                    .withDialplanText("features", text)
                    .withTimeScale(10)));
    try {
      EventLog log = EventLog.of(sim);
      String channel = await(sim.placeCall(CallSpec.of("13900000001")));
      AmiMessage hangup = log.await(event("Hangup", "Channel", channel), Duration.ofSeconds(5));
      assertEquals("17", hangup.value("Cause"));
      List<AmiMessage> mine = log.of(channel);
      assertEquals(
          List.of("__DNID=12345", "I=0", "I=1", "I=2", "I=3", "E=yes"),
          mine.stream()
              .filter(m -> m.eventType().equals("VarSet"))
              .map(m -> m.value("Variable") + "=" + m.value("Value"))
              .limit(6)
              .toList());
      List<String> apps =
          mine.stream()
              .filter(m -> m.eventType().equals("Newexten"))
              .map(
                  m ->
                      m.value("Context") + ":" + m.value("Priority") + ":" + m.value("Application"))
              .toList();
      assertEquals(
          List.of(
              "from-trunk:1:Set",
              "from-trunk:2:Goto",
              "feat:1:Set",
              "feat:2:Set",
              "feat:3:Set",
              "feat:4:GotoIf",
              "feat:3:Set",
              "feat:4:GotoIf",
              "feat:3:Set",
              "feat:4:GotoIf",
              "feat:5:ExecIf",
              "feat:6:Frobnicate",
              "feat:7:Wait",
              "feat:8:Goto",
              "other:1:NoOp",
              "other:2:Hangup",
              "bye:1:NoOp",
              "bye:2:Set",
              "bye:3:Return"),
          apps);
      assertEquals(
          "dnid 12345 unset [] 13900000001",
          mine.stream()
              .filter(m -> m.value("Context").equals("other") && m.eventType().equals("Newexten"))
              .findFirst()
              .get()
              .value("AppData"));
      assertEquals(
          "cause 17",
          mine.stream()
              .filter(m -> m.value("Context").equals("bye") && m.eventType().equals("Newexten"))
              .findFirst()
              .get()
              .value("AppData"));
      assertTrue(mine.stream().anyMatch(m -> m.value("Variable").equals("H")), "handler's Set");
      assertEquals("other", hangup.value("Context"), "Hangup shows where the channel was");
    } finally {
      await(sim.close());
    }
  }
}
