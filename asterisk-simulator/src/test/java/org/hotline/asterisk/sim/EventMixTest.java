package org.hotline.asterisk.sim;

import static org.hotline.asterisk.sim.SimTestSupport.SECRET;
import static org.hotline.asterisk.sim.SimTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.dialplan.DialplanProfile;
import org.hotline.asterisk.sim.dialplan.DialplanSource;
import org.hotline.asterisk.sim.distribution.Distribution;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-call event stream, as big as the real one. The recorded scenario of
 * shipped-dialplan-answered.md is replayed in the simulator (the dialplan as tried, citizens
 * originated as Local/s@hotline-in with the ;1 half in callgen, Local/1NNN@agents seats answering
 * and talking 3-6 s, a driver that redirects from hold once AMI showed MusicOnHoldStart) and each
 * event type's count per call is compared with the recording's (its .ami: the events with the
 * call's Linkedid). Then the same for the new shipped dialplan, whose offer is handed over in the
 * /incoming session; its stream is printed and kept in target/ for the record.
 */
class EventMixTest {
  static final int CALLS = 20;

  Vertx vertx;
  TestAgiServer agi;
  AsteriskSimulator sim;
  RawAmiClient driver;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    agi = new TestAgiServer(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (driver != null) {
      driver.close();
    }
    if (sim != null) {
      await(sim.close());
    }
    agi.close();
    await(vertx.close());
  }

  private void start(UnaryOperator<SimulatorOptions> more) throws Exception {
    sim =
        await(
            AsteriskSimulator.start(
                vertx,
                more.apply(
                    SimulatorOptions.defaults(SECRET, agi.address())
                        .withTimeScale(10)
                        .withSeatDefault(
                            SeatBehaviour.answering(
                                Distribution.fixed(0), Distribution.uniform(3, 6))))));
    driver = new RawAmiClient(sim.amiPort());
    driver.login(SECRET);
  }

  private void originate(int i) throws IOException {
    driver.send(
        "Action: Originate",
        "ActionID: o-" + i,
        "Channel: Local/s@hotline-in",
        "Context: callgen",
        "Exten: s",
        "Priority: 1",
        "CallerID: \"Citizen " + i + "\" <1391702" + String.format("%04d", i) + ">",
        "Variable: DRV_CALLNO=" + i,
        "Async: true");
  }

  private static String seat(String channel) {
    // one seat per call: Local/1NNN@agents, NNN from the channel's sequence number
    String seq = channel.substring(channel.lastIndexOf('-') + 1, channel.indexOf(';'));
    return "Local/1" + String.format("%03d", Integer.parseInt(seq, 16) % 1000) + "@agents";
  }

  /** Plays the calls; the driver redirects from hold when asked to; returns when all ended. */
  private void run(boolean redirectFromHold) throws Exception {
    for (int i = 0; i < CALLS; i++) {
      originate(i);
      Thread.sleep(30);
    }
    Set<String> offered = new TreeSet<>();
    int ended = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ended < 2 * CALLS && System.nanoTime() < end) {
      AmiMessage m = driver.frames.poll(100, TimeUnit.MILLISECONDS);
      if (m == null) {
        continue;
      }
      String c = m.value("Channel");
      if (redirectFromHold
          && m.eventType().equals("MusicOnHoldStart")
          && c.startsWith("Local/s@hotline-in")
          && offered.add(c)) {
        String uid = m.value("Uniqueid");
        driver.send(
            "Action: Setvar", "Channel: " + c, "Variable: SEAT_DEVICE", "Value: " + seat(c));
        driver.send("Action: Setvar", "Channel: " + c, "Variable: SEAT_TIMEOUT", "Value: 15");
        driver.send(
            "Action: Setvar",
            "Channel: " + c,
            "Variable: HOTLINE_RECORDING",
            "Value: hotline/20261130/ast1-" + uid);
        driver.send(
            "Action: Redirect",
            "Channel: " + c,
            "Context: hotline-connect",
            "Exten: s",
            "Priority: 1");
      }
      if (m.eventType().equals("Hangup") && c.startsWith("Local/s@hotline-in")) {
        ended++;
      }
    }
    assertEquals(2 * CALLS, ended, "every citizen's ;1 and ;2 hung up");
    Thread.sleep(200);
  }

  @Test
  void theRecordedCallsEventMixWithinTenPercent() throws Exception {
    agi.on(
        "incoming",
        (s, t) -> {
          s.send("SET VARIABLE HOTLINE_CALL_ID \"ast1:" + s.envValue("agi_uniqueid") + "\"");
          s.onReply(() -> s.socket.close());
        });
    start(o -> o.withDialplan(Lab1130.triedDialplan()));
    EventLog all = EventLog.of(sim);
    run(true);
    assertEquals(CALLS, sim.stats().dials(), "every call rang a seat");
    assertEquals(0, sim.stats().dialNoAnswer() + sim.stats().dialUnavailable());

    Map<String, Double> recorded = counts(recordedEvents("shipped-dialplan-answered.ami"), 1);
    Map<String, Double> mine = counts(withLinkedid(all.events), CALLS);
    Map<String, Double> whole = counts(all.events, CALLS);
    Map<String, Double> md = mdMix("shipped-dialplan-answered.md");
    String table = table(recorded, mine, whole, md);
    System.out.println(table);
    keep("event-mix-recorded-scenario.txt", table);

    assertEquals(recorded.keySet(), mine.keySet(), "the same event types");
    for (Map.Entry<String, Double> e : recorded.entrySet()) {
      double sim = mine.get(e.getKey());
      assertTrue(
          Math.abs(sim - e.getValue()) <= 0.1 * e.getValue(),
          e.getKey() + ": recording " + e.getValue() + ", simulator " + sim);
    }
    assertEquals(0, sim.stats().redirectDrops(), "redirected from inside MusicOnHold only");
  }

  @Test
  void theNewShippedDialplansStreamPerCall() throws Exception {
    // the shipped design: the gateway hands the offer over inside /incoming
    agi.on(
        "incoming",
        (s, t) -> {
          String c = s.envValue("agi_channel");
          String uid = s.envValue("agi_uniqueid");
          AmiFiltersTest.sendAll(
              s,
              List.of(
                  "HOTLINE_CALL_ID \"ast1:" + uid + "\"",
                  "SEAT_DEVICE \"" + seat(c) + "\"",
                  "SEAT_TIMEOUT \"15\"",
                  "HOTLINE_RECORDING \"hotline/20261130/ast1-" + uid + "\"",
                  "HOTLINE_NEXT \"connect\""),
              0);
        });
    start(
        o ->
            o.withDialplan(DialplanSource.of(DialplanProfile.GATEWAY).plus(Lab1130.CALLGEN))
                // the shipped account's filters; this lab's call generator originates through it
                .withManagerConf(org.hotline.asterisk.sim.ami.ManagerConf.shippedText()));
    EventLog all = EventLog.of(sim);
    List<AmiMessage> filtered;
    try (RawAmiClient gateway = new RawAmiClient(sim.amiPort())) {
      gateway.login(SECRET);
      run(false);
      filtered = gateway.drain(Duration.ofMillis(100));
    }
    Map<String, Double> mine = counts(withLinkedid(all.events), CALLS);
    Map<String, Double> whole = counts(all.events, CALLS);
    Map<String, Double> gatewaySees = counts(filtered, CALLS);
    Map<String, Double> recorded = counts(recordedEvents("shipped-dialplan-answered.ami"), 1);
    StringBuilder sb = new StringBuilder();
    sb.append("New shipped extensions.conf, offer handed over in /incoming, per call (")
        .append(CALLS)
        .append(" calls)\n");
    sb.append(
        String.format(
            "%-20s %14s %14s %16s %18s%n",
            "event", "as tried (rec)", "shipped, Lid", "shipped, whole", "shipped, mgr.conf"));
    Set<String> types = new TreeSet<>(whole.keySet());
    types.addAll(recorded.keySet());
    for (String t : types) {
      sb.append(
          String.format(
              "%-20s %14s %14s %16s %18s%n",
              t,
              fmt(recorded.get(t)),
              fmt(mine.get(t)),
              fmt(whole.get(t)),
              fmt(gatewaySees.get(t))));
    }
    sb.append(
        String.format(
            "%-20s %14s %14s %16s %18s%n",
            "(total)", fmt(sum(recorded)), fmt(sum(mine)), fmt(sum(whole)), fmt(sum(gatewaySees))));
    System.out.println(sb);
    keep("event-mix-shipped-dialplan.txt", sb.toString());

    assertEquals(CALLS, sim.stats().dials(), "every offer handed over in the AGI rang a seat");
    assertEquals(0, sim.stats().redirectDrops());
    assertEquals(null, mine.get("MusicOnHoldStart"), "no caller waited in hold");
    assertTrue(sum(gatewaySees) < sum(whole) / 2, "the shipped filters cut the stream");
  }

  static List<AmiMessage> recordedEvents(String file) throws IOException {
    return RedirectRaceTest.RecordingSupport.frames(file).stream()
        .filter(AmiMessage::isEvent)
        .toList();
  }

  /** Events that carry a Linkedid of one of the citizens' calls, as the recording's .ami has. */
  static List<AmiMessage> withLinkedid(List<AmiMessage> events) {
    Set<String> calls = new TreeSet<>();
    for (AmiMessage m : events) {
      if (m.value("Channel").startsWith("Local/s@hotline-in") && !m.value("Linkedid").isEmpty()) {
        calls.add(m.value("Linkedid"));
      }
    }
    return events.stream().filter(m -> calls.contains(m.value("Linkedid"))).toList();
  }

  static Map<String, Double> counts(List<AmiMessage> events, int calls) {
    Map<String, Double> out = new TreeMap<>();
    for (AmiMessage m : events) {
      boolean listItem =
          !m.value("ActionID").isEmpty() && !m.eventType().equals("OriginateResponse");
      if (m.isEvent() && !listItem && !m.eventType().equals("FullyBooted")) {
        out.merge(m.eventType(), 1.0 / calls, Double::sum);
      }
    }
    return out;
  }

  /** The .md's per-call mix over the whole lab run ("VarSet 39.9, Newexten 21.6, ..."). */
  static Map<String, Double> mdMix(String file) throws IOException {
    String text;
    try (InputStream in = EventMixTest.class.getResourceAsStream("/recordings/" + file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace('\n', ' ');
    }
    int from = text.indexOf("received about");
    int to = text.indexOf("and a few more", from);
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("([A-Z][A-Za-z]+)(?:/([A-Z][A-Za-z]+))? (\\d+(?:\\.\\d+)?)")
            .matcher(text.substring(from, to));
    while (m.find()) {
      double v = Double.parseDouble(m.group(3));
      out.put(m.group(1), v);
      if (m.group(2) != null) {
        // HangupHandlerPush/Run: the second name shares the first one's stem
        String stem = m.group(1).replaceAll("[A-Z][a-z]+$", "");
        out.put(stem + m.group(2), v);
      }
    }
    return out;
  }

  static String table(
      Map<String, Double> recorded,
      Map<String, Double> mine,
      Map<String, Double> whole,
      Map<String, Double> md) {
    StringBuilder sb = new StringBuilder();
    sb.append("Recorded scenario (extensions-as-tried-2026-11-30.conf), per call, ")
        .append(CALLS)
        .append(" simulated calls\n");
    sb.append(
        String.format(
            "%-20s %10s %10s %7s   %14s %14s%n",
            "event", "rec .ami", "sim Lid", "diff", "md whole run", "sim whole"));
    Set<String> types = new TreeSet<>(recorded.keySet());
    types.addAll(mine.keySet());
    types.addAll(whole.keySet());
    types.addAll(md.keySet());
    for (String t : types) {
      Double r = recorded.get(t);
      Double s = mine.get(t);
      String diff = r == null || s == null ? "" : String.format("%+.1f%%", 100 * (s - r) / r);
      sb.append(
          String.format(
              "%-20s %10s %10s %7s   %14s %14s%n",
              t, fmt(r), fmt(s), diff, fmt(md.get(t)), fmt(whole.get(t))));
    }
    sb.append(
        String.format(
            "%-20s %10s %10s %7s   %14s %14s%n",
            "(total)", fmt(sum(recorded)), fmt(sum(mine)), "", "~117", fmt(sum(whole))));
    return sb.toString();
  }

  static double sum(Map<String, Double> m) {
    return m.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  static String fmt(Double v) {
    return v == null ? "-" : String.format("%.2f", v);
  }

  static void keep(String name, String text) throws IOException {
    Path dir = Path.of("target");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name), text);
  }
}
