package org.hotline.gateway.consult;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.conference.Conferences;
import org.hotline.gateway.conference.Rooms;
import org.hotline.gateway.record.ParticipantStore;
import org.hotline.gateway.switchboard.CallObserver;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.gateway.transfer.Transfers;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent consults a supervisor on a call, then hands the caller to them or goes back.
 *
 * <p>Built on the three-way rooms: the caller and the agent's seat leave the answered Dial with one
 * Redirect (the Dial's aftermath, the /dialresult AGI, never runs: no return to hold); the caller
 * waits alone in the call's holding room, the seat goes to the call's room, and the supervisor's
 * own seat device is Originated into it. The supervisor is paused for {@code consult} meanwhile.
 * Transfer: the seat manager connects the call at the supervisor at once, the caller is redirected
 * into the room and the agent's seat kicked (the agent wraps up). Return: the supervisor is kicked
 * (and available again) and the caller redirected into the room, to the agent. A call that ends
 * meanwhile (the caller or the agent hung up) empties both rooms.
 */
public final class Consults implements Rooms.Listener, CallObserver {

  private static final Logger LOG = LoggerFactory.getLogger(Consults.class);

  /** The call's record field naming the supervisor consulted last and the agent: "sup|agent". */
  static final String CONSULTED = "consulted";

  /** The supervisor and the agent of a consultation, as noted on the call's record. */
  record Consulted(String supervisor, String agent) {
    static Optional<Consulted> parse(Optional<String> field) {
      return field
          .map(v -> v.split("\\|", 2))
          .map(p -> new Consulted(p[0], p.length > 1 ? p[1] : ""));
    }
  }

  private final Switchboard switchboard;
  private final SeatManager seats;
  private final SeatManagerConfig seatConfig;
  private final CallDirectory directory;
  private final Conferences conferences;
  private final Rooms rooms;
  private final Telephony telephony;
  private final Optional<ParticipantStore> participants;
  private final String presentedNumber;
  private final Context context;

  public Consults(
      Switchboard switchboard,
      SeatManager seats,
      SeatManagerConfig seatConfig,
      CallDirectory directory,
      Conferences conferences,
      Rooms rooms,
      Telephony telephony,
      Optional<ParticipantStore> participants,
      String presentedNumber) {
    this.switchboard = switchboard;
    this.seats = seats;
    this.seatConfig = seatConfig;
    this.directory = directory;
    this.conferences = conferences;
    this.rooms = rooms;
    this.telephony = telephony;
    this.participants = participants;
    this.presentedNumber = presentedNumber;
    this.context = switchboard.context();
    rooms.listener(this);
    switchboard.observe(this);
  }

  /**
   * Starts consulting {@code supervisorId} on {@code call} (as the seat manager showed it just
   * now): completes once the caller waits and the supervisor's phone rings.
   */
  public Future<String> start(CallView call, String supervisorId) {
    if (call.state() != CallState.CONNECTED || call.agentId().isEmpty()) {
      return Future.failedFuture(
          new SeatManagerException(ErrorCode.CALL_NOT_CONNECTED, call.state().code()));
    }
    String agent = call.agentId().get();
    if (supervisorId.equals(agent)) {
      return Future.failedFuture(
          AccessRefused.conflict("NOT_A_SUPERVISOR", "consult someone else than yourself"));
    }
    String room = Rooms.roomOf(call.callId());
    return freeSupervisor(supervisorId)
        .compose(
            seat ->
                onContext(() -> rooms.room(call.callId()))
                    .compose(inRoom -> consult(call, agent, supervisorId, room, seat, inRoom)))
        .map(room)
        .onSuccess(
            r ->
                LOG.info("call {}: {} consults supervisor {}", call.callId(), agent, supervisorId));
  }

  /** The consultation, once the supervisor is free and whoever is in the call's room is known. */
  private Future<Void> consult(
      CallView call,
      String agent,
      String supervisorId,
      String room,
      Seat seat,
      Optional<Rooms.Room> inRoom) {
    if (inRoom.flatMap(Rooms.Room::unit).isPresent()
        || inRoom.flatMap(Rooms.Room::supervisor).isPresent()
        || inRoom.flatMap(Rooms.Room::held).isPresent()) {
      return Future.failedFuture(
          AccessRefused.conflict("CONSULT_IN_PROGRESS", "someone else is in the call already"));
    }
    return record(call)
        .compose(
            record ->
                switchboard
                    .run(seats.pauseForSystem(supervisorId, PauseReason.CONSULT))
                    .recover(e -> Future.failedFuture(notFree("was just taken")))
                    .compose(d -> hold(call, record, inRoom))
                    .onFailure(e -> readyIfConsulted(supervisorId))
                    .compose(
                        v -> directory.note(call.callId(), CONSULTED, supervisorId + "|" + agent))
                    .compose(
                        v ->
                            telephony.callSeatIntoConference(
                                record.server(),
                                seat.device(),
                                presentedNumber,
                                room,
                                Map.of("HOTLINE_CONSULT_CALL", call.callId()))));
  }

  /** The supervisor's seat, when they are a supervisor, logged in and free; else 404 or 409. */
  private Future<Seat> freeSupervisor(String supervisorId) {
    return Future.fromCompletionStage(seats.agent(supervisorId), context)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(AccessRefused.unknown("AGENT_UNKNOWN", "no such agent"));
              }
              if (found.get().role() != Role.SUPERVISOR) {
                return Future.failedFuture(
                    AccessRefused.conflict("NOT_A_SUPERVISOR", "that person is not a supervisor"));
              }
              return Future.fromCompletionStage(seats.status(supervisorId), context);
            })
        .compose(
            status ->
                status instanceof AgentStatus.Available free
                    ? seatConfig
                        .seat(free.seat())
                        .map(Future::succeededFuture)
                        .orElseGet(() -> Future.failedFuture(notFree("has no known seat")))
                    : Future.failedFuture(notFree(status.state().code())));
  }

  /** The caller to the holding room and the seat to the room: from the Dial, or from the room. */
  private Future<Void> hold(CallView call, CallRecord record, Optional<Rooms.Room> inRoom) {
    String hold = Rooms.holdOf(call.callId());
    Optional<Rooms.Party> caller = inRoom.flatMap(Rooms.Room::caller);
    if (caller.isPresent() && inRoom.flatMap(Rooms.Room::seat).isPresent()) {
      // back from an earlier consultation: the seat stays, the caller goes to wait again
      return telephony.moveWithinConference(
          caller.get().server(), caller.get().channel(), "held", hold);
    }
    return conferences.fromDial(
        call,
        record,
        seat -> telephony.moveToConsult(record, seat, hold, Rooms.roomOf(call.callId())));
  }

  /**
   * Hands the caller to the consulted supervisor, who has answered: the call is theirs, the agent
   * wraps up.
   */
  public Future<String> transfer(CallView call) {
    return consultation(call, true)
        .compose(
            found -> {
              Consultation c = found;
              Optional<QueueConfig> queue = seatConfig.queue(call.queueId());
              if (queue.isEmpty()) {
                return Future.failedFuture(
                    new SeatManagerException(ErrorCode.QUEUE_UNKNOWN, call.queueId()));
              }
              return switchboard
                  .run(
                      seats.transferConsulted(
                          call.callId(),
                          c.agent(),
                          Transfers.request(call, queue.get()),
                          c.supervisor()))
                  .compose(d -> backToRoom(call, c.held()))
                  .compose(
                      v ->
                          c.seat()
                              .map(
                                  s ->
                                      telephony
                                          .kickFromConference(
                                              s.server(), Rooms.roomOf(call.callId()), s.channel())
                                          .recover(e -> Future.<Void>succeededFuture()))
                              .orElse(Future.succeededFuture()))
                  .onSuccess(
                      v ->
                          switchboard.handedOn(
                              call.callId(),
                              c.agent(),
                              "consulted supervisor "
                                  + c.supervisor()
                                  + "; transferred to "
                                  + c.supervisor()))
                  .map(c.supervisor());
            });
  }

  /** Goes back to the caller: the supervisor is dropped and free again. */
  public Future<String> giveBack(CallView call) {
    return consultation(call, false)
        .compose(
            c -> {
              Future<Void> dropped =
                  c.supervisorLeg()
                      .map(
                          s ->
                              telephony
                                  .kickFromConference(
                                      s.server(), Rooms.roomOf(call.callId()), s.channel())
                                  .recover(e -> Future.<Void>succeededFuture()))
                      .orElse(Future.succeededFuture());
              return dropped
                  .compose(v -> backToRoom(call, c.held()))
                  .onSuccess(
                      v -> {
                        readyIfConsulted(c.supervisor());
                        switchboard.handedOn(
                            call.callId(),
                            c.agent(),
                            "consulted supervisor " + c.supervisor() + "; returned");
                      })
                  .map(c.supervisor());
            });
  }

  /** What the rooms and the call's record show of a consultation in progress. */
  private record Consultation(
      String supervisor,
      String agent,
      Rooms.Party held,
      Optional<Rooms.Party> seat,
      Optional<Rooms.Party> supervisorLeg) {}

  private Future<Consultation> consultation(CallView call, boolean supervisorMustBeThere) {
    if (call.state() != CallState.CONNECTED || call.agentId().isEmpty()) {
      return Future.failedFuture(
          new SeatManagerException(ErrorCode.CALL_NOT_CONNECTED, call.state().code()));
    }
    return onContext(() -> rooms.room(call.callId()))
        .compose(
            room ->
                directory
                    .field(call.callId(), CONSULTED)
                    .map(Consulted::parse)
                    .compose(
                        consulted -> {
                          Optional<Rooms.Party> held = room.flatMap(Rooms.Room::held);
                          if (held.isEmpty() || consulted.isEmpty()) {
                            return Future.failedFuture(
                                AccessRefused.conflict(
                                    "NO_CONSULT", "no supervisor is consulted on the call"));
                          }
                          Optional<Rooms.Party> sup = room.flatMap(Rooms.Room::supervisor);
                          if (supervisorMustBeThere && sup.isEmpty()) {
                            return Future.failedFuture(
                                AccessRefused.conflict(
                                    "SUPERVISOR_NOT_JOINED",
                                    "the supervisor has not answered yet: wait, or return"));
                          }
                          return Future.succeededFuture(
                              new Consultation(
                                  consulted.get().supervisor(),
                                  call.agentId().get(),
                                  held.get(),
                                  room.flatMap(Rooms.Room::seat),
                                  sup));
                        }));
  }

  private Future<Void> backToRoom(CallView call, Rooms.Party held) {
    return telephony
        .moveWithinConference(held.server(), held.channel(), "caller", Rooms.roomOf(call.callId()))
        .recover(
            e -> {
              LOG.error(
                  "call {}: the caller was not brought back: {}", call.callId(), e.toString());
              return Future.failedFuture(
                  AccessRefused.exchangeFailed("the exchange did not bring the caller back"));
            });
  }

  private Future<CallRecord> record(CallView call) {
    return directory
        .get(call.callId())
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(found.get())
                    : Future.failedFuture(
                        new SeatManagerException(ErrorCode.CALL_UNKNOWN, call.callId())));
  }

  /** The supervisor is free again, if still paused for this consultation (idempotent). */
  private void readyIfConsulted(String supervisorId) {
    Future.fromCompletionStage(seats.status(supervisorId), context)
        .onSuccess(
            status -> {
              if (status instanceof AgentStatus.Paused p
                  && p.reason().equals(PauseReason.CONSULT)) {
                switchboard.runQuietly(
                    "ready after consult " + supervisorId, seats.ready(supervisorId));
              }
            });
  }

  // ---- what the rooms and the calls show ----

  @Override
  public void supervisorJoined(String callId, Rooms.Party leg, Instant at) {
    directory
        .noteOnce(callId, "joined:" + leg.legId(), at.toString())
        .compose(
            first ->
                first
                    ? directory.field(callId, CONSULTED).map(Consulted::parse)
                    : Future.succeededFuture(Optional.<Consulted>empty()))
        .onSuccess(
            consulted ->
                consulted.ifPresent(
                    c ->
                        participants.ifPresent(
                            store ->
                                Future.fromCompletionStage(
                                        store.joined(
                                            new ParticipantStore.Joined(
                                                callId,
                                                leg.legId(),
                                                "supervisor",
                                                c.supervisor(),
                                                "",
                                                c.agent(),
                                                at)),
                                        context)
                                    .onFailure(
                                        e ->
                                            LOG.warn(
                                                "call {}: supervisor's leg not recorded: {}",
                                                callId,
                                                e.toString())))))
        .onFailure(
            e -> LOG.warn("call {}: supervisor joined, not noted: {}", callId, e.toString()));
  }

  @Override
  public void supervisorLeft(String callId, Rooms.Party leg, Instant at) {
    participants.ifPresent(
        store ->
            Future.fromCompletionStage(store.left(callId, leg.legId(), at), context)
                .onFailure(
                    e -> LOG.warn("call {}: supervisor's leave not recorded: {}", callId, e)));
    directory
        .field(callId, CONSULTED)
        .map(Consulted::parse)
        .compose(
            consulted ->
                consulted.isEmpty()
                    ? Future.<Void>succeededFuture()
                    : Future.fromCompletionStage(seats.call(callId), context)
                        .map(view -> afterSupervisorLeft(callId, consulted.get(), view)))
        .onFailure(
            e -> LOG.warn("call {}: supervisor left, not handled: {}", callId, e.toString()));
  }

  private Void afterSupervisorLeft(String callId, Consulted c, Optional<CallView> view) {
    boolean theirs =
        view.isPresent()
            && view.get().state() == CallState.CONNECTED
            && view.get().agentId().equals(Optional.of(c.supervisor()));
    if (theirs) {
      switchboard.hangUp(callId); // the supervisor hung up on the handed call
    } else {
      readyIfConsulted(c.supervisor());
    }
    return null;
  }

  /** A call that ended during a consultation leaves nobody in its rooms. */
  @Override
  public void ended(String callId, String outcome) {
    Optional<Rooms.Room> room = rooms.room(callId);
    boolean consulting =
        room.flatMap(Rooms.Room::held).isPresent()
            || room.flatMap(Rooms.Room::supervisor).isPresent();
    if (!consulting) {
      return;
    }
    room.get().held().ifPresent(h -> kickAll(h.server(), Rooms.holdOf(callId)));
    room.get().supervisor().ifPresent(s -> kickAll(s.server(), Rooms.roomOf(callId)));
    room.get().seat().ifPresent(s -> kickAll(s.server(), Rooms.roomOf(callId)));
  }

  private void kickAll(String server, String conference) {
    telephony
        .kickFromConference(server, conference, "all")
        .onFailure(e -> LOG.debug("{} already empty: {}", conference, e.toString()));
  }

  private <T> Future<T> onContext(Supplier<T> read) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> p.complete(read.get()));
    return p.future();
  }

  private static AccessRefused notFree(String why) {
    return AccessRefused.conflict("SUPERVISOR_NOT_FREE", "the supervisor is not free: " + why);
  }
}
