package org.hotline.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void controlBytesAreWrittenAsHexEscapes() {
    assertEquals(
        "a\\x00b\\x1b[2J\\x07\\x0a\\x0d\\x7f\\x85c",
        LogSafe.text("a\0b\u001b[2J\u0007\n\r\u007f\u0085c"));
  }

  @Test
  void bidiAndOtherInvisibleCharactersAreEscapedToo() {
    assertEquals(
        "\\u202eexe.txt\\u200b\\u2066\\u061c\\u2028",
        LogSafe.text("\u202eexe.txt\u200b\u2066\u061c\u2028"));
  }

  @Test
  void escapingTwiceChangesNothingMore() {
    String once = LogSafe.text("a\0b\u202ec");
    assertEquals(once, LogSafe.text(once));
  }

  @Test
  void lengthIsBoundedInCodePointsAndTheRestCounted() {
    assertEquals("长".repeat(5) + "…(+95)", LogSafe.text("长".repeat(100), 5));
    assertEquals(256 + "…(+744)".length(), LogSafe.text("x".repeat(1000)).length());
    assertEquals("short", LogSafe.text("short"));
    assertEquals("null", LogSafe.text(null));
  }

  @Test
  void controlsOnlyEscapesControlCharactersButTabAndKeepsTheRest() {
    assertEquals(
        "Channel: PJSIP/x\\x00\tok \\ \u202e",
        LogSafe.controls("Channel: PJSIP/x\0\tok \\ \u202e"));
    String clean = "Event: Newchannel";
    assertEquals(clean, LogSafe.controls(clean));
  }
}
