package org.hotline.gateway.ivr;

import java.util.Optional;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.LineConfig;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * Which queue and priority a call gets: the dialled line decides, or the caller's menu choice on
 * lines with the menu; a caller who presses nothing (or something unknown) goes to the default
 * queue. Priority is the line's, raised by what the caller's history says.
 */
public final class RoutingPolicy {

  /** Raise for a caller whose earlier case is open and overdue. */
  public static final int OVERDUE_CASE_RAISE = 3;

  private final GatewayConfig config;
  private final SeatManagerConfig seats;

  public RoutingPolicy(GatewayConfig config, SeatManagerConfig seats) {
    this.config = config;
    this.seats = seats;
  }

  public LineConfig line(String dialled) {
    return config.line(dialled);
  }

  /** The queue for a menu choice ({@code ""} when nothing was pressed). */
  public String queueForChoice(String digits) {
    String queue = config.ivr().choices().get(digits);
    return queue != null && seats.queue(queue).isPresent() ? queue : config.ivr().defaultQueue();
  }

  /**
   * @param queueId from the line or the menu
   * @param overdueCase whether the caller has an open case past its deadline
   * @param district the district the caller's last case was about, if known
   */
  public RoutingRequest request(
      String callId,
      String queueId,
      LineConfig line,
      boolean overdueCase,
      Optional<String> district) {
    int priority = Math.min(9, line.priority() + (overdueCase ? OVERDUE_CASE_RAISE : 0));
    Optional<String> knownDistrict = district.filter(seats.districts()::contains);
    return new RoutingRequest(callId, queueId, priority, Optional.empty(), knownDistrict);
  }
}
