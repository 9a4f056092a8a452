package org.hotline.asterisk.sim.dialplan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.exchange.Bridge;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.ChannelState;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.HangupCause;

/**
 * ConfBridge(conference[,bridge_profile[,user_profile[,menu]]]) and the conferences it holds, after
 * Asterisk 22's app_confbridge (docs.asterisk.org, Asterisk_22 Dialplan Applications ConfBridge and
 * AMI Events ConfbridgeStart/Join/Leave/End; function CONFBRIDGE for the user options):
 *
 * <ul>
 *   <li>the first caller creates the conference: BridgeCreate (type conference, technology softmix,
 *       creator ConfBridge, named after the conference) and ConfbridgeStart;
 *   <li>each caller is answered, then ConfbridgeJoin (the conference, the bridge, the channel,
 *       Admin and Muted) and BridgeEnter; the application blocks until the caller is kicked,
 *       redirected or hangs up;
 *   <li>leaving: BridgeLeave, then ConfbridgeLeave; when the last marked user ({@code
 *       CONFBRIDGE(user,marked)=yes}) leaves, users with {@code end_marked=yes} are kicked; the
 *       last one out ends the conference: ConfbridgeEnd, BridgeDestroy;
 *   <li>a kicked user's ConfBridge returns: its dialplan goes on at the next priority.
 * </ul>
 */
final class ConfBridgeApp {

  private final Pbx pbx;
  private final Map<String, Room> rooms = new HashMap<>();

  private record Member(Run run, boolean marked, boolean endMarked, int generation) {
    Channel channel() {
      return run.channel;
    }
  }

  private static final class Room {
    final String name;
    final Bridge bridge;
    final List<Member> members = new ArrayList<>();

    Room(String name, Bridge bridge) {
      this.name = name;
      this.bridge = bridge;
    }
  }

  ConfBridgeApp(Pbx pbx) {
    this.pbx = pbx;
  }

  /** The key a {@code CONFBRIDGE(type,option)} setting is kept under on the channel. */
  static String optionKey(String args) {
    return "CONFBRIDGE(" + args.replace(" ", "").toLowerCase(Locale.ROOT) + ")";
  }

  Outcome run(Run r, String data) {
    String name = AppArgs.split(data).get(0).trim();
    Channel c = r.channel;
    if (name.isEmpty()) {
      // Asterisk: "ConfBridge requires an argument (conference name[,options])", and hangs up
      pbx.warnOnce("confbridge:noname", "ConfBridge without a conference name hangs up");
      pbx.softHangup(c, HangupCause.NORMAL_CLEARING);
      return Outcome.ENDED;
    }
    if (c.state() != ChannelState.UP) {
      pbx.exchange().setState(c, ChannelState.UP);
    }
    Room room = rooms.get(name);
    if (room == null) {
      room = new Room(name, pbx.exchange().createConferenceBridge(name));
      rooms.put(name, room);
      pbx.exchange().emit(EventClass.CALL, conferenceEvent("ConfbridgeStart", room).build());
    }
    Member m = new Member(r, option(c, "user,marked"), option(c, "user,end_marked"), r.generation);
    room.members.add(m);
    pbx.exchange()
        .emit(
            EventClass.CALL,
            Events.snapshot(conferenceEvent("ConfbridgeJoin", room), "", c)
                .add("Admin", "No")
                .add("Muted", "No")
                .build());
    pbx.exchange().enterBridge(room.bridge, c);
    Room joined = room;
    r.blocker =
        hangup -> {
          leave(joined, m);
          if (hangup) {
            pbx.unwind(r);
          }
          return true;
        };
    return Outcome.BLOCKED;
  }

  /**
   * AMI ConfbridgeKick: {@code channel} is a channel's name, {@code all} or {@code participants}
   * (everyone but admins, and no one here is an admin). False when the conference or the channel is
   * not there.
   */
  boolean kick(String conference, String channel) {
    Room room = rooms.get(conference);
    if (room == null) {
      return false;
    }
    List<Member> targets = new ArrayList<>();
    for (Member m : room.members) {
      if (channel.equalsIgnoreCase("all")
          || channel.equalsIgnoreCase("participants")
          || m.channel().name().equals(channel)) {
        targets.add(m);
      }
    }
    targets.forEach(m -> kickOut(room, m));
    return !targets.isEmpty();
  }

  /** Whether a conference of that name runs now. */
  Optional<Bridge> conference(String name) {
    return Optional.ofNullable(rooms.get(name)).map(r -> r.bridge);
  }

  private void kickOut(Room room, Member m) {
    if (!room.members.contains(m)) {
      return;
    }
    m.run().blocker = null;
    leave(room, m);
    pbx.appReturned(m.run(), m.generation());
  }

  private void leave(Room room, Member m) {
    if (!room.members.remove(m)) {
      return;
    }
    Channel c = m.channel();
    pbx.exchange().leaveBridge(c);
    pbx.exchange()
        .emit(
            EventClass.CALL,
            Events.snapshot(conferenceEvent("ConfbridgeLeave", room), "", c)
                .add("Admin", "No")
                .build());
    if (m.marked() && room.members.stream().noneMatch(Member::marked)) {
      for (Member other : List.copyOf(room.members)) {
        if (other.endMarked()) {
          kickOut(room, other);
        }
      }
    }
    if (room.members.isEmpty() && rooms.remove(room.name) != null) {
      pbx.exchange().emit(EventClass.CALL, conferenceEvent("ConfbridgeEnd", room).build());
      pbx.exchange().destroyBridge(room.bridge);
    }
  }

  private AmiMessage.Builder conferenceEvent(String type, Room room) {
    return Events.bridgeFields(
        Events.head(type, EventClass.CALL).add("Conference", room.name),
        room.bridge,
        room.bridge.size());
  }

  private static boolean option(Channel c, String args) {
    String v = c.variables().getOrDefault(optionKey(args), "");
    return v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1");
  }
}
