package org.hotline.gateway.staff;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hotline.gateway.access.Sessions;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.SeatManager;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seat manager's agent profiles follow the directory: every change of a person who takes calls
 * registers their profile again (it applies at their next login), and a deactivated person is
 * logged out of their seat and every session of theirs ends. At start-up, and every few minutes
 * (Redis may have been emptied), every active person is registered again.
 */
public final class ProfileSync {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileSync.class);

  private final SeatManager seats;
  private final Sessions sessions;

  public ProfileSync(SeatManager seats, Sessions sessions) {
    this.seats = seats;
    this.sessions = sessions;
  }

  /** The seat manager's view of a person who takes calls. */
  public static Agent agent(StaffMember m) {
    Role role =
        m.has(StaffRole.SUPERVISOR)
            ? Role.SUPERVISOR
            : m.has(StaffRole.OFFICIAL) ? Role.OFFICIAL : Role.AGENT;
    return new Agent(
        m.id(),
        m.profile().name(),
        role,
        m.profile().skills(),
        m.profile().languages(),
        m.profile().districts());
  }

  /** After a committed change of {@code m}. */
  public CompletionStage<Void> changed(StaffMember m) {
    if (!m.active()) {
      return sessions
          .endAll(m.id(), Optional.empty())
          .thenCompose(n -> seats.logout(m.id()))
          .handle(
              (d, e) -> {
                // not logged in, or not an agent at all: nothing to undo
                return (Void) null;
              });
    }
    if (!m.profile().takesCalls()) {
      return CompletableFuture.completedFuture(null);
    }
    return seats
        .registerAgent(agent(m))
        .exceptionally(
            e -> {
              LOG.warn(
                  "profile of {} not registered with the seat manager: {}", m.id(), e.toString());
              return null;
            });
  }

  /** Registers every active person who takes calls; how many. */
  public CompletionStage<Integer> syncAll(StaffDirectory staff) {
    return staff
        .list(false)
        .thenCompose(
            all -> {
              CompletableFuture<?>[] each =
                  all.stream()
                      .filter(m -> m.profile().takesCalls())
                      .map(m -> seats.registerAgent(agent(m)).toCompletableFuture())
                      .toArray(CompletableFuture[]::new);
              return CompletableFuture.allOf(each).thenApply(v -> each.length);
            });
  }
}
