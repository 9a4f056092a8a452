package org.hotline.gateway.conference;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hotline.gateway.channel.ChannelEvent;

/**
 * The three-way rooms as the exchange's ConfbridgeJoin/Leave events show them, one per call (named
 * {@link #roomOf}); who is in each is told by the extension of {@code hotline-conference} the leg
 * runs (caller, seat or unit). Every instance hears every event and keeps the same picture. Runs on
 * the context that receives the channel events.
 */
public final class Rooms implements Consumer<ChannelEvent> {

  static final String PREFIX = "3way-";

  /** One party's leg in a room. */
  public record Party(String server, String uniqueId, String channel) {
    public String legId() {
      return server + ":" + uniqueId;
    }
  }

  /** Who is in a call's room now. */
  public record Room(
      String callId, Optional<Party> caller, Optional<Party> seat, Optional<Party> unit) {
    public String name() {
      return roomOf(callId);
    }
  }

  /** What the rest of the gateway hears. */
  public interface Listener {
    void unitJoined(String callId, Party unit, Instant at);

    void unitLeft(String callId, Party unit, Instant at);

    /** The agent's seat left the room (kicked, or the agent hung up). */
    void seatLeft(String callId, Party seat);

    /** Nobody but the caller is left: the call is over. */
    void callerAlone(String callId, Party caller);
  }

  private final Map<String, Room> rooms = new HashMap<>();
  private Listener listener;

  public void listener(Listener value) {
    this.listener = value;
  }

  /** The conference name of a call's room. */
  public static String roomOf(String callId) {
    return PREFIX + callId;
  }

  public Optional<Room> room(String callId) {
    return Optional.ofNullable(rooms.get(callId));
  }

  @Override
  public void accept(ChannelEvent event) {
    if (!(event instanceof ChannelEvent.ConferenceChanged c)
        || !c.conference().startsWith(PREFIX)) {
      return;
    }
    String callId = c.conference().substring(PREFIX.length());
    Party party = new Party(c.server(), c.uniqueId(), c.channel());
    Room before = rooms.getOrDefault(callId, new Room(callId, none(), none(), none()));
    Optional<Party> value = c.joined() ? Optional.of(party) : none();
    Room after =
        switch (c.exten()) {
          case "caller" -> new Room(callId, value, before.seat(), before.unit());
          case "seat" -> new Room(callId, before.caller(), value, before.unit());
          case "unit" -> new Room(callId, before.caller(), before.seat(), value);
          default -> before;
        };
    if (after.caller().isEmpty() && after.seat().isEmpty() && after.unit().isEmpty()) {
      rooms.remove(callId);
    } else {
      rooms.put(callId, after);
    }
    if (listener == null) {
      return;
    }
    if (c.exten().equals("unit")) {
      if (c.joined()) {
        listener.unitJoined(callId, party, c.at());
      } else {
        listener.unitLeft(callId, party, c.at());
      }
    } else if (c.exten().equals("seat") && !c.joined()) {
      listener.seatLeft(callId, party);
    }
    if (!c.joined()
        && after.caller().isPresent()
        && after.seat().isEmpty()
        && after.unit().isEmpty()) {
      listener.callerAlone(callId, after.caller().get());
    }
  }

  private static Optional<Party> none() {
    return Optional.empty();
  }
}
