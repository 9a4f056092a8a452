package org.hotline.gateway.handover;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.channel.ChannelEvent;
import org.hotline.gateway.channel.LiveChannel;
import org.hotline.gateway.config.DialplanNames;

/**
 * Where each hotline caller's dialplan is, as AMI shows it, and so whether an AMI Redirect may land
 * on the channel now.
 *
 * <p>Asterisk looks up a channel's next priority without the channel lock; a Redirect that lands
 * between two applications hangs the caller up or starts the target context in the middle. It is
 * safe only while the channel is inside a blocking application: the MusicOnHold (or Wait) of the
 * hold context, or a Dial that is still ringing. A Newexten arrives just before its application
 * starts, and such an application ends by itself only at its time limit, so a channel counts as
 * safe from its Newexten until {@link #MARGIN} before that limit. Everything else is unsafe.
 *
 * <p>AMI events may lag behind the channel: the exchange writes them through a queue, and they wait
 * here behind others. A position that was safe when last shown may have been left since, and only
 * two things take a caller out of a safe place without hanging it up: a Redirect of ours and the
 * end of a Dial, which runs the /dialresult AGI. So a caller is not safe from the moment a Redirect
 * is sent until AMI shows its next dialplan step ({@link #moving}), nor from the moment an AGI
 * session of the caller opens until AMI shows the step that runs it ({@link #sessionAt}): the
 * events still to come describe the past.
 *
 * <p>Keyed by call id ({@code server:uniqueid} of the caller's channel). Runs on one Vert.x
 * context, the one that receives the channel events.
 */
public final class DialplanPositions implements Consumer<ChannelEvent> {

  /** How long before a blocking application's time limit a channel stops counting as safe. */
  static final Duration MARGIN = Duration.ofSeconds(2);

  /** What the rest of the gateway hears from the positions. */
  public interface Listener {
    /** The caller's channel just became safe to redirect. */
    default void becameSafe(String callId) {}

    /**
     * The caller's channel entered the connect context by itself (an AGI session handed an offer
     * over), as AMI shows it now: not at the end of a Redirect of ours, nor while what AMI shows is
     * past ({@link #sessionAt}).
     */
    default void enteredConnect(String callId) {}

    /** The caller's channel entered the connect context at {@code priority}, not its first. */
    default void enteredConnectMidway(String callId, String fromContext, int priority) {}

    /** The caller's channel is gone. */
    default void gone(String callId) {}
  }

  /**
   * @param application the application the dialplan runs now
   * @param safeUntil until when a Redirect may land ({@link Instant#MIN}: not safe)
   * @param dialing inside the connect context's Dial (from its Newexten to its DialEnd)
   */
  record Position(
      String context,
      int priority,
      String application,
      Instant since,
      Instant safeUntil,
      boolean dialing,
      Optional<Duration> dialTimeout) {}

  /**
   * What AMI must still show before a caller's known position is the present: the step at {@code
   * context}/{@code priority} (an AGI session runs there), or with {@code priority} {@link #ANY}
   * the next step whatever it is (a Redirect was sent). Marked at {@code since}.
   */
  private record Awaited(String context, int priority, Instant since) {
    boolean shownBy(ChannelEvent.DialplanStep step) {
      return priority == ANY || (priority == step.priority() && context.equals(step.context()));
    }
  }

  private static final int ANY = -1;

  private final DialplanNames names;
  private final Supplier<Instant> now;
  private final Map<String, Position> calls = new HashMap<>();
  private final Set<String> talking = new java.util.HashSet<>();
  private final Map<String, Awaited> behind = new HashMap<>();
  private long sessionsAhead;
  private Listener listener = new Listener() {};

  public DialplanPositions(DialplanNames names, Supplier<Instant> now) {
    this.names = names;
    this.now = now;
  }

  public void listener(Listener value) {
    this.listener = value;
  }

  /** Whether a Redirect may land on the caller's channel now. */
  public boolean safeToRedirect(String callId) {
    Position p = calls.get(callId);
    return p != null && !behind.containsKey(callId) && now.get().isBefore(p.safeUntil());
  }

  /**
   * A Redirect of the caller's channel is being sent: the channel is on the move until AMI shows
   * its next dialplan step.
   */
  public void moving(String callId) {
    behind.putIfAbsent(callId, new Awaited("", ANY, now.get()));
  }

  /** The Redirect announced by {@link #moving} failed: the channel did not move. */
  public void moveFailed(String callId) {
    Awaited a = behind.get(callId);
    if (a != null && a.priority() == ANY) {
      behind.remove(callId);
      Position p = calls.get(callId);
      if (p != null && now.get().isBefore(p.safeUntil())) {
        listener.becameSafe(callId);
      }
    }
  }

