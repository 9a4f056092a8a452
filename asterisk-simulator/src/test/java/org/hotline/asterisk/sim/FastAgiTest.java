package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.dialplan.DialplanProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FastAGI sessions as Asterisk opens them, compared with the recorded transcripts. */
class FastAgiTest {
  Vertx vertx;
  TestAgiServer agi;
  AsteriskSimulator sim;
  RawAmiClient ami;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    agi = new TestAgiServer(vertx);
    sim =
        await(
            AsteriskSimulator.start(
                vertx,
                SimulatorOptions.defaults(SECRET, agi.address())
                    .withProfile(DialplanProfile.RECORDED)
                    .withTimeScale(10)));
    ami = new RawAmiClient(sim.amiPort());
    ami.login(SECRET);
  }

  @AfterEach
  void tearDown() throws Exception {
    ami.close();
    await(sim.close());
    agi.close();
    await(vertx.close());
  }

  static List<String> recordedSession(String file, int session) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = FastAgiTest.class.getResourceAsStream("/recordings/" + file)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String tag = "] #" + session + " AST> ";
        int i = line.indexOf(tag);
        if (i < 0) {
          continue;
        }
        String l = line.substring(i + tag.length());
        if (l.isEmpty()) {
          break;
        }
        out.add(l);
      }
    }
    return out;
  }

  static String normalise(String line) {
    return line.replaceAll("\\d{10}\\.\\d+", "UID")
        .replaceAll("-[0-9a-f]{8};", "-N;")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "HOST")
        .replaceAll("agi_threadid: \\d+", "agi_threadid: T");
  }

  private void originate(String channel, String context) throws IOException {
    ami.send(
        "Action: Originate",
        "ActionID: o",
        "Channel: " + channel,
        "Context: " + context,
        "Exten: s",
        "Priority: 1",
        "CallerID: \"Citizen\" <13912345678>",
        "Timeout: 30000",
        "Async: true");
  }

  @Test
  void environmentBlockIsExactlyAsRecorded() throws Exception {
    agi.on("incoming", (s, t) -> s.socket.close());
    originate("Local/s@hotline-in", "callgen");
    TestAgiServer.Session s = agi.nextSession();
    List<String> expected =
        recordedSession("external-acd-answered.fastagi.txt", 1).stream()
            .map(FastAgiTest::normalise)
            .toList();
    List<String> actual = s.env.stream().map(FastAgiTest::normalise).toList();
    assertEquals(expected, actual);
    AmiMessage varset = ami.awaitEvent("VarSet", "Variable", "AGISTATUS");
    assertEquals("SUCCESS", varset.value("Value"));
  }

  @Test
  void hangupDuringCommandBehavesAsRecorded() throws Exception {
    originate("Local/s@fagi-hangup", "callgen-abandon");
    TestAgiServer.Session s = agi.nextSession();
    assertEquals("hangup-test", s.script());
    s.send("WAIT FOR DIGIT 10000");
    assertEquals("200 result=-1", s.next());
    assertEquals("HANGUP", s.next());
    s.send("WAIT FOR DIGIT 1000");
    assertEquals("511 Command Not Permitted on a dead channel or intercept routine", s.next());
    s.send("GET FULL VARIABLE ${HANGUPCAUSE}");
    assertEquals("200 result=1 (16)", s.next());
    s.send("SET VARIABLE HOTLINE_AGI_DONE \"1\"");
    assertEquals("200 result=1", s.next());
    s.send("NOOP");
    assertEquals("200 result=0", s.next());
    AmiMessage end = ami.awaitEvent("AGIExecEnd", "Command", "WAIT FOR DIGIT 10000");
    assertEquals("-1", end.value("ResultCode"));
    assertEquals("Failure", end.value("Result"));
    Thread.sleep(300);
    List<AmiMessage> sofar = ami.drain(Duration.ofMillis(100));
    assertFalse(
        sofar.stream()
            .anyMatch(m -> m.eventType().equals("Hangup") && m.value("Channel").endsWith(";2")),
        "the ;2 Hangup is held back while the FastAGI session is open");
    s.socket.close();
    AmiMessage status = ami.awaitEvent("VarSet", "Variable", "AGISTATUS");
    assertEquals("HANGUP", status.value("Value"));
    AmiMessage hangup =
        ami.await(
            m -> m.eventType().equals("Hangup") && m.value("Channel").endsWith(";2"),
            Duration.ofSeconds(5));
    assertEquals("16", hangup.value("Cause"));
  }

  @Test
  void surveyPromptsAndDigits() throws Exception {
    agi.on("survey", (s, t) -> {});
    originate("PJSIP/13912345678@trunk", "survey");
    TestAgiServer.Session s = agi.nextSession();
    assertEquals("survey", s.script());
    s.send("GET DATA hotline/missing-prompt 2000 1");
    assertEquals("200 result=-1", s.next());
    s.send("GET DATA silence/1 5000 1");
    assertEquals("200 result=1", s.next());
    s.send("WAIT FOR DIGIT 5000");
    assertEquals("200 result=50", s.next());
    s.send("FROBNICATE");
    assertEquals("510 Invalid or unknown command", s.next());
    s.send("SET VARIABLE SURVEY_Q1 \"1\"");
    assertEquals("200 result=1", s.next());
    s.socket.close();
    assertTrue(ami.awaitEvent("OriginateResponse", "Response", "Success") != null);
    ami.awaitEvent("VarSet", "Variable", "SURVEY_Q1");
  }

  @Test
  void aCalledResidentWithKeysOfTheirOwnPressesThoseInsteadOfTheDefault() throws Exception {
    sim.seats().presses("PJSIP/13900000077@trunk", "32");
    agi.on("survey", (s, t) -> {});
    originate("PJSIP/13900000077@trunk", "survey");
    TestAgiServer.Session s = agi.nextSession();
    s.send("GET DATA hotline/missing-prompt 2000 1");
    assertEquals("200 result=-1", s.next(), "a missing prompt consumes no key");
    s.send("GET DATA silence/1 5000 1");
    assertEquals("200 result=3", s.next());
    s.send("WAIT FOR DIGIT 5000");
    assertEquals("200 result=50", s.next());
    s.socket.close();
  }
}
