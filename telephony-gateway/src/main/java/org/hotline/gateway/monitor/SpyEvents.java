package org.hotline.gateway.monitor;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.hotline.gateway.channel.ChannelEvent;

/**
 * Hands the channel events a spy session follows (its leg's creation, ChanSpyStart/Stop, hang-up
 * requests and Hangup), and each snapshot of an exchange's live channels, to {@link Monitors},
 * which is made after the event path is wired.
 */
public final class SpyEvents implements Consumer<ChannelEvent> {

  /** Where the events and the snapshots go. */
  public interface Listener {
    void accept(ChannelEvent event);

    /** {@code server}'s live channels (their Uniqueids) as read at {@code at}. */
    void live(String server, Set<String> uniqueIds, Instant at);
  }

  private Listener listener =
      new Listener() {
        @Override
        public void accept(ChannelEvent event) {}

        @Override
        public void live(String server, Set<String> uniqueIds, Instant at) {}
      };

  public void listener(Listener value) {
    listener = value;
  }

  /** After a reconnection and periodically: legs whose Hangup was never heard are found gone. */
  public void live(String server, Set<String> uniqueIds, Instant at) {
    listener.live(server, uniqueIds, at);
  }

  @Override
  public void accept(ChannelEvent e) {
    if (e instanceof ChannelEvent.SpyStarted
        || e instanceof ChannelEvent.SpyStopped
        || e instanceof ChannelEvent.Created
        || e instanceof ChannelEvent.HangupRequested
        || e instanceof ChannelEvent.HungUp) {
      listener.accept(e);
    }
  }
}
