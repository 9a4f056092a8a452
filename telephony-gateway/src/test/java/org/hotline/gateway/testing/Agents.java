package org.hotline.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.SeatManager;
import org.hotline.seat.config.Seat;

/** A floor of agents for load tests: one per seat, the general skill, the given languages. */
public final class Agents {

  private Agents() {}

  /**
   * Registers and logs in agent {@code prefix + seat id} at every seat.
   *
   * @param login how a login is run (straight on the seat manager, or through a switchboard so that
   *     an offer it makes is carried out)
   */
  public static void logInAll(
      SeatManager seats,
      List<Seat> at,
      String prefix,
      Set<String> languages,
      Function<CompletionStage<Decision>, CompletionStage<?>> login)
      throws Exception {
    List<CompletableFuture<?>> logins = new ArrayList<>();
    for (Seat seat : at) {
      String id = prefix + seat.id();
      logins.add(
          seats
              .registerAgent(
                  new Agent(id, id, Role.AGENT, Map.of("general", 5), languages, Set.of()))
              .toCompletableFuture()
              .thenCompose(v -> login.apply(seats.login(id, seat.id()))));
    }
    CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
  }
}
