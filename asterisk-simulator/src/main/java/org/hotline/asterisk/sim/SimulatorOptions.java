package org.hotline.asterisk.sim;

import java.time.Duration;
import java.util.Objects;
import org.hotline.asterisk.sim.dialplan.DialplanProfile;
import org.hotline.asterisk.sim.dialplan.HoldMode;
import org.hotline.asterisk.sim.generator.TrafficProfile;
import org.hotline.asterisk.sim.seat.SeatBehaviour;

/**
 * Everything the simulator is configured with. Build with {@link #defaults(String, String)} (the
 * AMI secret and the gateway's FastAGI address come from the caller) and the {@code with...}
 * methods.
 *
 * @param amiHost address the AMI server binds
 * @param amiPort AMI port, 0 for an ephemeral one
 * @param amiUsername manager account name
 * @param amiSecret manager secret
 * @param gatewayAgi {@code host:port} of the gateway's FastAGI server (GATEWAY_AGI)
 * @param systemName Asterisk systemname; prefixes Uniqueids so several simulators differ
 * @param profile which dialplan to emulate
 * @param holdMode how hotline-hold waits
 * @param maxHoldSeconds hotline-hold gives up after this many simulated seconds
 * @param timeScale simulated seconds per real second
 * @param seed seed of every random choice
 * @param seatDefault how seats behave unless told otherwise
 * @param traffic the call generator's traffic profile
 * @param writeTimeout how long an AMI client may stall before it is dropped
 * @param agiIdleTimeout how long a silent FastAGI server is tolerated (real time)
 * @param originateAnswerSeconds ring time of an originated far end before it answers
 * @param originateTalkSeconds how long an originated Local far end (resident) stays
 * @param calleeDigits keys an originated far end presses at survey prompts
 */
public record SimulatorOptions(
    String amiHost,
    int amiPort,
    String amiUsername,
    String amiSecret,
    String gatewayAgi,
    String systemName,
    DialplanProfile profile,
    HoldMode holdMode,
    int maxHoldSeconds,
    double timeScale,
    long seed,
    SeatBehaviour seatDefault,
    TrafficProfile traffic,
    Duration writeTimeout,
    Duration agiIdleTimeout,
    double originateAnswerSeconds,
    double originateTalkSeconds,
    String calleeDigits) {

  public SimulatorOptions {
    Objects.requireNonNull(amiHost, "amiHost");
    Objects.requireNonNull(amiUsername, "amiUsername");
    Objects.requireNonNull(amiSecret, "amiSecret");
    Objects.requireNonNull(gatewayAgi, "gatewayAgi");
    Objects.requireNonNull(systemName, "systemName");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(holdMode, "holdMode");
    Objects.requireNonNull(seatDefault, "seatDefault");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    Objects.requireNonNull(agiIdleTimeout, "agiIdleTimeout");
    Objects.requireNonNull(calleeDigits, "calleeDigits");
    if (amiPort < 0 || amiPort > 65535) {
      throw new IllegalArgumentException("amiPort out of range");
    }
    if (amiSecret.isEmpty()) {
      throw new IllegalArgumentException("amiSecret must not be empty");
    }
    if (!gatewayAgi.matches("[^:/\\s]+:\\d{1,5}")) {
      throw new IllegalArgumentException("gatewayAgi must be host:port, was " + gatewayAgi);
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be positive");
    }
    if (maxHoldSeconds < 1) {
      throw new IllegalArgumentException("maxHoldSeconds must be >= 1");
    }
    if (!systemName.matches("[A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("systemName may hold letters, digits, _ and - only");
    }
  }

  /** Defaults: localhost, ephemeral port, user {@code hotline}, gateway dialplan, real time. */
  public static SimulatorOptions defaults(String amiSecret, String gatewayAgi) {
    return new SimulatorOptions(
        "127.0.0.1",
        0,
        "hotline",
        amiSecret,
        gatewayAgi,
        "",
        DialplanProfile.GATEWAY,
        HoldMode.MUSIC_ON_HOLD,
        1800,
        1.0,
        12345L,
        SeatBehaviour.answering(3, 120),
        TrafficProfile.defaults(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        3,
        6,
        "12");
  }

  public SimulatorOptions withAmiPort(int port) {
    return copy(
        port,
        amiSecret,
        systemName,
        profile,
        holdMode,
        maxHoldSeconds,
        timeScale,
        seed,
        seatDefault,
        traffic,
        writeTimeout);
  }

  public SimulatorOptions withSystemName(String name) {
    return copy(
        amiPort,
        amiSecret,
        name,
        profile,
        holdMode,
        maxHoldSeconds,
        timeScale,
        seed,
        seatDefault,
        traffic,
        writeTimeout);
  }

  public SimulatorOptions withProfile(DialplanProfile value) {
    return copy(
        amiPort,
        amiSecret,
        systemName,
        value,
        holdMode,
        maxHoldSeconds,
        timeScale,
        seed,
        seatDefault,
        traffic,
        writeTimeout);
  }

  public SimulatorOptions withHold(HoldMode mode, int maxSeconds) {
    return copy(
        amiPort,
        amiSecret,
        systemName,
        profile,
        mode,
        maxSeconds,
        timeScale,
        seed,
        seatDefault,
        traffic,
        writeTimeout);
  }

  public SimulatorOptions withTimeScale(double value) {
    return copy(
        amiPort,
        amiSecret,
        systemName,
        profile,
        holdMode,
        maxHoldSeconds,
        value,
        seed,
        seatDefault,
        traffic,
        writeTimeout);
  }

  public SimulatorOptions withSeed(long value) {
    return copy(
        amiPort,
        amiSecret,
        systemName,
        profile,
        holdMode,
        maxHoldSeconds,
        timeScale,
        value,
        seatDefault,
        traffic,
        writeTimeout);
  }

  public SimulatorOptions withSeatDefault(SeatBehaviour value) {
    return copy(
        amiPort,
        amiSecret,
        systemName,
        profile,
        holdMode,
        maxHoldSeconds,
        timeScale,
        seed,
        value,
        traffic,
        writeTimeout);
  }

  public SimulatorOptions withTraffic(TrafficProfile value) {
    return copy(
        amiPort,
        amiSecret,
        systemName,
        profile,
        holdMode,
        maxHoldSeconds,
        timeScale,
        seed,
        seatDefault,
        value,
        writeTimeout);
  }

  public SimulatorOptions withWriteTimeout(Duration value) {
    return copy(
        amiPort,
        amiSecret,
        systemName,
        profile,
        holdMode,
        maxHoldSeconds,
        timeScale,
        seed,
        seatDefault,
        traffic,
        value);
  }

  private SimulatorOptions copy(
      int port,
      String secret,
      String sys,
      DialplanProfile prof,
      HoldMode hold,
      int maxHold,
      double scale,
      long sd,
      SeatBehaviour seat,
      TrafficProfile tr,
      Duration wt) {
    return new SimulatorOptions(
        amiHost,
        port,
        amiUsername,
        secret,
        gatewayAgi,
        sys,
        prof,
        hold,
        maxHold,
        scale,
        sd,
        seat,
        tr,
        wt,
        agiIdleTimeout,
        originateAnswerSeconds,
        originateTalkSeconds,
        calleeDigits);
  }
}
