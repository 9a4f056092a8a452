package org.hotline.asterisk.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hotline.asterisk.sim.ami.ManagerConf;
import org.hotline.asterisk.sim.dialplan.DialplanProfile;
import org.hotline.asterisk.sim.dialplan.DialplanSource;
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
 * @param amiSecret manager secret (never taken from a manager.conf)
 * @param gatewayAgi {@code host:port} of the gateway's FastAGI server: the GATEWAY_AGI global
 * @param systemName Asterisk systemname; prefixes Uniqueids so several simulators differ, and is
 *     the HOTLINE_SERVER global unless {@link #withHotlineServer} says otherwise
 * @param dialplan the extensions.conf the simulator runs
 * @param globals globals that override the dialplan's [globals] (after GATEWAY_AGI and
 *     HOTLINE_SERVER are set from the options)
 * @param managerConf a manager.conf whose account (the one named {@code amiUsername}) gives the
 *     session's read classes and event filters; null: read = all, no filters
 * @param appGap real time between an application's return and the next priority, the window in
 *     which a Redirect races Asterisk's dialplan loop (zero: one hop through the event loop)
 * @param midwayShare share of Redirects landing in that window that start the target context at the
 *     old priority + 1 (when it exists) rather than hanging the channel up
 * @param timeScale simulated seconds per real second
 * @param seed seed of every random choice
 * @param seatDefault how seats behave unless told otherwise
 * @param traffic the call generator's traffic profile
 * @param writeTimeout how long an AMI client may stall before it is dropped
 * @param agiIdleTimeout how long a silent FastAGI server is tolerated (real time)
 * @param originateAnswerSeconds ring time of an originated PJSIP far end before it answers
 * @param calleeDigits keys an originated far end presses at survey prompts
 * @param amiEventLag how long every AMI event is held back before it is written (zero: not held),
 *     while FastAGI is not: a busy exchange whose manager interface runs behind its channels
 */
