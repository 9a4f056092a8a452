package org.hotline.gateway.access;

import java.util.EnumSet;
import java.util.Set;
import org.hotline.staff.directory.StaffRole;

/**
 * Who may call a route. Every route has one ({@link Access#route}); a route without one answers no
 * one. Rules with roles admit anyone holding any of them; finer checks (an agent's own seat, call
 * or case) are made by the route against the data, and answer 403 too.
 *
 * @param duringPasswordChange admits a person who must still change the password an admin chose
 */
public record Rule(Kind kind, Set<StaffRole> roles, boolean duringPasswordChange) {

  /** How the caller proves who they are. */
  public enum Kind {
    /** Nobody needs to: health, the sign-in itself, static pages. */
    ANYONE,
    /** A session of anyone signed in. */
    SIGNED_IN,
    /** A session of someone with one of the roles. */
    ROLES,
    /** Prometheus's bearer token. */
    METRICS_TOKEN,
    /** The request carries its own proof: the dispatch system's HMAC signature. */
    SIGNED_REQUEST
  }

  public Rule {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  public static Rule anyone() {
    return new Rule(Kind.ANYONE, Set.of(), true);
  }

  public static Rule signedIn() {
    return new Rule(Kind.SIGNED_IN, Set.of(), false);
  }

  /** Signed in, even while the password an admin chose must still be changed. */
  public static Rule signedInChangingPassword() {
    return new Rule(Kind.SIGNED_IN, Set.of(), true);
  }

  public static Rule roles(StaffRole first, StaffRole... more) {
    return new Rule(Kind.ROLES, EnumSet.of(first, more), false);
  }

  public static Rule metricsToken() {
    return new Rule(Kind.METRICS_TOKEN, Set.of(), true);
  }

  public static Rule signedRequest() {
    return new Rule(Kind.SIGNED_REQUEST, Set.of(), true);
  }

  public boolean needsSession() {
    return kind == Kind.SIGNED_IN || kind == Kind.ROLES;
  }
}
