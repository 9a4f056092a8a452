package org.hotline.gateway.conference;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.gateway.access.AccessRefused;
import org.hotline.gateway.calls.CallDirectory;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.handover.DialplanPositions;
import org.hotline.gateway.record.ParticipantStore;
import org.hotline.gateway.switchboard.SeatDevices;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.gateway.units.OutsideUnit;
import org.hotline.gateway.units.OutsideUnits;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.support.phone.PhoneMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three-way calls with an outside unit. Starting one moves the caller and the agent's seat leg from
 * the answered Dial into the call's ConfBridge room (only while AMI shows the caller in that Dial:
 * {@link DialplanPositions#talkingSafely}), then rings the unit into it. The call stays the agent's
 * in the seat manager until the seat leaves the room (the agent leaves, or hangs up): then the
 * agent's part ends as at a hang-up (wrap-up), while the caller and the unit talk on. The unit's
 * joining is recorded once ({@code hotline.call_participant}) and noted in the case; a caller left
 * alone in the room is let go.
 */
public final class Conferences implements Rooms.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(Conferences.class);

  /** The call's record field naming the unit invited last and who invited it: "unit|agent". */
  static final String INVITED = "conference";

  private final Switchboard switchboard;
  private final CallDirectory directory;
  private final DialplanPositions positions;
  private final Rooms rooms;
  private final Telephony telephony;
  private final OutsideUnits units;
  private final Optional<ParticipantStore> participants;
  private final SeatDevices devices;
  private final String presentedNumber;
  private final Context context;

  public Conferences(
      Switchboard switchboard,
      CallDirectory directory,
      DialplanPositions positions,
      Rooms rooms,
      Telephony telephony,
      OutsideUnits units,
      Optional<ParticipantStore> participants,
      String presentedNumber) {
    this.switchboard = switchboard;
    this.directory = directory;
    this.positions = positions;
    this.rooms = rooms;
    this.telephony = telephony;
    this.units = units;
    this.participants = participants;
    this.devices = new SeatDevices(switchboard.seatConfig());
    this.presentedNumber = presentedNumber;
    this.context = switchboard.context();
    rooms.listener(this);
  }

  public Optional<OutsideUnit> unit(String id) {
    return units.find(id);
  }

  /**
   * Brings {@code unit} into {@code call} (as the seat manager showed it just now). Completes once
   * the exchange has the caller and the seat in the room and rings the unit.
   */
  public Future<String> start(CallView call, OutsideUnit unit) {
    if (call.state() != CallState.CONNECTED || call.agentId().isEmpty()) {
      return Future.failedFuture(
          new SeatManagerException(ErrorCode.CALL_NOT_CONNECTED, call.state().code()));
    }
    String agent = call.agentId().get();
    String room = Rooms.roomOf(call.callId());
    return directory
        .get(call.callId())
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(found.get())
                    : Future.failedFuture(
                        new SeatManagerException(ErrorCode.CALL_UNKNOWN, call.callId())))
        .compose(
            record ->
                onContext(() -> rooms.room(call.callId()))
                    .compose(
                        inRoom -> {
                          if (inRoom.flatMap(Rooms.Room::unit).isPresent()) {
                            return Future.failedFuture(
                                AccessRefused.conflict(
                                    "UNIT_IN_CALL", "an outside unit is in the call already"));
                          }
                          // a unit that did not answer may be tried again from the room
                          boolean together =
                              inRoom.flatMap(Rooms.Room::caller).isPresent()
                                  && inRoom.flatMap(Rooms.Room::seat).isPresent();
                          Future<Void> moved =
                              together ? Future.succeededFuture() : move(call, record, room);
                          return moved
                              .compose(
                                  v ->
                                      directory.note(
                                          call.callId(), INVITED, unit.id() + "|" + agent))
                              .compose(
                                  v ->
                                      telephony.callIntoConference(
                                          record.server(),
                                          unit.number(),
                                          presentedNumber,
                                          room,
                                          Map.of("HOTLINE_CONFERENCE_CALL", call.callId())))
                              .recover(
                                  e ->
                                      Future.failedFuture(
                                          e instanceof AccessRefused
                                              ? e
                                              : exchangeFailed(
                                                  "the exchange did not ring the unit", e)));
                        }))
        .map(room)
        .onSuccess(
            r ->
                LOG.info(
                    "call {}: three-way with {} ({}) by {}",
                    call.callId(),
                    unit.id(),
                    PhoneMask.mask(unit.number()),
                    agent));
  }

  /** Caller and seat into the room, from the answered Dial. */
  private Future<Void> move(CallView call, CallRecord record, String room) {
    return fromDial(call, record, seat -> telephony.moveToConference(record, seat, room));
  }

  /**
   * Moves the caller and the seat's leg out of the answered Dial with {@code moveWithSeat} (given
   * the seat's channel), only while AMI shows the caller talking in that Dial and its bridge peer
   * is this call's seat; 409 CALL_NOT_MOVABLE or CALLER_GONE otherwise.
   */
  public Future<Void> fromDial(
      CallView call, CallRecord record, Function<String, Future<Void>> moveWithSeat) {
    return onContext(() -> positions.talkingSafely(call.callId()))
        .compose(
            talking ->
                talking
                    ? telephony.variable(record.server(), record.channel(), "BRIDGEPEER")
                    : Future.failedFuture(notMovable()))
        .compose(
            peer -> {
              // the Dial's bridge peer must be this call's seat, never anyone else's channel
              boolean theSeat =
                  peer.isPresent()
                      && devices.seatOfChannel(peer.get()).equals(call.seatId())
                      && call.seatId().isPresent();
              return theSeat
                  ? moveWithSeat.apply(peer.get())
                  : Future.<Void>failedFuture(notMovable());
            })
        .recover(
            e -> {
              if (e instanceof Telephony.ChannelGoneException) {
                return Future.failedFuture(
                    AccessRefused.conflict("CALLER_GONE", "the caller hung up"));
              }
              return Future.failedFuture(
                  e instanceof AccessRefused
                      ? e
                      : exchangeFailed("the exchange did not move the call", e));
            });
  }

  /**
   * The agent drops out: the seat is taken out of the room and the agent's part of the call ends
   * (wrap-up); the caller and the unit talk on.
   */
  public Future<Rooms.Room> leave(CallView call) {
    if (call.state() != CallState.CONNECTED || call.agentId().isEmpty()) {
      return Future.failedFuture(
          new SeatManagerException(ErrorCode.CALL_NOT_CONNECTED, call.state().code()));
    }
    return onContext(() -> rooms.room(call.callId()))
        .compose(
            found -> {
              if (found.isEmpty() || found.get().seat().isEmpty()) {
                return Future.failedFuture(
                    AccessRefused.conflict("NO_CONFERENCE", "the call is not a three-way call"));
              }
              Rooms.Room room = found.get();
              if (room.unit().isEmpty()) {
                return Future.failedFuture(
                    AccessRefused.conflict(
                        "UNIT_NOT_JOINED", "the unit has not answered yet: wait, or end the call"));
              }
              Rooms.Party seat = room.seat().get();
              return telephony
                  .kickFromConference(seat.server(), room.name(), seat.channel())
                  .recover(
                      e -> Future.failedFuture(exchangeFailed("the exchange kept the seat", e)))
                  // the seat manager hears it now, not only from the room's events
                  .compose(v -> switchboard.hangUp(call.callId()))
                  .map(room);
            });
  }

  // ---- what the rooms show ----

  @Override
  public void unitJoined(String callId, Rooms.Party unit, Instant at) {
    directory
        .noteOnce(callId, "joined:" + unit.legId(), at.toString())
        .compose(
            first ->
                first
                    ? directory.field(callId, INVITED).map(invited -> invited)
                    : Future.succeededFuture(Optional.<String>empty()))
        .onSuccess(
            invited ->
                invited.ifPresent(
                    value -> {
                      String[] parts = value.split("\\|", 2);
                      String agent = parts.length > 1 ? parts[1] : "";
                      Optional<OutsideUnit> known = units.find(parts[0]);
                      String label = known.map(OutsideUnit::label).orElse(parts[0]);
                      switchboard.handedOn(callId, agent, "three-way with " + label);
                      participants.ifPresent(
                          store ->
                              Future.fromCompletionStage(
                                      store.joined(
                                          new ParticipantStore.Joined(
                                              callId,
                                              unit.legId(),
                                              "unit",
                                              parts[0],
                                              known.map(OutsideUnit::number).orElse(""),
                                              agent,
                                              at)),
                                      context)
                                  .onFailure(
                                      e ->
                                          LOG.warn(
                                              "call {}: the unit's leg not recorded: {}",
                                              callId,
                                              e.toString())));
                    }))
        .onFailure(e -> LOG.warn("call {}: unit joined, not noted: {}", callId, e.toString()));
  }

  @Override
  public void unitLeft(String callId, Rooms.Party unit, Instant at) {
    participants.ifPresent(
        store ->
            Future.fromCompletionStage(store.left(callId, unit.legId(), at), context)
                .onFailure(
                    e -> LOG.warn("call {}: unit's leave not recorded: {}", callId, e.toString())));
  }

  @Override
  public void seatLeft(String callId, Rooms.Party seat) {
    // the agent's part is over (idempotent across instances), unless the call was handed to a
    // consulted supervisor before this seat was dropped: then it is theirs, not over
    Future.fromCompletionStage(switchboard.seats().call(callId), context)
        .onSuccess(
            view -> {
              boolean handedOn =
                  view.isPresent()
                      && view.get().state() == CallState.CONNECTED
                      && !view.get().seatId().equals(devices.seatOfChannel(seat.channel()));
              if (!handedOn) {
                switchboard.hangUp(callId);
              }
            })
        .onFailure(e -> switchboard.hangUp(callId));
  }

  @Override
  public void callerAlone(String callId, Rooms.Party caller) {
    telephony
        .kickFromConference(caller.server(), Rooms.roomOf(callId), caller.channel())
        .onFailure(
            e -> LOG.debug("call {}: caller already out of the room: {}", callId, e.toString()));
  }

  private <T> Future<T> onContext(java.util.function.Supplier<T> read) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> p.complete(read.get()));
    return p.future();
  }

  private static AccessRefused notMovable() {
    return AccessRefused.conflict(
        "CALL_NOT_MOVABLE", "the caller is not talking to your seat now; try again");
  }

  private static RuntimeException exchangeFailed(String message, Throwable e) {
    LOG.error("{}: {}", message, e.toString());
    return AccessRefused.exchangeFailed(message);
  }
}
