package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.CallState;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A caller past their queue's maximum wait is asked, through the shipped dialplan's
 * hotline-callback-offer context and the /callbackoffer FastAGI, whether they want a callback:
 * pressing 1 books one and lets them go; pressing nothing keeps their place, and they are served
 * when an agent is free.
 */
class CallbackOfferTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static Harness h;

  @BeforeAll
  static void start() throws Exception {
    h =
        Harness.start(
            o -> o.withSeed(61),
            Duration.ofSeconds(10),
            org.hotline.redis.local.LocalRedis.shared().uri(),
            c -> c,
            CallbackOfferTest::shortMaxWait);
  }

  /** The general queue's maximum wait down to 3 s, so the test need not wait ten minutes. */
  private static SeatManagerConfig shortMaxWait(SeatManagerConfig c) {
    List<QueueConfig> queues =
        c.queues().stream()
            .map(
                q ->
                    new QueueConfig(
                        q.id(),
                        q.name(),
                        q.languages(),
                        q.skills(),
                        q.districtRequired(),
                        q.serviceLevelThreshold(),
                        q.shortAbandonThreshold(),
                        q.wrapUpLimit(),
                        Duration.ofSeconds(3),
                        q.escalation()))
            .toList();
    return new SeatManagerConfig(
        c.centreId(),
        c.zone(),
        c.offerTimeout(),
        c.districts(),
        queues,
        c.pauseReasons(),
        c.seats());
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /** Presses {@code digit} once, after a second, then nothing. */
  private static Keypad pressing(char digit) {
    boolean[] pressed = {false};
    return () -> {
      if (pressed[0]) {
        return Optional.empty();
      }
      pressed[0] = true;
      return Optional.of(new Keypad.Press(digit, 1.0));
    };
  }

  @Test
  void pressingOneBooksACallbackAndSilenceKeepsThePlaceInLine() throws Exception {
    List<AmiMessage> events = new CopyOnWriteArrayList<>();
    h.sim.onEvent(events::add);
    // nobody on duty: both callers wait past the 3 s maximum
    String asker =
        h.sim
            .placeCall(new CallSpec("13700004444", "", "10000", 600, pressing('1')))
            .await(5, TimeUnit.SECONDS);
    String patient =
        h.sim
            .placeCall(new CallSpec("13700005555", "", "10000", 600, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);

    h.await(
        "the asker's callback booked",
        WAIT,
        () ->
            h.cases.callbackCandidates(10).toCompletableFuture().join().stream()
                .anyMatch(k -> k.callerNumber().equals("13700004444")));
    CallbackCandidate booked =
        h.cases.callbackCandidates(10).toCompletableFuture().join().stream()
            .filter(k -> k.callerNumber().equals("13700004444"))
            .findFirst()
            .orElseThrow();
    assertEquals(CallbackCandidate.Reason.REQUESTED, booked.reason());
    h.await(
        "the asker heard the goodbye and left",
        WAIT,
        () ->
            events.stream()
                    .anyMatch(
                        e ->
                            e.value("Event").equals("Newexten")
                                && e.value("Channel").equals(asker)
                                && e.value("Application").equals("Playback")
                                && e.value("AppData").equals("hotline/callback-booked"))
                && h.sim.channels().toCompletionStage().toCompletableFuture().join().stream()
                    .noneMatch(c -> c.name().equals(asker)));
    h.await(
        "no longer in line",
        WAIT,
        () ->
            h.gateway
                .seats()
                .call(booked.callId())
                .toCompletableFuture()
                .join()
                .map(v -> v.endedAt().isPresent())
                .orElse(true));

    // the patient caller was asked too, and went back to hold, still in line
    h.await(
        "the patient caller back in hold after the offer",
        WAIT,
        () -> {
          boolean offered =
              events.stream()
                  .anyMatch(
                      e ->
                          e.value("Event").equals("Newexten")
                              && e.value("Channel").equals(patient)
                              && e.value("Context").equals("hotline-callback-offer"));
          boolean back =
              offered
                  && events.stream()
                      .filter(
                          e ->
                              e.value("Event").equals("Newexten")
                                  && e.value("Channel").equals(patient))
                      .reduce((a, b) -> b)
                      .map(e -> e.value("Context").equals("hotline-hold"))
                      .orElse(false);
          return back;
        });
    String patientCall =
        h.gateway.seats().activeCalls().toCompletableFuture().join().entrySet().stream()
            .filter(e -> e.getValue() == CallState.WAITING)
            .map(java.util.Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertTrue(
        h.cases.callbackCandidates(10).toCompletableFuture().join().stream()
            .noneMatch(k -> k.callerNumber().equals("13700005555")),
        "silence books nothing");

    // an agent comes on duty: the patient caller is served
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.5, 600));
    h.agent("offer1", "001", "zh");
    h.await(
        "the patient caller answered",
        WAIT,
        () -> {
          var s = h.gateway.seats().status("offer1").toCompletableFuture().join();
          return s.state() == AgentState.ON_CALL && s.callId().equals(Optional.of(patientCall));
        });
  }
}
