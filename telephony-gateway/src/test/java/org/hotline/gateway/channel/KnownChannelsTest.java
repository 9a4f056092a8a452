package org.hotline.gateway.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.gateway.channel.KnownChannels.Verdict;
import org.hotline.gateway.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a FastAGI session's channel is checked against: the channels an exchange's AMI has shown,
 * from events and from CoreShowChannels snapshots, with the short wait for an event read late.
 */
class KnownChannelsTest {

  private static final Duration NO_WAIT = Duration.ZERO;
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private Vertx vertx;
  private Context context;
  private final AtomicBoolean amiUp = new AtomicBoolean(true);
  private KnownChannels known;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    known = new KnownChannels(vertx, context, server -> amiUp.get());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void hear(ChannelEvent event) throws Exception {
    onContext(() -> known.accept(event));
  }

  private void resync(String server, List<LiveChannel> channels, Instant requestedAt)
      throws Exception {
    onContext(() -> known.resync(server, channels, requestedAt));
  }

  private void onContext(Runnable r) throws Exception {
    Future<Void> done =
        Future.future(
            p ->
                context.runOnContext(
                    v -> {
                      r.run();
                      p.complete();
                    }));
    done.await(5, TimeUnit.SECONDS);
  }

  private Verdict check(String server, String uniqueId, String channel, Duration wait)
      throws Exception {
    return known.check(server, uniqueId, channel, wait).await(15, TimeUnit.SECONDS);
  }

  private static ChannelEvent created(String server, String uniqueId, String channel, Instant at) {
    return new ChannelEvent.Created(
        server, uniqueId, uniqueId, channel, "13912345678", "", "from-trunk", at);
  }

  private static ChannelEvent hungUp(String server, String uniqueId, String channel, Instant at) {
    return new ChannelEvent.HungUp(server, uniqueId, uniqueId, channel, 16, at);
  }

  private static LiveChannel listed(String server, String uniqueId, String channel) {
    return new LiveChannel(
        server,
        uniqueId,
        uniqueId,
        channel,
        "",
        "Wait",
        "2",
        "hotline-retry",
        2,
        "13912345678",
        Duration.ofSeconds(30));
  }

  @Test
  void aChannelIsKnownOnItsOwnServerUnderItsOwnNameOnly() throws Exception {
    hear(created("ast1", "1796600000.7", "PJSIP/trunk-00000007", T0));
    assertEquals(Verdict.KNOWN, check("ast1", "1796600000.7", "PJSIP/trunk-00000007", NO_WAIT));
    assertEquals(
        Verdict.OTHER_CHANNEL, check("ast1", "1796600000.7", "PJSIP/trunk-99999999", NO_WAIT));
    assertEquals(Verdict.UNKNOWN, check("ast2", "1796600000.7", "PJSIP/trunk-00000007", NO_WAIT));
    assertEquals(Verdict.UNKNOWN, check("ast1", "", "PJSIP/trunk-00000007", NO_WAIT));
    assertEquals(Verdict.UNKNOWN, check("ast1", "1796600000.7", "", NO_WAIT));
  }

  @Test
  void aChannelWhoseNewchannelIsReadLateIsWaitedForAndPassesAtOnceWhenItComes() throws Exception {
    long start = System.nanoTime();
    Future<Verdict> late =
        known.check("ast1", "1796600000.8", "PJSIP/trunk-00000008", Duration.ofSeconds(5));
    Future<Verdict> impostor =
        known.check("ast1", "1796600000.8", "PJSIP/trunk-66666666", Duration.ofSeconds(5));
    Thread.sleep(300);
    assertEquals(2, known.waiting());
    hear(created("ast1", "1796600000.8", "PJSIP/trunk-00000008", T0));
    assertEquals(Verdict.KNOWN, late.await(5, TimeUnit.SECONDS));
    assertEquals(Verdict.OTHER_CHANNEL, impostor.await(5, TimeUnit.SECONDS));
    assertTrue(
        System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "answered when it came");
    assertEquals(0, known.waiting());
  }