  /**
   * An AGI session of the caller opened at {@code context}/{@code priority}: the channel is there
   * now, whatever AMI has shown so far. Until AMI shows that step, the positions it shows are past.
   */
  public void sessionAt(String callId, String context, int priority) {
    talking.remove(callId);
    Position p = calls.get(callId);
    if (p != null && p.context().equals(context) && p.priority() == priority) {
      return; // AMI is up to date
    }
    sessionsAhead++;
    behind.put(callId, new Awaited(context, priority, now.get()));
  }

  /** AGI sessions that opened before AMI had shown their channel get there. */
  public long sessionsAheadOfEvents() {
    return sessionsAhead;
  }

  /** Whether the caller's channel is in the connect context's Dial, still ringing, safely. */
  public boolean ringingSafely(String callId) {
    Position p = calls.get(callId);
    return p != null && p.dialing() && safeToRedirect(callId);
  }

  /**
   * Whether the caller talks to a seat now: its connect context's Dial was answered and the caller
   * is still in that Dial's bridge. Dial blocks there, so a Redirect lands safely (Asterisk's async
   * goto pulls the caller out of the bridge and the Dial's aftermath never runs; the seat's leg is
   * hung up): this is when a blind transfer moves the caller.
   */
  public boolean talkingSafely(String callId) {
    return talking.contains(callId) && calls.containsKey(callId) && !behind.containsKey(callId);
  }

  /** Whether the caller waits in the hold context's blocking application, safely, now. */
  public boolean holdingSafely(String callId) {
    Position p = calls.get(callId);
    return p != null && holding(p.context(), p.application()) && safeToRedirect(callId);
  }

  /** Whether the caller's dialplan is in the connect context, before or at its Dial. */
  public boolean connecting(String callId) {
    Position p = calls.get(callId);
    return p != null && p.context().equals(names.connectContext());
  }

  Optional<Position> position(String callId) {
    return Optional.ofNullable(calls.get(callId));
  }

  /** Callers whose position is known now. */
  public int size() {
    return calls.size();
  }

  @Override
  public void accept(ChannelEvent event) {
    if (event instanceof ChannelEvent.DialplanStep step) {
      stepped(step);
    } else if (event instanceof ChannelEvent.DialStarted d) {
      String callId = CallRecord.callIdOf(d.server(), d.uniqueId());
      Position p = calls.get(callId);
      if (p != null && p.dialing() && p.application().equals("Dial")) {
        // ringing: a Redirect now ends the Dial with CANCEL, until its time-out draws near
        Instant until =
            p.dialTimeout().map(t -> p.since().plus(t).minus(MARGIN)).orElse(Instant.MAX);
        calls.put(callId, withSafeUntil(p, until));
        if (now.get().isBefore(until) && !behind.containsKey(callId)) {
          listener.becameSafe(callId);
        }
      }
    } else if (event instanceof ChannelEvent.DialEnded d) {
      String callId = CallRecord.callIdOf(d.server(), d.uniqueId());
      Position p = calls.get(callId);
      if (p != null && p.dialing() && d.status().equals("ANSWER")) {
        talking.add(callId);
      }
      if (p != null) {
        calls.put(
            callId,
            new Position(
                p.context(),
                p.priority(),
                p.application(),
                p.since(),
                Instant.MIN,
                false,
                Optional.empty()));
      }
    } else if (event instanceof ChannelEvent.BridgeLeft b) {
      talking.remove(CallRecord.callIdOf(b.server(), b.uniqueId()));
    } else if (event instanceof ChannelEvent.HungUp h) {
      String callId = CallRecord.callIdOf(h.server(), h.uniqueId());
      talking.remove(callId);
      behind.remove(callId);
      if (calls.remove(callId) != null) {
        listener.gone(callId);
      }
    }
  }

