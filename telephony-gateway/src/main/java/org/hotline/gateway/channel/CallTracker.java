package org.hotline.gateway.channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds each call's life from channel events: legs by Uniqueid, grouped into calls by Linkedid.
 * When the last leg of a call hangs up the call's {@link CallLifecycle} goes to the listener and is
 * forgotten, so memory holds only calls in progress. Events for legs it never saw created (the
 * gateway started mid-call) still count towards the call they name. Runs on one Vert.x context.
 */
public final class CallTracker implements Consumer<ChannelEvent> {

  /** A call's legs are forgotten after this many, whatever happens (a storm of Local channels). */
  private static final int MAX_CALLS = 200_000;

  private final Consumer<CallLifecycle> listener;
  private final Map<String, Leg> legs = new HashMap<>();
  private final Map<String, Call> calls = new LinkedHashMap<>();

  private static final class Leg {
    final String uniqueId;
    final String linkedId;
    String channel;
    String callerNumber = "";
    Instant created;
    Instant hungUp;
    int cause;
    boolean bridged;
    boolean requested;
    CallLifecycle.HangupBy hangupBy = CallLifecycle.HangupBy.UNKNOWN;
    String lastContext = "";
    String lastApplication = "";

    Leg(String uniqueId, String linkedId, String channel, Instant created) {
      this.uniqueId = uniqueId;
      this.linkedId = linkedId;
      this.channel = channel;
      this.created = created;
    }
  }

  private static final class Call {
    final String server;
    final String linkedId;
    final Instant started;
    final List<Leg> legs = new ArrayList<>();
    final List<String[]> dials = new ArrayList<>();
    boolean bridged;
    int holds;
    int transfers;

    Call(String server, String linkedId, Instant started) {
      this.server = server;
      this.linkedId = linkedId;
      this.started = started;
    }
  }

  public CallTracker(Consumer<CallLifecycle> listener) {
    this.listener = listener;
  }

  /** Whether a leg this tracker has seen created (or in progress) has not hung up yet. */
  public boolean legAlive(String server, String uniqueId) {
    return legs.containsKey(key(server, uniqueId));
  }

  /** Calls in progress now. */
  public int callsInProgress() {
    return calls.size();
  }

  @Override
  public void accept(ChannelEvent event) {
    String server = event.server();
    if (event instanceof ChannelEvent.Created c) {
      Leg leg = new Leg(c.uniqueId(), c.linkedId(), c.channel(), c.at());
      leg.callerNumber = c.callerNumber() == null ? "" : c.callerNumber();
      legs.put(key(server, c.uniqueId()), leg);
      call(server, c.linkedId(), c.at()).legs.add(leg);
      return;
    }
    Leg leg = legs.get(key(server, legOf(event)));
    if (leg == null) {
      if (event instanceof ChannelEvent.HungUp h && !h.linkedId().isEmpty()) {
        // a leg created before we listened: it still belongs to its call
        leg = new Leg(h.uniqueId(), h.linkedId(), h.channel(), h.at());
        legs.put(key(server, h.uniqueId()), leg);
        call(server, h.linkedId(), h.at()).legs.add(leg);
      } else {
        return;
      }
    }
    Call call = calls.get(key(server, leg.linkedId));
    if (call == null) {
      return;
    }
    if (event instanceof ChannelEvent.CallerId id && id.callerNumber() != null) {
      leg.callerNumber = id.callerNumber();
    } else if (event instanceof ChannelEvent.DialStarted d) {
      call.dials.add(new String[] {d.uniqueId(), d.destUniqueId(), d.destChannel(), ""});
    } else if (event instanceof ChannelEvent.DialEnded d) {
      for (String[] dial : call.dials) {
        if (dial[1].equals(d.destUniqueId()) && dial[3].isEmpty()) {
          dial[3] = d.status();
        }
      }
    } else if (event instanceof ChannelEvent.BridgeEntered) {
      leg.bridged = true;
      call.bridged |= call.legs.stream().filter(l -> l.bridged).count() >= 2;
    } else if (event instanceof ChannelEvent.HoldChanged h && h.onHold()) {
      call.holds++;
    } else if (event instanceof ChannelEvent.Transferred) {
      call.transfers++;
    } else if (event instanceof ChannelEvent.HangupRequested) {
      leg.requested = true;
      if (leg.hangupBy == CallLifecycle.HangupBy.UNKNOWN) {
        leg.hangupBy = CallLifecycle.HangupBy.FAR_END;
      }
    } else if (event instanceof ChannelEvent.SoftHangupRequested) {
      if (leg.hangupBy == CallLifecycle.HangupBy.UNKNOWN) {
        leg.hangupBy = CallLifecycle.HangupBy.EXCHANGE;
      }
    } else if (event instanceof ChannelEvent.DialplanStep step) {
      if (leg.hungUp == null && leg.hangupBy == CallLifecycle.HangupBy.UNKNOWN) {
        // hang-up handlers run in their own context: keep where the dialplan was before them
        leg.lastContext = step.context();
        leg.lastApplication = step.application();
      }
    } else if (event instanceof ChannelEvent.HungUp h) {
      leg.hungUp = h.at();
      leg.cause = h.cause();
      legs.remove(key(server, leg.uniqueId));
      if (call.legs.stream().allMatch(l -> l.hungUp != null)) {
        calls.remove(key(server, call.linkedId));
        listener.accept(lifecycle(call, h.at()));
      }
    }
  }

