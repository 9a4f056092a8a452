package org.hotline.asterisk.sim.ami;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A manager.conf account as the AMI server applies it: the event classes it may read and its event
 * filters (copied into each session at login). The secret always comes from the simulator's
 * options.
 *
 * @param name the section name, the login's Username
 * @param read the {@code read =} classes
 * @param write the {@code write =} classes: the actions it may run
 * @param filters its {@code eventfilter} lines, in order
 */
public record ManagerAccount(
    String name, Set<EventClass> read, Set<EventClass> write, List<EventFilter> filters) {
  public ManagerAccount {
    Objects.requireNonNull(name, "name");
    read = read.isEmpty() ? EnumSet.noneOf(EventClass.class) : EnumSet.copyOf(read);
    write = write.isEmpty() ? EnumSet.noneOf(EventClass.class) : EnumSet.copyOf(write);
    filters = List.copyOf(filters);
  }

  /**
   * {@code read = all}, {@code write = all}, no filters: what the simulator uses without a
   * manager.conf.
   */
  public static ManagerAccount readAll(String name) {
    return new ManagerAccount(
        name, EnumSet.allOf(EventClass.class), EnumSet.allOf(EventClass.class), List.of());
  }
}
