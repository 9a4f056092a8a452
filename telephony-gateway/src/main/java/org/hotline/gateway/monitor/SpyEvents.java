package org.hotline.gateway.monitor;

import java.util.function.Consumer;
import org.hotline.gateway.channel.ChannelEvent;

/**
 * Hands the channel events a spy session follows (its leg's creation, ChanSpyStart/Stop, hang-up
 * requests and Hangup) to {@link Monitors}, which is made after the event path is wired.
 */
public final class SpyEvents implements Consumer<ChannelEvent> {

  private Consumer<ChannelEvent> listener = e -> {};

  public void listener(Consumer<ChannelEvent> value) {
    listener = value;
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
