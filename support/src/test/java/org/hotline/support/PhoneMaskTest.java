package org.hotline.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hotline.support.phone.PhoneMask;
import org.junit.jupiter.api.Test;

/** Phone numbers never appear whole in a log line. */
class PhoneMaskTest {

  @Test
  void keepsTheFirstThreeAndLastFourDigitsOfALongNumber() {
    assertEquals("139****5678", PhoneMask.mask("13912345678"));
    assertEquals("+86****5678", PhoneMask.mask("+8613912345678"));
    assertEquals("010****3456", PhoneMask.mask("010-6512 3456"));
    assertEquals("010****4567", PhoneMask.mask("0101234567"));
  }

  @Test
  void shortNumbersAndNonNumbersRevealAlmostNothing() {
    assertEquals("***45", PhoneMask.mask("12345"));
    assertEquals("**", PhoneMask.mask("12"));
    assertEquals("(withheld)", PhoneMask.mask("anonymous"));
    assertEquals("(withheld)", PhoneMask.mask("unknown"));
    assertEquals("(none)", PhoneMask.mask(""));
    assertEquals("(none)", PhoneMask.mask(null));
  }
}