  @Test
  void anUnseenChannelIsRefusedOnceTheWaitIsOverAndSaysWhenNoAmiCouldHaveShownIt()
      throws Exception {
    long start = System.nanoTime();
    assertEquals(
        Verdict.UNKNOWN,
        check("ast1", "1796600000.9", "PJSIP/trunk-00000009", Duration.ofMillis(200)));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(190).toNanos(), "it waited");
    assertEquals(0, known.waiting());
    amiUp.set(false);
    assertEquals(
        Verdict.AMI_DOWN,
        check("ast1", "1796600000.9", "PJSIP/trunk-00000009", Duration.ofMillis(50)));
  }

  @Test
  void whileTheAmiIsDownAChannelItShowedBeforeStillPasses() throws Exception {
    hear(created("ast1", "1796600000.10", "Local/s@hotline-in-0000000a;2", T0));
    amiUp.set(false);
    assertEquals(
        Verdict.KNOWN, check("ast1", "1796600000.10", "Local/s@hotline-in-0000000a;2", NO_WAIT));
  }

  @Test
  void aHungUpChannelIsNotBroughtBackByASnapshotAskedForBeforeItsHangup() throws Exception {
    hear(created("ast1", "1796600000.11", "PJSIP/trunk-0000000b", T0));
    Instant asked = T0.plusSeconds(1);
    hear(hungUp("ast1", "1796600000.11", "PJSIP/trunk-0000000b", T0.plusSeconds(2)));
    resync("ast1", List.of(listed("ast1", "1796600000.11", "PJSIP/trunk-0000000b")), asked);
    assertEquals(Verdict.HUNG_UP, check("ast1", "1796600000.11", "PJSIP/trunk-0000000b", NO_WAIT));
    assertEquals(
        Verdict.OTHER_CHANNEL, check("ast1", "1796600000.11", "PJSIP/trunk-77777777", NO_WAIT));
  }

  @Test
  void aSnapshotShowsChannelsCreatedWhileNobodyListenedAndForgetsThoseGoneUnseen()
      throws Exception {
    hear(created("ast1", "1796600000.12", "PJSIP/trunk-0000000c", T0)); // its Hangup was missed
    hear(created("ast1", "1796600000.14", "PJSIP/trunk-0000000e", T0.plusSeconds(10))); // new
    Future<Verdict> waiting =
        known.check("ast1", "1796600000.13", "PJSIP/trunk-0000000d", Duration.ofSeconds(5));
    resync(
        "ast1",
        List.of(listed("ast1", "1796600000.13", "PJSIP/trunk-0000000d")),
        T0.plusSeconds(5));
    assertEquals(Verdict.KNOWN, waiting.await(5, TimeUnit.SECONDS), "the snapshot answers");
    assertEquals(Verdict.KNOWN, check("ast1", "1796600000.13", "PJSIP/trunk-0000000d", NO_WAIT));
    assertEquals(Verdict.UNKNOWN, check("ast1", "1796600000.12", "PJSIP/trunk-0000000c", NO_WAIT));
    assertEquals(
        Verdict.KNOWN,
        check("ast1", "1796600000.14", "PJSIP/trunk-0000000e", NO_WAIT),
        "created after the snapshot was asked for: missing from it only because it is new");
  }

  @Test
  void aSnapshotRenamesAChannelAsteriskRenamedWithoutAnEventWeRead() throws Exception {
    hear(created("ast1", "1796600000.15", "PJSIP/trunk-0000000f", T0));
    resync(
        "ast1",
        List.of(listed("ast1", "1796600000.15", "PJSIP/trunk-0000000f<MASQ>")),
        T0.plusSeconds(1));
    assertEquals(
        Verdict.KNOWN, check("ast1", "1796600000.15", "PJSIP/trunk-0000000f<MASQ>", NO_WAIT));
  }

  @Test
  void aFloodOfChecksForUnseenChannelsDoesNotWaitBeyondItsBound() throws Exception {
    for (int i = 0; i < KnownChannels.MAX_WAITING; i++) {
      known.check("ast1", "flood." + i, "PJSIP/x", Duration.ofSeconds(10));
    }
    Await.until(
        "every check waiting",
        Duration.ofSeconds(10),
        () -> known.waiting() == KnownChannels.MAX_WAITING);
    assertEquals(Verdict.UNKNOWN, check("ast1", "flood.x", "PJSIP/x", Duration.ofSeconds(10)));
  }
}
