package org.hotline.asterisk.sim.ami;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager connection: its login state, event mask and outgoing queue. Writes never block the
 * simulator; a client that stops reading is dropped once its queue stays full past the write
 * timeout or grows past the byte cap, which is what Asterisk's writetimeout does.
 */
public final class AmiSession {
  private static final Logger LOG = LoggerFactory.getLogger(AmiSession.class);

  private final NetSocket socket;
  private final AmiConfig config;
  private final long id;
  private final long connectedAtMillis = System.currentTimeMillis();
  private boolean authenticated;
  private boolean closing;
  private String username = "";
  private String challenge = "";
  private Set<EventClass> mask = EnumSet.allOf(EventClass.class);
  private Set<EventClass> readPermission = EnumSet.noneOf(EventClass.class);
  private Set<EventClass> writePermission = EnumSet.noneOf(EventClass.class);
  private EventFilters filters = new EventFilters();
  private long pendingBytes;
  private long fullSinceNanos;
  private long authenticatedAtMillis;
  private Runnable onAbort = () -> {};

  AmiSession(NetSocket socket, AmiConfig config, long id) {
    this.socket = socket;
    this.config = config;
    this.id = id;
    socket.setWriteQueueMaxSize(Math.max(8192, config.maxPendingBytes() / 4));
    socket.drainHandler(v -> fullSinceNanos = 0);
  }

  /** Sends one frame (response, list item or event) to this client. */
  public void send(AmiMessage message) {
    sendRaw(message.toBuffer());
  }

  /** Sends bytes exactly as given; used for the banner and for failure-test garbage. */
  public void sendRaw(Buffer bytes) {
    if (closing) {
      return;
    }
    int len = bytes.length();
    pendingBytes += len;
    socket.write(bytes).onComplete(ar -> pendingBytes -= len);
    if (socket.writeQueueFull()) {
      long now = System.nanoTime();
      if (fullSinceNanos == 0) {
        fullSinceNanos = now;
      }
      if (pendingBytes > config.maxPendingBytes()
          || now - fullSinceNanos > config.writeTimeout().toNanos()) {
        LOG.warn(
            "AMI session {} ({}) is not reading: {} bytes pending, dropping it",
            id,
            socket.remoteAddress(),
            pendingBytes);
        abort();
      }
    }
  }

  /**
   * Delivers an event if this session is logged in, its account may read the class, its event mask
   * includes it and its filters let it through.
   */
  void deliver(EventClass eventClass, AmiServer.Delivery event) {
    if (authenticated
        && readPermission.contains(eventClass)
        && mask.contains(eventClass)
        && filters.accepts(event.message(), event::text)) {
      sendRaw(event.wire());
    }
  }

  /** True if the account may read this class and the session's event mask includes it. */
  boolean wants(EventClass eventClass) {
    return readPermission.contains(eventClass) && mask.contains(eventClass);
  }

  public void close() {
    if (!closing) {
      closing = true;
      socket.close();
    }
  }

  /**
   * Closes at once, dropping unsent bytes: a graceful close would wait for a client that does not
   * read. Used for stalled clients and the drop-all failure hook.
   */
  public void abort() {
    closing = true;
    onAbort.run();
    if (socket instanceof NetSocketInternal internal) {
      internal.channelHandlerContext().channel().close();
    } else {
      socket.close();
    }
  }

  void onAbort(Runnable action) {
    this.onAbort = action;
  }

  /** Flushes what is queued, then closes; used after Goodbye and failed logins. */
  public void closeAfterFlush() {
    if (!closing) {
      closing = true;
      socket.end();
    }
  }

  public boolean isAuthenticated() {
    return authenticated;
  }

  /** The account's {@code write =} classes: which actions it may run. */
  Set<EventClass> writePermission() {
    return writePermission;
  }

  void authenticate(ManagerAccount account) {
    this.authenticated = true;
    this.username = account.name();
    this.readPermission = EnumSet.copyOf(account.read());
    this.writePermission = EnumSet.copyOf(account.write());
    if (readPermission.isEmpty()) {
      readPermission = EnumSet.noneOf(EventClass.class);
    }
    this.filters = new EventFilters(account.filters());
    this.authenticatedAtMillis = System.currentTimeMillis();
  }

  public String username() {
    return username;
  }

  /** The session's event filters: the account's, plus any the Filter action added. */
  public EventFilters filters() {
    return filters;
  }

  public Set<EventClass> mask() {
    return mask;
  }

  public void mask(Set<EventClass> newMask) {
    this.mask = newMask.isEmpty() ? EnumSet.noneOf(EventClass.class) : EnumSet.copyOf(newMask);
  }

  String challenge() {
    return challenge;
  }

  void challenge(String value) {
    this.challenge = value;
  }

  boolean isClosing() {
    return closing;
  }

  /** Asterisk's SessionID in security events is a pointer; a stable hex number stands in. */
  public String sessionId() {
    return String.format("0x%012x", 0x7f23c4000000L + id * 0x1000L);
  }

  public String localAddress() {
    return "IPV4/TCP/" + socket.localAddress().host() + "/" + socket.localAddress().port();
  }

  public String remoteAddress() {
    return "IPV4/TCP/" + socket.remoteAddress().host() + "/" + socket.remoteAddress().port();
  }

  long connectedAtMillis() {
    return connectedAtMillis;
  }

  long authenticatedAtMillis() {
    return authenticatedAtMillis;
  }

  public long id() {
    return id;
  }
}
