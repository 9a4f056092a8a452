package org.hotline.gateway.handover;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.gateway.agi.AgiRequest;

/**
 * The FastAGI sessions open on this instance, per call. While a call's session is open, the channel
 * belongs to it: an offer made meanwhile is not redirected but handed over by the session itself
 * when it ends ({@link SessionHandover}), which reads the call's offer as its last step.
 * Thread-safe: sessions run on their sockets' event loops, decisions on the switchboard's.
 */
public final class OpenSessions {

  private enum State {
    /** The session will read the call's current offer before it ends. */
    OPEN,
    /** It has started that read: an offer decided from now on must find its own way. */
    CHECKING
  }

  /** Hears where each session's channel is as it opens (AGI tells it before AMI may have). */
  @FunctionalInterface
  public interface Watcher {
    void openedAt(String callId, String context, int priority);
  }

  private final ConcurrentHashMap<String, State> sessions = new ConcurrentHashMap<>();
  private final Watcher watcher;

  public OpenSessions() {
    this((callId, context, priority) -> {});
  }

  public OpenSessions(Watcher watcher) {
    this.watcher = watcher;
  }

  /** The call's session opened, its channel at the request's agi_context and agi_priority. */
  public void opened(String callId, AgiRequest request) {
    sessions.put(callId, State.OPEN);
    OptionalInt priority = priorityOf(request.get("agi_priority"));
    if (priority.isPresent() && !request.get("agi_context").isEmpty()) {
      watcher.openedAt(callId, request.get("agi_context"), priority.getAsInt());
    }
  }

  private static OptionalInt priorityOf(String text) {
    try {
      return OptionalInt.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** Called just before the session reads the call's offer for the last time. */
  void checking(String callId) {
    sessions.replace(callId, State.OPEN, State.CHECKING);
  }

  public void closed(String callId) {
    sessions.remove(callId);
  }

  /** Whether an open session here will still hand over an offer of this call made now. */
  public boolean willHandOver(String callId) {
    return sessions.get(callId) == State.OPEN;
  }

  /** Sessions open now. */
  public int size() {
    return sessions.size();
  }
}
