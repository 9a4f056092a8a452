package org.hotline.asterisk.sim.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hotline.asterisk.sim.replay.Transcript;
import org.junit.jupiter.api.Test;

/** eventfilter semantics of Asterisk 22, and the shipped manager.conf. */
class EventFiltersTest {
  static AmiMessage event(String type, String... headers) {
    AmiMessage.Builder b = AmiMessage.builder().add("Event", type).add("Privilege", "call,all");
    for (int i = 0; i < headers.length; i += 2) {
      b.add(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  static boolean pass(EventFilters f, AmiMessage e) {
    return f.accepts(e, e::toWire);
  }

  static EventFilters filters(String... lines) {
    EventFilters f = new EventFilters();
    for (String line : lines) {
      int eq = line.indexOf('=');
      f.add(EventFilter.parse(line.substring(0, eq), line.substring(eq + 1)));
    }
    return f;
  }

  final AmiMessage newchannel = event("Newchannel", "Channel", "PJSIP/trunk-00000001");
  final AmiMessage localNew = event("Newchannel", "Channel", "Local/s@hotline-in-00000002;1");
  final AmiMessage hangup = event("Hangup", "Channel", "Local/1001@agents-00000003;2");
  final AmiMessage varset = event("VarSet", "Channel", "PJSIP/trunk-00000001", "Variable", "X");

  @Test
  void noneIncludeOnlyExcludeOnlyAndBoth() {
    EventFilters none = new EventFilters();
    assertTrue(pass(none, varset));

    EventFilters include = filters("eventfilter(action(include),name(Newchannel)) =");
    assertTrue(pass(include, newchannel));
    assertFalse(pass(include, hangup), "include only: what matches no include is blocked");

    EventFilters exclude =
        filters("eventfilter(action(exclude),header(Channel),method(starts_with)) = Local/");
    assertTrue(pass(exclude, newchannel));
    assertFalse(pass(exclude, localNew));
    assertFalse(pass(exclude, hangup));
    assertTrue(pass(exclude, varset), "exclude only: the rest passes");

    EventFilters both =
        filters(
            "eventfilter(action(include),name(Newchannel)) =",
            "eventfilter(action(include),name(Hangup)) =",
            "eventfilter(action(exclude),header(Channel),method(starts_with)) = Local/");
    assertTrue(pass(both, newchannel));
    assertFalse(pass(both, localNew), "included, then excluded");
    assertFalse(pass(both, hangup));
    assertFalse(pass(both, varset), "not included");
  }

  @Test
  void methodsHeadersAndLegacyRegex() {
    AmiMessage newexten =
        event("Newexten", "Context", "hotline-hold", "DestContext", "agents", "AppData", "x");
    assertTrue(
        pass(filters("eventfilter(header(Context),method(exact)) = hotline-hold"), newexten));
    assertFalse(pass(filters("eventfilter(header(Context),method(exact)) = hotline"), newexten));
    assertTrue(pass(filters("eventfilter(header(Context),method(ends_with)) = -hold"), newexten));
    assertTrue(pass(filters("eventfilter(header(Context),method(contains)) = line-h"), newexten));
    assertTrue(pass(filters("eventfilter(header(Context),method(regex)) = ^hot.*d$"), newexten));
    assertFalse(
        pass(filters("eventfilter(header(Context),method(exact)) = agents"), newexten),
        "Context: is not DestContext:");
    assertTrue(pass(filters("eventfilter(method(contains)) = DestContext: agents"), newexten));
    assertTrue(pass(filters("eventfilter = Event: Newexten"), newexten), "legacy include");
    assertFalse(pass(filters("eventfilter = !Event: Newexten"), newexten), "legacy exclude");
    assertTrue(
        pass(filters("eventfilter = Event: Newexten\\r.*Context: hotline-"), newexten),
        "a legacy regex spans lines");
    assertTrue(
        pass(filters("eventfilter = Event: Newexten\\r.*Context: agents\\r"), newexten),
        "a regex over the text finds Context: inside DestContext:");
    assertFalse(pass(filters("eventfilter = Event: Newexten\\r.*Context: agency"), newexten));
    assertFalse(
        pass(filters("eventfilter(name(Newexten),header(Missing),method(none)) ="), newexten),
        "a header filter needs the header");
  }

  @Test
  void malformedFiltersAreRejectedAsAsteriskDoes() {
    assertThrows(EventFilter.Invalid.class, () -> EventFilter.parse("eventfilter(name(X))", "y"));
    assertThrows(
        EventFilter.Invalid.class, () -> EventFilter.parse("eventfilter(method(exact))", ""));
    assertThrows(
        EventFilter.Invalid.class, () -> EventFilter.parse("eventfilter(action(maybe))", ""));
    assertThrows(EventFilter.Invalid.class, () -> EventFilter.parse("eventfilter(frob(x))", ""));
    assertThrows(EventFilter.Invalid.class, () -> EventFilter.parse("eventfilter()", ""));
    assertThrows(
        EventFilter.Invalid.class, () -> EventFilter.parse("eventfilter(action(include))", ""));
    EventFilter.Invalid bad =
        assertThrows(EventFilter.Invalid.class, () -> EventFilter.parse("eventfilter", "(("));
    assertTrue(bad.compileError());
  }

  @Test
  void decidedByNameWithoutTheEventTextUnlessARegexNeedsIt() {
    EventFilters shipped =
        new EventFilters(
            ManagerConf.parse(ManagerConf.shippedText())
                .account("hotline")
                .orElseThrow()
                .filters());
    AtomicInteger texts = new AtomicInteger();
    Supplier<String> counting =
        () -> {
          texts.incrementAndGet();
          return "";
        };
    for (int i = 0; i < 100_000; i++) {
      assertTrue(shipped.accepts(newchannel, counting));
      assertFalse(shipped.accepts(varset, counting));
    }
    assertEquals(0, texts.get(), "name and header filters never render the event");
    EventFilters legacy = filters("eventfilter = Event: Newchannel");
    legacy.accepts(newchannel, counting);
    assertEquals(1, texts.get());
  }

  @Test
  void theShippedManagerConf() throws IOException {
    ManagerAccount hotline =
        ManagerConf.parse(ManagerConf.shippedText()).account("hotline").orElseThrow();
    assertEquals(
        EnumSet.of(EventClass.SYSTEM, EventClass.CALL, EventClass.DIALPLAN), hotline.read());
    assertEquals(24, hotline.filters().size(), "the commented legacy lines are not loaded");
    assertTrue(hotline.filters().stream().noneMatch(EventFilter::exclude));

    // the legacy alternative the file gives in comments decides every recorded event the same way
    List<String> legacyLines = new ArrayList<>();
    for (String line : ManagerConf.shippedText().split("\n")) {
      if (line.startsWith(";eventfilter = ")) {
        legacyLines.add(line.substring(1));
      }
    }
    assertEquals(2, legacyLines.size());
    EventFilters legacy = filters(legacyLines.toArray(new String[0]));
    EventFilters advanced = new EventFilters(hotline.filters());
    int passed = 0;
    int n = 0;
    for (String file :
        List.of(
            "shipped-dialplan-answered.ami",
            "shipped-dialplan-ring-no-answer.ami",
            "external-acd-answered.ami",
            "chanspy-supervisor.ami")) {
      for (AmiMessage e : recorded(file)) {
        if (!e.isEvent()) {
          continue;
        }
        n++;
        boolean a = pass(advanced, e);
        assertEquals(a, pass(legacy, e), e.eventType() + " in " + file);
        passed += a ? 1 : 0;
      }
    }
    assertTrue(passed > 50 && passed < n / 2, passed + " of " + n);
    assertTrue(
        recorded("chanspy-supervisor.ami").stream()
            .filter(e -> e.eventType().startsWith("ChanSpy"))
            .allMatch(e -> pass(advanced, e)),
        "the spy's start and stop reach the gateway");
  }

  static List<AmiMessage> recorded(String file) throws IOException {
    try (InputStream in = EventFiltersTest.class.getResourceAsStream("/recordings/" + file)) {
      List<AmiMessage> out = new ArrayList<>();
      for (String f : Transcript.parse(in.readAllBytes()).frames()) {
        AmiMessage.Builder b = AmiMessage.builder();
        for (String line : f.split("\r\n")) {
          if (!line.isEmpty()) {
            int c = line.indexOf(':');
            b.add(line.substring(0, c), line.substring(c + 1).stripLeading());
          }
        }
        out.add(b.build());
      }
      return out;
    }
  }
}
