package org.hotline.gateway.handover;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.gateway.channel.ChannelEvent;
import org.hotline.gateway.config.DialplanNames;

/** Channel events of one caller on {@code ast1}, on a hand-moved clock. */
final class Steps {

  static final DialplanNames NAMES =
      new DialplanNames("hotline-hold", "hotline-connect", "s", 1, Duration.ofSeconds(15));
  static final String UNIQUE_ID = "1796041115.3395";
  static final String CALL_ID = "ast1:" + UNIQUE_ID;

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T08:00:00Z"));

  void later(Duration d) {
    now.set(now.get().plus(d));
  }

  ChannelEvent step(String context, int priority, String app, String data) {
    return new ChannelEvent.DialplanStep(
        "ast1", UNIQUE_ID, context, priority, app, data, now.get());
  }

  ChannelEvent dialBegin() {
    return new ChannelEvent.DialStarted(
        "ast1", UNIQUE_ID, "1796041115.3400", "PJSIP/seat001-00000001", "seat001", now.get());
  }

  ChannelEvent dialEnd(String status) {
    return new ChannelEvent.DialEnded(
        "ast1", UNIQUE_ID, "1796041115.3400", "PJSIP/seat001-00000001", status, now.get());
  }

  ChannelEvent hungUp() {
    return new ChannelEvent.HungUp(
        "ast1", UNIQUE_ID, "1796041115.3394", "PJSIP/trunk-00000001", 16, now.get());
  }
}
