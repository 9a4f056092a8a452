package org.hotline.gateway.access;

import java.time.Duration;
import java.util.Optional;

/**
 * How sign-in and sessions behave ({@code access:} in gateway.yaml), and the two secrets that come
 * from the environment, never from the file.
 *
 * @param sessionIdle a session unused this long has ended
 * @param sessionAbsolute a session this old has ended however busy it is (a shift and a half)
 * @param secureCookies mark cookies Secure: set when TLS ends at a proxy in front of the gateway (a
 *     request that itself came over TLS always gets Secure cookies)
 * @param failuresPerAccount failed sign-ins of one account within {@code throttleWindow} before it
 *     must wait out the window
 * @param failuresPerAddress the same for one address; high, because a whole floor may share one
 * @param metricsToken the bearer token Prometheus presents at {@code /metrics}; none: refused
 * @param csrfSecret signs CSRF tokens; none: one is made and shared through Redis by every instance
 */
public record AccessSettings(
    Duration sessionIdle,
    Duration sessionAbsolute,
    boolean secureCookies,
    int failuresPerAccount,
    int failuresPerAddress,
    Duration throttleWindow,
    Optional<String> metricsToken,
    Optional<String> csrfSecret) {

  public static final String METRICS_TOKEN_ENV = "HOTLINE_METRICS_TOKEN";
  public static final String CSRF_SECRET_ENV = "HOTLINE_CSRF_SECRET";

  public AccessSettings {
    if (sessionIdle.isNegative()
        || sessionIdle.isZero()
        || sessionAbsolute.compareTo(sessionIdle) < 0) {
      throw new IllegalArgumentException("access: sessionIdle > 0 and sessionAbsolute >= it");
    }
    if (failuresPerAccount < 1 || failuresPerAddress < 1) {
      throw new IllegalArgumentException("access: throttle limits are at least 1");
    }
    metricsToken = metricsToken.filter(t -> !t.isBlank());
    csrfSecret = csrfSecret.filter(t -> !t.isBlank());
    if (metricsToken.map(t -> t.length() < 16).orElse(false)) {
      throw new IllegalArgumentException(METRICS_TOKEN_ENV + " must be at least 16 characters");
    }
  }

  public static AccessSettings defaults() {
    return new AccessSettings(
        Duration.ofMinutes(30),
        Duration.ofHours(12),
        false,
        5,
        100,
        Duration.ofMinutes(15),
        Optional.empty(),
        Optional.empty());
  }

  public AccessSettings withMetricsToken(String token) {
    return new AccessSettings(
        sessionIdle,
        sessionAbsolute,
        secureCookies,
        failuresPerAccount,
        failuresPerAddress,
        throttleWindow,
        Optional.of(token),
        csrfSecret);
  }

  public AccessSettings withSessions(Duration idle, Duration absolute) {
    return new AccessSettings(
        idle,
        absolute,
        secureCookies,
        failuresPerAccount,
        failuresPerAddress,
        throttleWindow,
        metricsToken,
        csrfSecret);
  }
}
