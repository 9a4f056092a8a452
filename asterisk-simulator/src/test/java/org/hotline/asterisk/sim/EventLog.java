package org.hotline.asterisk.sim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.hotline.asterisk.sim.ami.AmiMessage;

/** Every event a simulator raises (as a read = all connection would see them), for assertions. */
final class EventLog {
  final List<AmiMessage> events = new CopyOnWriteArrayList<>();

  static EventLog of(AsteriskSimulator sim) throws Exception {
    EventLog log = new EventLog();
    sim.onEvent(log.events::add);
    Thread.sleep(20); // the listener is added on the simulator's context
    return log;
  }

  AmiMessage await(Predicate<AmiMessage> p, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (AmiMessage m : events) {
        if (p.test(m)) {
          return m;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no matching event within " + timeout + " of " + events.size());
  }

  void awaitCount(Predicate<AmiMessage> p, int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (count(p) >= n) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("only " + count(p) + " of " + n + " matching events in " + timeout);
  }

  long count(Predicate<AmiMessage> p) {
    return events.stream().filter(p).count();
  }

  List<AmiMessage> of(String channel) {
    return events.stream().filter(m -> m.value("Channel").equals(channel)).toList();
  }

  static Predicate<AmiMessage> event(String type, String field, String value) {
    return m -> m.eventType().equals(type) && (field == null || m.value(field).equals(value));
  }
}
