package org.hotline.gateway.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The channels each exchange has now, name by Uniqueid, as this gateway has seen them on that
 * exchange's AMI: from Newchannel and Hangup events, and from the CoreShowChannels snapshot of
 * every (re)connect and reconciliation ({@link #resync}), which alone shows channels created while
 * no AMI connection listened (callers waiting in the dialplan's retry context across a gateway
 * restart). A FastAGI session only claims its channel; {@link #check} says whether the exchange has
 * it.
 *
 * <p>Not the {@link CallTracker}: that one learns legs from events only, because a call's lifecycle
 * needs its start, and what it reports becomes call detail records.
 *
 * <p>Runs on one Vert.x context (the AMI clients'); {@link #check} may be called from any.
 */
public final class KnownChannels implements Consumer<ChannelEvent> {

  /** What the exchange's AMI says of a channel a FastAGI session names. */
  public enum Verdict {
    /** The exchange has this Uniqueid, under this channel name. */
    KNOWN("known"),
    /** It has this Uniqueid under another name, or had it until it hung up under another name. */
    OTHER_CHANNEL("other-channel"),
    /** It had this very channel, which has hung up. */
    HUNG_UP("hung-up"),
    /** Not seen within the wait although the server's AMI is connected. */
    UNKNOWN("unknown"),
    /** Not seen, and the server's AMI is not connected, so it could not have been. */
    AMI_DOWN("ami-down");

    private final String tag;

    Verdict(String tag) {
      this.tag = tag;
    }

    /** Its name in metrics and logs. */
    public String tag() {
      return tag;
    }
  }

  /** Channels hung up this recently are remembered (no snapshot takes longer to come back). */
  static final Duration REMEMBER_HANGUPS = Duration.ofSeconds(60);

  /** Checks waiting at once; beyond this a check of an unseen channel is answered at once. */
  static final int MAX_WAITING = 10_000;

  private record Seen(String channel, Instant since) {}

  private record Waiter(String channel, Promise<Verdict> answer, long timer) {}

  private final Vertx vertx;
  private final Context context;
  private final Predicate<String> amiConnected;

  /** Per server: live channels by Uniqueid. */
  private final Map<String, Map<String, Seen>> live = new HashMap<>();

  /** Per server: channels hung up lately by Uniqueid, oldest first. */
  private final Map<String, LinkedHashMap<String, Seen>> hungUp = new HashMap<>();

  /** Checks waiting for a channel to appear, by server and Uniqueid. */
  private final Map<String, List<Waiter>> waiting = new HashMap<>();

  /** Written on the context only; volatile so that {@link #waiting()} may be asked anywhere. */
  private volatile int waiters;

  /**
   * @param context the context channel events and snapshots are handed to this on
   * @param amiConnected whether the named server's AMI connection is logged in now
   */
  public KnownChannels(Vertx vertx, Context context, Predicate<String> amiConnected) {
    this.vertx = vertx;
    this.context = context;
    this.amiConnected = amiConnected;
  }

  /**
   * Whether {@code server} has the channel {@code uniqueId} named {@code channel}. One it has not
   * shown yet is waited for up to {@code wait}: Asterisk sends Newchannel before the channel runs
   * any AGI, but the gateway may not have read it yet. The answer comes on the caller's context.
   */
  public Future<Verdict> check(String server, String uniqueId, String channel, Duration wait) {
    Context caller = Vertx.currentContext();
    Promise<Verdict> answer = Promise.promise();
    context.runOnContext(v -> checkHere(server, uniqueId, channel, wait, answer));
    if (caller == null || caller == context) {
      return answer.future();
    }
    Promise<Verdict> there = Promise.promise();
    answer.future().onComplete(r -> caller.runOnContext(v -> there.handle(r)));
    return there.future();
  }

  private void checkHere(
      String server, String uniqueId, String channel, Duration wait, Promise<Verdict> answer) {
    if (uniqueId.isEmpty() || channel.isEmpty()) {
      answer.complete(Verdict.UNKNOWN);
      return;
    }
    Seen seen = liveOn(server).get(uniqueId);
    if (seen != null) {
      answer.complete(compare(seen, channel));
      return;
    }
    Seen gone = hungUpOn(server).get(uniqueId);
    if (gone != null) {
      answer.complete(gone.channel().equals(channel) ? Verdict.HUNG_UP : Verdict.OTHER_CHANNEL);
      return;
    }
    if (wait.isZero() || waiters >= MAX_WAITING) {
      answer.complete(unseen(server));
      return;
    }
    String key = key(server, uniqueId);
    long timer =
        vertx.setTimer(
            Math.max(1, wait.toMillis()),
            id -> {
              List<Waiter> list = waiting.get(key);
              if (list != null && list.removeIf(w -> w.timer() == id)) {
                waiters--;
                if (list.isEmpty()) {
                  waiting.remove(key);
                }
                answer.tryComplete(unseen(server));
              }
            });
    waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(new Waiter(channel, answer, timer));
    waiters++;
  }

  private Verdict unseen(String server) {
    return amiConnected.test(server) ? Verdict.UNKNOWN : Verdict.AMI_DOWN;
  }

  private static Verdict compare(Seen seen, String channel) {
    return seen.channel().equals(channel) ? Verdict.KNOWN : Verdict.OTHER_CHANNEL;
  }

  @Override
  public void accept(ChannelEvent event) {
    if (event instanceof ChannelEvent.Created c) {
      appeared(c.server(), c.uniqueId(), new Seen(c.channel(), c.at()));
    } else if (event instanceof ChannelEvent.HungUp h) {
      Map<String, Seen> known = live.get(h.server());
      Seen was = known == null ? null : known.remove(h.uniqueId());
      LinkedHashMap<String, Seen> gone =
          hungUp.computeIfAbsent(h.server(), s -> new LinkedHashMap<>());
      // the name it lived under, if seen (a Hangup names the channel as it is at the end)
      String name = was != null ? was.channel() : h.channel();
      gone.put(h.uniqueId(), new Seen(name, h.at()));
      Instant horizon = h.at().minus(REMEMBER_HANGUPS);
      for (Iterator<Seen> it = gone.values().iterator(); it.hasNext(); ) {
        if (!it.next().since().isBefore(horizon)) {
          break;
        }
        it.remove();
      }
      answerWaiters(
          h.server(),
          h.uniqueId(),
          w -> w.channel().equals(name) ? Verdict.HUNG_UP : Verdict.OTHER_CHANNEL);
    }
  }

  /**
   * What CoreShowChannels listed, asked for at {@code requestedAt}: channels not seen yet are added
   * (a listed name replaces the one held: Asterisk renames a channel without an event this gateway
   * reads), and channels seen before that moment but not listed are gone. A channel whose Hangup
   * has been read since is not brought back by a snapshot taken before it.
   */
  public void resync(String server, List<LiveChannel> channels, Instant requestedAt) {
    Map<String, Seen> known = live.computeIfAbsent(server, s -> new HashMap<>());
    Map<String, Seen> gone = hungUpOn(server);
    Set<String> listed = new HashSet<>();
    for (LiveChannel c : channels) {
      listed.add(c.uniqueId());
      if (gone.containsKey(c.uniqueId())) {
        continue;
      }
      Seen held = known.get(c.uniqueId());
      if (held == null || !held.channel().equals(c.channel())) {
        appeared(server, c.uniqueId(), new Seen(c.channel(), requestedAt));
      }
    }
    // one seen since the snapshot was asked for may be missing from it only because it is new
    known
        .entrySet()
        .removeIf(e -> !listed.contains(e.getKey()) && e.getValue().since().isBefore(requestedAt));
  }

  /** Checks waiting now; off the context a snapshot. */
  public int waiting() {
    return waiters;
  }

  private void appeared(String server, String uniqueId, Seen seen) {
    live.computeIfAbsent(server, s -> new HashMap<>()).put(uniqueId, seen);
    answerWaiters(server, uniqueId, w -> compare(seen, w.channel()));
  }

  private Map<String, Seen> liveOn(String server) {
    return live.getOrDefault(server, Map.of());
  }

  private Map<String, Seen> hungUpOn(String server) {
    Map<String, Seen> gone = hungUp.get(server);
    return gone == null ? Map.of() : gone;
  }

  private void answerWaiters(String server, String uniqueId, Function<Waiter, Verdict> verdict) {
    List<Waiter> list = waiting.remove(key(server, uniqueId));
    if (list == null) {
      return;
    }
    for (Waiter w : list) {
      vertx.cancelTimer(w.timer());
      waiters--;
      w.answer().tryComplete(verdict.apply(w));
    }
  }

  private static String key(String server, String uniqueId) {
    return server + ":" + uniqueId;
  }
}
