package org.hotline.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.cases.api.PhoneNumbers;
import org.junit.jupiter.api.Test;

/** Records that carry callers' numbers never show them whole. */
class PhoneMaskTest {

  @Test
  void recordsThatCarryNumbersMaskThemInToString() {
    CallFacts f = CallFacts.entered("c1", "pbx1", "13912345678", "general", Instant.EPOCH);
    assertFalse(f.toString().contains("13912345678"));
    assertTrue(f.toString().contains("139****5678"));
    CallbackCandidate c =
        new CallbackCandidate("c1", "13912345678", "general", Instant.EPOCH, Instant.EPOCH);
    assertFalse(c.toString().contains("13912345678"));
  }

  @Test
  void numbersAreNormalisedAndWithheldCallerIdsAreNotNumbers() {
    assertEquals("13912345678", PhoneNumbers.normalize(" 139-1234-5678 ").orElseThrow());
    assertTrue(PhoneNumbers.normalize("anonymous").isEmpty());
    assertTrue(PhoneNumbers.normalize("").isEmpty());
    assertTrue(PhoneNumbers.normalize("1".repeat(21)).isEmpty());
  }
}