  /**
   * Forgets legs of {@code server} that the exchange no longer has (their Hangup was missed while
   * disconnected); calls left with no live leg are reported as ended. Only legs created before the
   * snapshot was asked for ({@code requestedAt}) can be missing from it for that reason.
   */
  public void keepOnly(String server, Set<String> liveUniqueIds, Instant requestedAt, Instant now) {
    for (Iterator<Map.Entry<String, Call>> it = calls.entrySet().iterator(); it.hasNext(); ) {
      Call call = it.next().getValue();
      if (!call.server.equals(server)) {
        continue;
      }
      for (Leg leg : call.legs) {
        if (leg.hungUp == null
            && !liveUniqueIds.contains(leg.uniqueId)
            && leg.created.isBefore(requestedAt)) {
          leg.hungUp = now;
          legs.remove(key(server, leg.uniqueId));
        }
      }
      if (call.legs.stream().allMatch(l -> l.hungUp != null)) {
        it.remove();
        listener.accept(lifecycle(call, now));
      }
    }
  }

  /** The leg an event is about; an Originate's dial has no calling leg, only a destination. */
  private static String legOf(ChannelEvent event) {
    if (event.uniqueId().isEmpty() && event instanceof ChannelEvent.DialStarted d) {
      return d.destUniqueId();
    }
    if (event.uniqueId().isEmpty() && event instanceof ChannelEvent.DialEnded d) {
      return d.destUniqueId();
    }
    return event.uniqueId();
  }

  private Call call(String server, String linkedId, Instant at) {
    if (calls.size() >= MAX_CALLS) {
      Iterator<Map.Entry<String, Call>> oldest = calls.entrySet().iterator();
      Call dropped = oldest.next().getValue();
      oldest.remove();
      dropped.legs.forEach(l -> legs.remove(key(dropped.server, l.uniqueId)));
    }
    return calls.computeIfAbsent(key(server, linkedId), k -> new Call(server, linkedId, at));
  }

  private static CallLifecycle lifecycle(Call call, Instant ended) {
    List<CallLifecycle.Leg> legs = new ArrayList<>();
    for (Leg l : call.legs) {
      legs.add(
          new CallLifecycle.Leg(
              l.uniqueId,
              l.channel,
              l.callerNumber,
              l.created,
              l.hungUp,
              l.cause,
              l.bridged,
              l.requested,
              l.hangupBy,
              l.lastContext,
              l.lastApplication));
    }
    List<CallLifecycle.Dial> dials = new ArrayList<>();
    for (String[] d : call.dials) {
      dials.add(new CallLifecycle.Dial(d[0], d[1], d[2], d[3]));
    }
    return new CallLifecycle(
        call.server,
        call.linkedId,
        call.started,
        ended,
        legs,
        dials,
        call.bridged,
        call.holds,
        call.transfers);
  }

  private static String key(String server, String id) {
    return server + ":" + id;
  }
}
