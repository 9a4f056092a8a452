package org.hotline.asterisk.sim.dialplan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.ChannelState;
import org.hotline.asterisk.sim.exchange.Events;

/**
 * ChanSpy([chanprefix][,options]) after Asterisk 22's app_chanspy (docs.asterisk.org, Dialplan
 * Applications ChanSpy; AMI events ChanSpyStart/ChanSpyStop) and the recording {@code
 * chanspy-supervisor.ami}:
 *
 * <ul>
 *   <li>the spy is answered, then the newest live channel whose name starts with {@code chanprefix}
 *       (case-insensitive; with {@code u}, the channel of that exact name or Uniqueid) is spied on:
 *       ChanSpyStart with only Spyer* and Spyee* snapshots (the recording chose a Local pair's ;2
 *       leg, created after its ;1);
 *   <li>when the spied channel hangs up, ChanSpyStop comes before its Hangup event; with {@code E}
 *       the spy then returns, otherwise it looks again (every second; with {@code S} it returns
 *       when nothing matches);
 *   <li>the spy's own hang-up or a Redirect ends it with ChanSpyStop;
 *   <li>an Originate's ChanSpy (no dialplan) ends its channel when it returns: the Local peer gets
 *       HangupRequest and the spy's Hangup has cause 0, as recorded.
 * </ul>
 *
 * Audio is not simulated: listen ({@code q}), whisper ({@code w}) and barge ({@code B}) differ only
 * in the options a test can read back ({@link #sessions}).
 */
public final class ChanSpyApp {

  /**
   * One ChanSpy run as a test sees it: the spy's channel, what it was asked, whom it spies on now
   * (or last did) and whether it still runs.
   */
  public record Spied(
      String spyer,
      String spyerUniqueid,
      String chanprefix,
      String options,
      String spyee,
      String spyeeUniqueid,
      boolean active) {}

  private static final double RESCAN_SECONDS = 1.0;

  /** Ended runs kept for {@link #sessions} (a long simulation forgets the oldest). */
  private static final int KEEP_ENDED = 1000;

  private final Pbx pbx;
  private final List<Spy> spies = new ArrayList<>();

  private static final class Spy {
    final Run run;
    final int generation;
    final String prefix;
    final String options;
    final Set<Character> flags;
    Channel spyee;
    String lastSpyee = "";
    String lastSpyeeUniqueid = "";
    boolean active = true;
    long rescan = -1;

    Spy(Run run, String prefix, String options) {
      this.run = run;
      this.generation = run.generation;
      this.prefix = prefix;
      this.options = options;
      this.flags = flags(options);
    }
  }

  ChanSpyApp(Pbx pbx) {
    this.pbx = pbx;
    pbx.exchange().beforeHangup(this::hangingUp);
  }

  /** Every ChanSpy run so far, oldest first. */
  public List<Spied> sessions() {
    return spies.stream()
        .map(
            s ->
                new Spied(
                    s.run.channel.name(),
                    s.run.channel.uniqueid(),
                    s.prefix,
                    s.options,
                    s.lastSpyee,
                    s.lastSpyeeUniqueid,
                    s.active))
        .toList();
  }

  Outcome run(Run r, String data) {
    List<String> args = AppArgs.split(data);
    String prefix = args.get(0).trim();
    String options = args.size() > 1 ? args.get(1).trim() : "";
    Channel c = r.channel;
    if (c.state() != ChannelState.UP) {
      pbx.exchange().setState(c, ChannelState.UP);
    }
    Spy s = new Spy(r, prefix, options);
    spies.add(s);
    if (spies.size() > KEEP_ENDED) {
      spies.stream().filter(x -> !x.active).findFirst().ifPresent(spies::remove);
    }
    r.blocker =
        hangup -> {
          stop(s);
          if (hangup) {
            pbx.unwind(r);
          }
          return true;
        };
    if (spy(s) || !s.flags.contains('S')) {
      if (s.spyee == null) {
        scheduleRescan(s);
      }
      return Outcome.BLOCKED;
    }
    // S and nothing to spy on: ChanSpy returns at once
    s.active = false;
    r.blocker = null;
    if (r.applicationOnly) {
      pbx.vertx().runOnContext(v -> endChannel(r));
    }
    return Outcome.NEXT;
  }

