package org.hotline.gateway.conference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hotline.gateway.channel.ChannelEvent;

/**
 * The three-way rooms as the exchange's ConfbridgeJoin/Leave events show them, one per call (named
 * {@link #roomOf}), and beside each the room where a caller waits alone while their agent consults
 * a supervisor ({@link #holdOf}); who is in each is told by the extension of {@code
 * hotline-conference} the leg runs (caller, seat, unit, supervisor; held). Every instance hears
 * every event and keeps the same picture. Runs on the context that receives the channel events.
 */
public final class Rooms implements Consumer<ChannelEvent> {

  static final String PREFIX = "3way-";

  static final String HOLD_PREFIX = "hold-";

  /** One party's leg in a room. */
  public record Party(String server, String uniqueId, String channel) {
    public String legId() {
      return server + ":" + uniqueId;
    }
  }

  /** Who is in a call's room now, and whether its caller waits in the holding room. */
  public record Room(
      String callId,
      Optional<Party> caller,
      Optional<Party> seat,
      Optional<Party> unit,
      Optional<Party> supervisor,
      Optional<Party> held) {

    boolean empty() {
      return caller.isEmpty()
          && seat.isEmpty()
          && unit.isEmpty()
          && supervisor.isEmpty()
          && held.isEmpty();
    }

    public String name() {
      return roomOf(callId);
    }
  }

  /** What the rest of the gateway hears. */
  public interface Listener {
    default void unitJoined(String callId, Party unit, Instant at) {}

    default void unitLeft(String callId, Party unit, Instant at) {}

    /** The seat of the agent who brought the caller in left the room (kicked, or hung up). */
    default void seatLeft(String callId, Party seat) {}

    /** Nobody but the caller is left: the call is over. */
    default void callerAlone(String callId, Party caller) {}

    /** A consulted supervisor's phone answered into the room. */
    default void supervisorJoined(String callId, Party supervisor, Instant at) {}

    /** The supervisor's leg left the room (dropped, or hung up). */
    default void supervisorLeft(String callId, Party supervisor, Instant at) {}
  }

  private final Map<String, Room> rooms = new HashMap<>();
  private final List<Listener> listeners = new ArrayList<>();

  public void listener(Listener value) {
    listeners.add(value);
  }

  /** The conference name of a call's room. */
  public static String roomOf(String callId) {
    return PREFIX + callId;
  }

  /** The conference name of the room a call's caller waits in, alone, during a consultation. */
  public static String holdOf(String callId) {
    return HOLD_PREFIX + callId;
  }

  public Optional<Room> room(String callId) {
    return Optional.ofNullable(rooms.get(callId));
  }

  @Override
  public void accept(ChannelEvent event) {
    if (!(event instanceof ChannelEvent.ConferenceChanged c)) {
      return;
    }
    String callId;
    if (c.conference().startsWith(PREFIX)) {
      callId = c.conference().substring(PREFIX.length());
    } else if (c.conference().startsWith(HOLD_PREFIX) && c.exten().equals("held")) {
      callId = c.conference().substring(HOLD_PREFIX.length());
    } else {
      return;
    }
    Party party = new Party(c.server(), c.uniqueId(), c.channel());
    Room b = rooms.getOrDefault(callId, new Room(callId, none(), none(), none(), none(), none()));
    Optional<Party> v = c.joined() ? Optional.of(party) : none();
    Room after =
        switch (c.exten()) {
          case "caller" -> new Room(callId, v, b.seat(), b.unit(), b.supervisor(), b.held());
          case "seat" -> new Room(callId, b.caller(), v, b.unit(), b.supervisor(), b.held());
          case "unit" -> new Room(callId, b.caller(), b.seat(), v, b.supervisor(), b.held());
          case "supervisor" -> new Room(callId, b.caller(), b.seat(), b.unit(), v, b.held());
          case "held" -> new Room(callId, b.caller(), b.seat(), b.unit(), b.supervisor(), v);
          default -> b;
        };
    if (after.empty()) {
      rooms.remove(callId);
    } else {
      rooms.put(callId, after);
    }
    for (Listener listener : listeners) {
      tell(listener, c, callId, party, after);
    }
  }

  private static void tell(
      Listener listener, ChannelEvent.ConferenceChanged c, String callId, Party party, Room after) {
    switch (c.exten()) {
      case "unit" -> {
        if (c.joined()) {
          listener.unitJoined(callId, party, c.at());
        } else {
          listener.unitLeft(callId, party, c.at());
        }
      }
      case "supervisor" -> {
        if (c.joined()) {
          listener.supervisorJoined(callId, party, c.at());
        } else {
          listener.supervisorLeft(callId, party, c.at());
        }
      }
      case "seat" -> {
        if (!c.joined()) {
          listener.seatLeft(callId, party);
        }
      }
      default -> {}
    }
    if (!c.joined()
        && after.caller().isPresent()
        && after.seat().isEmpty()
        && after.unit().isEmpty()
        && after.supervisor().isEmpty()) {
      listener.callerAlone(callId, after.caller().get());
    }
  }

  private static Optional<Party> none() {
    return Optional.empty();
  }
}
