package org.hotline.gateway.officials;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hotline.gateway.staff.ProfileSync;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.guest.GuestSession;
import org.hotline.staff.guest.GuestSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's copy of the guest sessions not yet over, read again every few seconds (and at
 * once after a change made here), so that routing, the case hooks, the coach's desktop and the
 * access checks ask memory, not the database, on every call. Each refresh also closes sessions
 * whose window passed or that a supervisor ended: the official's directory entry is deactivated,
 * which ends their web sessions and logs them out of the seat. Another instance's change is seen
 * within one refresh.
 */
public final class GuestRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(GuestRegistry.class);

  /** How often every instance reads the sessions again. */
  public static final Duration REFRESH_EVERY = Duration.ofSeconds(5);

  private final GuestSessions sessions;
  private final StaffDirectory staff;
  private final ProfileSync profiles;
  private final OfficialsSettings settings;
  private final Context context;
  private final Clock clock;
  private volatile Map<String, GuestSession> byStaff = Map.of();
  private final List<java.util.function.Consumer<java.util.Set<String>>> seatListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public GuestRegistry(
      GuestSessions sessions,
      StaffDirectory staff,
      ProfileSync profiles,
      OfficialsSettings settings,
      Context context,
      Clock clock) {
    this.sessions = sessions;
    this.staff = staff;
    this.profiles = profiles;
    this.settings = settings;
    this.context = context;
    this.clock = clock;
  }

  public GuestSessions sessions() {
    return sessions;
  }

  /** Hears the seats of the sessions whose officials may sit now, after every refresh. */
  public void onSeats(java.util.function.Consumer<java.util.Set<String>> listener) {
    seatListeners.add(listener);
  }

  /** Reads the sessions again and closes those that are over. */
  public Future<Void> refresh() {
    Instant now = clock.instant();
    Future<Void> read =
        Future.fromCompletionStage(sessions.live(now), context)
            .map(
                live -> {
                  byStaff =
                      live.stream()
                          .collect(Collectors.toUnmodifiableMap(GuestSession::staffId, g -> g));
                  return null;
                });
    return read.onSuccess(v -> tellSeats())
        .compose(v -> closeEnded(now))
        .onFailure(e -> LOG.warn("guest sessions not refreshed: {}", e.toString()));
  }

  private Future<Void> closeEnded(Instant now) {
    return Future.fromCompletionStage(sessions.toClose(now), context)
        .compose(
            over -> {
              List<Future<Void>> each =
                  over.stream()
                      .map(
                          g ->
                              Future.fromCompletionStage(
                                      sessions
                                          .end(g.guestId(), now)
                                          .thenCompose(e -> staff.setActive(g.staffId(), false))
                                          .thenCompose(profiles::changed),
                                      context)
                                  .onSuccess(
                                      v ->
                                          LOG.info(
                                              "guest session {} of {} is over: signed out",
                                              g.guestId(),
                                              g.staffId())))
                      .toList();
              return Future.join(each).mapEmpty();
            });
  }

  private void tellSeats() {
    java.util.Set<String> seats =
        byStaff.keySet().stream()
            .map(this::official)
            .flatMap(Optional::stream)
            .map(GuestSession::seatId)
            .collect(Collectors.toUnmodifiableSet());
    seatListeners.forEach(l -> l.accept(seats));
  }

  /** The session of an official who may be at their seat now (inside the window, not ended). */
  public Optional<GuestSession> official(String staffId) {
    // asked for every seat event on every desktop socket: most agents are no guest at all
    GuestSession g = byStaff.get(staffId);
    if (g == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return g.endedAt().isEmpty()
            && now.isBefore(g.endsAt())
            && !now.isBefore(g.startsAt().minus(settings.earlySignIn()))
        ? Optional.of(g)
        : Optional.empty();
  }

  /** Whether {@code coachId} coaches the official {@code officialId} now. */
  public boolean coaches(String coachId, String officialId) {
    return official(officialId).map(g -> g.coachId().equals(coachId)).orElse(false);
  }

  /** The officials {@code coachId} coaches now. */
  public List<GuestSession> coachedBy(String coachId) {
    return byStaff.values().stream()
        .filter(g -> g.coachId().equals(coachId))
        .map(GuestSession::staffId)
        .map(this::official)
        .flatMap(Optional::stream)
        .toList();
  }

  /** For the case hooks: the official's name as the case records it (with their title). */
  public Function<String, Optional<String>> officialNames() {
    return staffId -> official(staffId).map(GuestRegistry::displayName);
  }

  public static String displayName(GuestSession g) {
    return g.title().isEmpty() ? g.name() : g.name() + "（" + g.title() + "）";
  }
}