  /** Looks for a channel to spy on; raises ChanSpyStart when one is found. */
  private boolean spy(Spy s) {
    Channel self = s.run.channel;
    Channel found = null;
    for (Channel c : pbx.exchange().channels()) {
      if (c != self && !c.isGone() && !c.hangupRequested() && matches(s, c)) {
        found = c; // the newest match wins, as the recording's ;2 leg did
      }
    }
    if (found == null) {
      return false;
    }
    s.spyee = found;
    s.lastSpyee = found.name();
    s.lastSpyeeUniqueid = found.uniqueid();
    pbx.exchange().emit(EventClass.CALL, spyEvent("ChanSpyStart", self, found));
    return true;
  }

  private static boolean matches(Spy s, Channel c) {
    if (s.flags.contains('u')) {
      return c.name().equals(s.prefix) || c.uniqueid().equals(s.prefix);
    }
    return s.prefix.isEmpty() || c.name().regionMatches(true, 0, s.prefix, 0, s.prefix.length());
  }

  private void scheduleRescan(Spy s) {
    s.rescan =
        pbx.clock()
            .scheduleSeconds(
                RESCAN_SECONDS,
                () -> {
                  s.rescan = -1;
                  if (!current(s)) {
                    return;
                  }
                  if (spy(s)) {
                    return;
                  }
                  if (s.flags.contains('S')) {
                    end(s);
                  } else {
                    scheduleRescan(s);
                  }
                });
  }

  /** A channel is about to raise Hangup: the spies on it let go first. */
  private void hangingUp(Channel c) {
    for (Spy s : List.copyOf(spies)) {
      if (s.active && s.spyee == c) {
        pbx.exchange().emit(EventClass.CALL, spyEvent("ChanSpyStop", s.run.channel, c));
        s.spyee = null;
        // after the spied channel's Hangup event, as recorded
        pbx.vertx()
            .runOnContext(
                v -> {
                  if (!current(s)) {
                    return;
                  }
                  if (s.flags.contains('E') || (s.flags.contains('S') && !spy(s))) {
                    end(s);
                  } else if (s.spyee == null) {
                    scheduleRescan(s);
                  }
                });
      }
    }
  }

  private boolean current(Spy s) {
    return s.active && !s.run.finished && s.run.generation == s.generation;
  }

  /** ChanSpy returns by itself. */
  private void end(Spy s) {
    if (!current(s)) {
      return;
    }
    stop(s);
    Run r = s.run;
    r.blocker = null;
    if (r.applicationOnly) {
      endChannel(r);
    } else {
      pbx.appReturned(r, s.generation);
    }
  }

  /** Ends spying (ChanSpyStop if on a channel); the run's fate is the caller's. */
  private void stop(Spy s) {
    pbx.clock().cancel(s.rescan);
    s.rescan = -1;
    if (s.spyee != null) {
      pbx.exchange().emit(EventClass.CALL, spyEvent("ChanSpyStop", s.run.channel, s.spyee));
      s.spyee = null;
    }
    s.active = false;
  }

  /** An originated application returned: its channel hangs up (cause 0), telling its peer. */
  private void endChannel(Run r) {
    if (r.finished) {
      return;
    }
    r.finished = true;
    Channel c = r.channel;
    Channel peer = c.localPeer();
    boolean tellPeer = peer != null && !peer.isGone() && !peer.hangupRequested();
    if (tellPeer) {
      pbx.exchange().hangupRequest(peer, 0);
    }
    pbx.exchange().destroy(c, 0);
    pbx.exchange().deviceIdleIfUnused(c.device());
    if (tellPeer) {
      pbx.softHangup(peer, 16);
    }
  }

  private static AmiMessage spyEvent(String type, Channel spyer, Channel spyee) {
    AmiMessage.Builder b = Events.head(type, EventClass.CALL);
    Events.snapshot(b, "Spyer", spyer);
    Events.snapshot(b, "Spyee", spyee);
    return b.build();
  }

  /** The option letters; an option's argument in parentheses is skipped. */
  static Set<Character> flags(String options) {
    Set<Character> out = new HashSet<>();
    for (int i = 0; i < options.length(); i++) {
      char c = options.charAt(i);
      if (c == '(') {
        int close = options.indexOf(')', i);
        i = close < 0 ? options.length() : close;
      } else {
        out.add(c);
      }
    }
    return out;
  }
}
