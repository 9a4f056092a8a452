package org.hotline.asterisk.sim.dialplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** extensions.conf as Asterisk reads it, and the three dialplan files the simulator runs. */
class DialplanParserTest {
  static String resource(String path) throws IOException {
    try (InputStream in = DialplanParserTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("no resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void contextsPrioritiesLabelsPatternsCommentsAndGlobals() {
    Dialplan d =
        Dialplan.parse(
            "t",
            String.join(
                "\n",
                "; a comment line",
                "[general]",
                "static=yes",
                "[globals]",
                "GATEWAY_AGI=127.0.0.1:4573      ; ADAPT: comment",
                "EMPTY=                ; nothing",
                "[in]",
                "exten => s,1,NoOp(Call from ${CALLERID(all)} on ${CHANNEL}) ; trailing",
                " same => n,Answer()",
                " same => n(loop),Wait(1)",
                " same => n,GotoIf($[${X} < 3]?loop:done)",
                " same => n(done),Hangup",
                "exten => _NXX,1,NoOp(three digits)",
                "exten => _X.,1,NoOp(anything)",
                "exten => 123,1,NoOp(literal wins)",
                "exten => 5,1,Set(A=semi\\;colon)",
                ";-- a block",
                "exten => 6,1,NoOp(commented out)",
                "--;",
                "include => other",
                "[other]",
                "exten => 9,1,NoOp(included)",
                "[queue-like]",
                "strategy = linear",
                "member => Local/1@x"));
    assertEquals(List.of("in", "other"), List.copyOf(d.contexts()), "settings-only sections");
    assertEquals("127.0.0.1:4573", d.globals().get("GATEWAY_AGI"));
    assertEquals("", d.globals().get("EMPTY"));
    Priority p1 = d.find("in", "s", 1).orElseThrow();
    assertEquals("NoOp", p1.app());
    assertEquals("Call from ${CALLERID(all)} on ${CHANNEL}", p1.data());
    assertEquals("Answer", d.find("in", "s", 2).orElseThrow().app());
    assertEquals(3, d.label("in", "s", "loop").getAsInt());
    assertEquals(5, d.label("in", "s", "done").getAsInt());
    assertEquals("Hangup", d.find("in", "s", 5).orElseThrow().app());
    assertEquals("", d.find("in", "s", 5).orElseThrow().data());
    assertEquals("$[${X} < 3]?loop:done", d.find("in", "s", 4).orElseThrow().data());
    assertEquals("literal wins", d.find("in", "123", 1).orElseThrow().data());
    assertEquals("three digits", d.find("in", "234", 1).orElseThrow().data());
    assertEquals("anything", d.find("in", "1234", 1).orElseThrow().data());
    assertEquals("anything", d.find("in", "12", 1).orElseThrow().data());
    assertEquals("A=semi;colon", d.find("in", "5", 1).orElseThrow().data());
    assertTrue(d.find("in", "6", 1).isEmpty(), "block comment");
    assertEquals("included", d.find("in", "9", 1).orElseThrow().data());
    assertTrue(d.find("in", "s", 6).isEmpty());
    assertFalse(d.hasExtension("in", "x"));
    assertFalse(d.hasContext("queue-like"));
  }

  @Test
  void patternClasses() {
    assertTrue(ExtensionPattern.of("_X.").matches("12345"));
    assertFalse(ExtensionPattern.of("_X.").matches("1"), ". is one or more");
    assertTrue(ExtensionPattern.of("_X!").matches("1"), "! is zero or more");
    assertTrue(ExtensionPattern.of("_NXX").matches("200"));
    assertFalse(ExtensionPattern.of("_NXX").matches("100"));
    assertTrue(ExtensionPattern.of("_Z[2-4]").matches("13"));
    assertFalse(ExtensionPattern.of("_Z[2-4]").matches("15"));
    assertTrue(ExtensionPattern.of("_1[0-9]X").matches("105"));
    assertTrue(ExtensionPattern.of("s").matches("s"));
    assertFalse(ExtensionPattern.of("s").matches("t"));
  }

  @Test
  void theShippedTheTriedAndTheLabDialplansParse() throws IOException {
    Dialplan shipped =
        Dialplan.parse(
            "shipped", Files.readString(Path.of("..", "config", "asterisk", "extensions.conf")));
    assertTrue(
        shipped
            .contexts()
            .containsAll(
                List.of(
                    "from-trunk",
                    "hotline-in",
                    "hotline-hold",
                    "hotline-retry",
                    "hotline-connect",
                    "hotline-hangup",
                    "seats")));
    assertEquals("", shipped.globals().get("GATEWAY_AGI_2"));
    assertEquals("1800", shipped.globals().get("HOTLINE_MAX_WAIT"));
    assertEquals("AGI", shipped.find("hotline-in", "s", 7).orElseThrow().app());
    assertEquals("ExecIf", shipped.find("hotline-in", "s", 8).orElseThrow().app());
    assertEquals(4, shipped.label("hotline-connect", "s", "dial").getAsInt());
    assertEquals("Dial", shipped.find("hotline-connect", "s", 5).orElseThrow().app());
    assertEquals("Set", shipped.find("from-trunk", "12345", 1).orElseThrow().app());
    assertEquals("ChanSpy", shipped.find("hotline-spy", "s", 2).orElseThrow().app());
    assertEquals(
        "${SPY_TARGET},${SPY_OPTIONS}", shipped.find("hotline-spy", "s", 2).orElseThrow().data());

    Dialplan tried =
        Dialplan.parse("tried", resource("/dialplans/extensions-as-tried-2026-11-30.conf"));
    assertEquals("MusicOnHold", tried.find("hotline-hold", "s", 3).orElseThrow().app());
    assertEquals("default,10", tried.find("hotline-hold", "s", 3).orElseThrow().data());
    assertEquals(3, tried.label("hotline-hold", "s", "loop").getAsInt());
    assertEquals("ExecIf", tried.find("hotline-connect", "s", 2).orElseThrow().app());

    Dialplan lab = Dialplan.parse("lab", resource("/dialplans/dialplan-used.conf"));
    assertTrue(lab.contexts().containsAll(List.of("agents", "callgen", "survey", "resident")));
    assertFalse(lab.hasContext("hotline-rna"), "queues.conf sections are not contexts");
    assertEquals("Wait", lab.find("agents", "1001", 3).orElseThrow().app());
    assertEquals("${RAND(3,6)}", lab.find("agents", "1001", 3).orElseThrow().data());
  }
}
