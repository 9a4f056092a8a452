package org.hotline.gateway.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PhoneMaskTest {
  @Test
  void onlyThePrefixAndTheLastFourDigitsShow() {
    assertEquals("139****5678", PhoneMask.mask("13912345678"));
    assertEquals("010***4567", PhoneMask.mask("0101234567"));
    assertEquals("*****", PhoneMask.mask("12345"));
    assertEquals("", PhoneMask.mask(null));
  }
}