public record SimulatorOptions(
    String amiHost,
    int amiPort,
    String amiUsername,
    String amiSecret,
    String gatewayAgi,
    String systemName,
    DialplanSource dialplan,
    Map<String, String> globals,
    String managerConf,
    Duration appGap,
    double midwayShare,
    double timeScale,
    long seed,
    SeatBehaviour seatDefault,
    TrafficProfile traffic,
    Duration writeTimeout,
    Duration agiIdleTimeout,
    double originateAnswerSeconds,
    String calleeDigits,
    Duration amiEventLag) {

  /** Asterisk's dialplan loop takes about this long to find the next priority (the race). */
  public static final Duration DEFAULT_APP_GAP = Duration.ofMillis(1);

  public SimulatorOptions {
    Objects.requireNonNull(amiHost, "amiHost");
    Objects.requireNonNull(amiUsername, "amiUsername");
    Objects.requireNonNull(amiSecret, "amiSecret");
    Objects.requireNonNull(gatewayAgi, "gatewayAgi");
    Objects.requireNonNull(systemName, "systemName");
    Objects.requireNonNull(dialplan, "dialplan");
    Objects.requireNonNull(appGap, "appGap");
    Objects.requireNonNull(seatDefault, "seatDefault");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    Objects.requireNonNull(agiIdleTimeout, "agiIdleTimeout");
    Objects.requireNonNull(calleeDigits, "calleeDigits");
    Objects.requireNonNull(amiEventLag, "amiEventLag");
    if (amiEventLag.isNegative()) {
      throw new IllegalArgumentException("amiEventLag must be >= 0");
    }
    globals = Map.copyOf(Objects.requireNonNull(globals, "globals"));
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
    if (!systemName.matches("[A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("systemName may hold letters, digits, _ and - only");
    }
    if (appGap.isNegative()) {
      throw new IllegalArgumentException("appGap must be >= 0");
    }
    if (midwayShare < 0 || midwayShare > 1) {
      throw new IllegalArgumentException("midwayShare must be within [0,1]");
    }
  }

  /**
   * Defaults: localhost, ephemeral port, user {@code hotline}, the shipped extensions.conf, read =
   * all, a 1 ms gap between applications, real time.
   */
  public static SimulatorOptions defaults(String amiSecret, String gatewayAgi) {
    return new SimulatorOptions(
        "127.0.0.1",
        0,
        "hotline",
        amiSecret,
        gatewayAgi,
        "",
        DialplanSource.of(DialplanProfile.GATEWAY),
        Map.of(),
        null,
        DEFAULT_APP_GAP,
        0,
        1.0,
        12345L,
        SeatBehaviour.answering(3, 120),
        TrafficProfile.defaults(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        3,
        "12",
        Duration.ZERO);
  }

  public SimulatorOptions withAmiPort(int port) {
    B b = b();
    b.amiPort = port;
    return b.build();
  }

  public SimulatorOptions withSystemName(String name) {
    B b = b();
    b.systemName = name;
    return b.build();
  }

  /** Runs a built-in dialplan: the shipped extensions.conf or the lab's dialplan-used.conf. */
  public SimulatorOptions withProfile(DialplanProfile value) {
    return withDialplan(DialplanSource.of(value));
  }

  /** Runs this extensions.conf. */
  public SimulatorOptions withDialplan(DialplanSource value) {
    B b = b();
    b.dialplan = value;
    return b.build();
  }

  public SimulatorOptions withDialplanFile(Path file) {
    return withDialplan(DialplanSource.file(file));
  }

  public SimulatorOptions withDialplanText(String name, String text) {
    return withDialplan(DialplanSource.text(name, text));
  }

  /** Sets a global, overriding the dialplan's [globals] and the values taken from the options. */
  public SimulatorOptions withGlobal(String name, String value) {
    B b = b();
    b.globals.put(name, value);
    return b.build();
  }

  /** The HOTLINE_SERVER global (default: the system name, else the dialplan's value). */
  public SimulatorOptions withHotlineServer(String value) {
    return withGlobal("HOTLINE_SERVER", value);
  }

  /** The GATEWAY_AGI_2 global: a second gateway, tried when the first fails ({@code host:port}). */
  public SimulatorOptions withGatewayAgi2(String hostPort) {
    return withGlobal("GATEWAY_AGI_2", hostPort);
  }

  /** Reads read classes and event filters of the AMI account from this manager.conf text. */
  public SimulatorOptions withManagerConf(String text) {
    B b = b();
    b.managerConf = text;
    return b.build();
  }

  /** Reads the account's read classes and event filters from the shipped manager.conf. */
  public SimulatorOptions withShippedManagerConf() {
    return withManagerConf(ManagerConf.shippedText());
  }

  /** The gap between applications in which a Redirect races the dialplan loop. */
  public SimulatorOptions withAppGap(Duration value) {
    B b = b();
    b.appGap = value;
    return b.build();
  }

  /** The share of racing Redirects that start the target context midway instead of hanging up. */
  public SimulatorOptions withMidwayShare(double value) {
    B b = b();
    b.midwayShare = value;
    return b.build();
  }

  public SimulatorOptions withTimeScale(double value) {
    B b = b();
    b.timeScale = value;
    return b.build();
  }

  public SimulatorOptions withSeed(long value) {
    B b = b();
    b.seed = value;
    return b.build();
  }

  public SimulatorOptions withSeatDefault(SeatBehaviour value) {
    B b = b();
    b.seatDefault = value;
    return b.build();
  }

  public SimulatorOptions withTraffic(TrafficProfile value) {
    B b = b();
    b.traffic = value;
    return b.build();
  }

  public SimulatorOptions withWriteTimeout(Duration value) {
    B b = b();
    b.writeTimeout = value;
    return b.build();
  }

  public SimulatorOptions withAgiIdleTimeout(Duration value) {
    B b = b();
    b.agiIdleTimeout = value;
    return b.build();
  }

  /** Holds every AMI event back this long (FastAGI is not held back). */
  public SimulatorOptions withAmiEventLag(Duration value) {
    B b = b();
    b.amiEventLag = value;
    return b.build();
  }

  private B b() {
    return new B(this);
  }

  /** A mutable copy for the withers. */
  private static final class B {
    String amiHost;
    int amiPort;
    String amiUsername;
    String amiSecret;
    String gatewayAgi;
    String systemName;
    DialplanSource dialplan;
    Map<String, String> globals;
    String managerConf;
    Duration appGap;
    double midwayShare;
    double timeScale;
    long seed;
    SeatBehaviour seatDefault;
    TrafficProfile traffic;
    Duration writeTimeout;
    Duration agiIdleTimeout;
    double originateAnswerSeconds;
    String calleeDigits;
    Duration amiEventLag;

    B(SimulatorOptions o) {
      amiHost = o.amiHost;
      amiPort = o.amiPort;
      amiUsername = o.amiUsername;
      amiSecret = o.amiSecret;
      gatewayAgi = o.gatewayAgi;
      systemName = o.systemName;
      dialplan = o.dialplan;
      globals = new LinkedHashMap<>(o.globals);
      managerConf = o.managerConf;
      appGap = o.appGap;
      midwayShare = o.midwayShare;
      timeScale = o.timeScale;
      seed = o.seed;
      seatDefault = o.seatDefault;
      traffic = o.traffic;
      writeTimeout = o.writeTimeout;
      agiIdleTimeout = o.agiIdleTimeout;
      originateAnswerSeconds = o.originateAnswerSeconds;
      calleeDigits = o.calleeDigits;
      amiEventLag = o.amiEventLag;
    }

    SimulatorOptions build() {
      return new SimulatorOptions(
          amiHost,
          amiPort,
          amiUsername,
          amiSecret,
          gatewayAgi,
          systemName,
          dialplan,
          globals,
          managerConf,
          appGap,
          midwayShare,
          timeScale,
          seed,
          seatDefault,
          traffic,
          writeTimeout,
          agiIdleTimeout,
          originateAnswerSeconds,
          calleeDigits,
          amiEventLag);
    }
  }
}