  private void stepped(ChannelEvent.DialplanStep step) {
    String callId = CallRecord.callIdOf(step.server(), step.uniqueId());
    talking.remove(callId);
    Awaited awaited = behind.get(callId);
    boolean past = awaited != null && !awaited.shownBy(step);
    if (awaited != null && !past) {
      behind.remove(callId);
    }
    // entering the connect context hands an offer over, unless the entry is past news or the end
    // of a Redirect of ours (whose offer was never waiting: one waiting now is a later one)
    boolean handover = awaited == null || (!past && awaited.priority() != ANY);
    Position before = calls.get(callId);
    boolean inConnect = step.context().equals(names.connectContext());
    if (inConnect && (before == null || !before.context().equals(names.connectContext()))) {
      if (before != null && step.priority() != 1) {
        listener.enteredConnectMidway(callId, before.context(), step.priority());
      }
      if (handover) {
        listener.enteredConnect(callId);
      }
    } else if (inConnect && step.priority() == 1 && handover) {
      listener.enteredConnect(callId); // the next seat, from within (GotoIf or a Redirect)
    }
    Position now = place(step);
    calls.put(callId, now);
    if (this.now.get().isBefore(now.safeUntil()) && !behind.containsKey(callId)) {
      listener.becameSafe(callId);
    }
  }

  private Position place(ChannelEvent.DialplanStep step) {
    String app = step.application();
    boolean dial = step.context().equals(names.connectContext()) && app.equals("Dial");
    Optional<Duration> dialTimeout =
        dial ? secondsArgument(step.appData(), 1) : Optional.<Duration>empty();
    Instant safeUntil = Instant.MIN;
    if (holding(step.context(), app)) {
      int durationArg = app.equals("MusicOnHold") ? 1 : 0;
      safeUntil =
          secondsArgument(step.appData(), durationArg)
              .map(d -> step.at().plus(d).minus(MARGIN))
              .orElse(Instant.MAX);
    }
    return new Position(
        step.context(), step.priority(), app, step.at(), safeUntil, dial, dialTimeout);
  }

  private boolean holding(String context, String application) {
    return context.equals(names.holdContext())
        && (application.equals("MusicOnHold") || application.equals("Wait"));
  }

  private static Position withSafeUntil(Position p, Instant until) {
    return new Position(
        p.context(), p.priority(), p.application(), p.since(), until, p.dialing(), p.dialTimeout());
  }

  /**
   * A duration in whole or fractional seconds at {@code index} of comma-separated application data;
   * empty when absent or blank (no limit).
   */
  static Optional<Duration> secondsArgument(String appData, int index) {
    String[] parts = appData.split(",", -1);
    if (index >= parts.length || parts[index].isBlank()) {
      return Optional.empty();
    }
    try {
      double seconds = Double.parseDouble(parts[index].trim());
      return seconds > 0
          ? Optional.of(Duration.ofMillis((long) (seconds * 1000)))
          : Optional.<Duration>empty();
    } catch (NumberFormatException e) {
      return Optional.of(Duration.ZERO); // unreadable: treat as ending at once, never safe
    }
  }

  /**
   * After an AMI (re)connect, and periodically: the exchange's channels as a snapshot requested at
   * {@code requestedAt}. Events are the fresher truth: a position known from an event keeps it; a
   * hotline channel with no known position (events were missed) is placed from the snapshot, its
   * application taken as started no earlier than the channel itself (so its remaining time is at
   * least its limit minus the channel's age). A channel still awaited ({@link #moving}, {@link
   * #sessionAt}) since before the snapshot is placed from the snapshot, which is newer. Positions
   * of {@code server} last set before the snapshot, of channels it no longer lists, are dropped.
   */
  public void resync(String server, List<LiveChannel> channels, Instant requestedAt) {
    String prefix = server + ":";
    Set<String> alive = new java.util.HashSet<>();
    Instant at = now.get();
    for (LiveChannel c : channels) {
      String callId = CallRecord.callIdOf(server, c.uniqueId());
      alive.add(callId);
      Awaited awaited = behind.get(callId);
      if (awaited != null && awaited.since().isBefore(requestedAt)) {
        behind.remove(callId);
        calls.remove(callId); // the snapshot is newer than what the events showed
      }
      if (calls.containsKey(callId) || !names.contexts().contains(c.context())) {
        continue;
      }
      Position p =
          place(
              new ChannelEvent.DialplanStep(
                  server,
                  c.uniqueId(),
                  c.context(),
                  c.priority(),
                  c.application(),
                  c.applicationData(),
                  requestedAt.minus(c.age())));
      if (p.dialing()) {
        p = withSafeUntil(p, Instant.MIN); // whether it still rings is not in the snapshot
      }
      calls.put(callId, p);
      if (at.isBefore(p.safeUntil())) {
        listener.becameSafe(callId);
      }
    }
    for (Iterator<Map.Entry<String, Position>> it = calls.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Position> e = it.next();
      String callId = e.getKey();
      if (callId.startsWith(prefix)
          && !alive.contains(callId)
          && e.getValue().since().isBefore(requestedAt)) {
        it.remove();
        behind.remove(callId);
        listener.gone(callId);
      }
    }
  }
}
