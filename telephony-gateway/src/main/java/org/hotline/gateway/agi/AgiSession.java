package org.hotline.gateway.agi;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hotline.gateway.logging.LogSafe;

/**
 * One FastAGI conversation. Commands go one at a time (Asterisk answers in order); each returns a
 * future reply. After a hang-up further commands fail with {@link AgiHangupException} without
 * touching the wire.
 *
 * <p>Everything happens on the Vert.x context of its socket. A script may call in from any thread
 * (a Lettuce reply completes on Lettuce's thread, a {@code CompletionStage} wherever it likes): a
 * call made off the context hops onto it before it touches the session's state or the socket, so
 * commands from several threads are still written, queued and matched in one order. Every future
 * the session returns completes on the context, so a script's continuations run there too.
 *
 * <p>Peer text in the messages of the exceptions it fails with is escaped ({@link LogSafe}): they
 * end up in logs.
 */
public final class AgiSession {

  /** Commands are single lines; quotes and newlines in arguments would break the framing. */
  private static final Pattern UNSAFE = Pattern.compile("[\\r\\n\\x00]");

  /** Usage text beyond this is dropped: a peer cannot make a session hold unbounded text. */
  private static final int MAX_USAGE_CHARS = 8192;

  private final ContextInternal context;
  private final NetSocket socket;
  private final Duration commandTimeout;
  private final Tap tap;
  private final Deque<Pending> pending = new ArrayDeque<>();

  /** The lines of a 520 usage block being read; null outside one. */
  private List<String> usage;

  private int usageChars;

  /** Written on the context only; volatile so that {@link #hungUp()} may be asked from anywhere. */
  private volatile boolean hungUp;

  private boolean closed;

  private record Pending(String command, Promise<AgiReply> promise, long timer) {}

  /** Sees each command as it is written and each reply as it is matched (a test hook). */
  interface Tap {
    Tap NONE = new Tap() {};

    default void wrote(String command) {}

    default void answered(String command, AgiReply reply) {}

    default void closed() {}
  }

  /**
   * @param context the context the socket's handlers run on
   */
  AgiSession(ContextInternal context, NetSocket socket, Duration commandTimeout, Tap tap) {
    this.context = context;
    this.socket = socket;
    this.commandTimeout = commandTimeout;
    this.tap = tap;
  }

  /**
   * Whether the caller has hung up (a HANGUP line or a 511 was seen). Off the session's context
   * this is a snapshot.
   */
  public boolean hungUp() {
    return hungUp;
  }

  /**
   * Sends one command, e.g. {@code SET VARIABLE HOTLINE_CALL_ID "ast1:17.1"}. Fails with {@link
   * AgiHangupException} when the caller is gone.
   */
  public Future<AgiReply> command(String command) {
    return onContext(() -> send(command));
  }

  private Future<AgiReply> send(String command) {
    if (UNSAFE.matcher(command).find()) {
      return context.failedFuture(new IllegalArgumentException("AGI command with a line break"));
    }
    if (hungUp) {
      return context.failedFuture(new AgiHangupException(command));
    }
    if (closed) {
      return context.failedFuture(new IllegalStateException("AGI session closed"));
    }
    Promise<AgiReply> promise = context.promise();
    long timer =
        context.setTimer(
            commandTimeout.toMillis(),
            id -> {
              pending.removeIf(p -> p.timer() == id);
              promise.tryFail(
                  new IllegalStateException("no AGI reply to: " + LogSafe.text(command)));
              close();
            });
    pending.addLast(new Pending(command, promise, timer));
    tap.wrote(command);
    socket.write(command + "\n");
    return promise.future();
  }

  /** {@code SET VARIABLE name "value"}; the value is quoted and its quotes escaped. */
  public Future<AgiReply> setVariable(String name, String value) {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
    return command("SET VARIABLE " + name + " \"" + escaped + "\"").compose(this::requireOk);
  }

  /**
   * {@code GET VARIABLE name}: the channel variable's value ({@code 200 result=1 (value)}), empty
   * when it is not set ({@code 200 result=0}).
   */
  public Future<java.util.Optional<String>> getVariable(String name) {
    return command("GET VARIABLE " + name)
        .compose(this::requireOk)
        .map(r -> r.resultCode() == 1 ? r.data() : java.util.Optional.<String>empty());
  }

  /** {@code GET DATA prompt timeout maxDigits}: the digits pressed, empty on time-out. */
  public Future<String> getData(String prompt, Duration timeout, int maxDigits) {
    return command("GET DATA " + prompt + " " + timeout.toMillis() + " " + maxDigits)
        .compose(this::requireOk)
        .compose(
            r ->
                !r.failed()
                    ? context.succeededFuture(r.result())
                    : alive()
                        .compose(
                            alive ->
                                alive
                                    ? context.succeededFuture("")
                                    : context.failedFuture(new AgiHangupException("GET DATA"))));
  }

  /**
   * Whether the caller is still there. {@code 200 result=-1} from GET DATA means a hang-up or
   * merely a missing prompt file; WAIT FOR DIGIT is refused with 511 on a dead channel only.
   */
  public Future<Boolean> alive() {
    return onContext(
        () ->
            hungUp
                ? context.succeededFuture(false)
                : send("WAIT FOR DIGIT 1").map(r -> r.code() != 511 && !hungUp).otherwise(false));
  }

  private Future<AgiReply> requireOk(AgiReply reply) {
    if (reply.code() == 511 || hungUp && reply.failed()) {
      return context.failedFuture(new AgiHangupException(LogSafe.text(reply.line())));
    }
    if (!reply.ok()) {
      return context.failedFuture(
          new IllegalStateException("AGI refused: " + LogSafe.text(reply.summary())));
    }
    return context.succeededFuture(reply);
  }

  /** Ends the session; Asterisk then continues the dialplan. */
  public void close() {
    if (!context.isRunningOnContext()) {
      context.runOnContext(v -> close());
      return;
    }
    if (!closed) {
      closed = true;
      tap.closed();
      socket.close();
      failPending(new IllegalStateException("AGI session closed"));
    }
  }

  /**
   * Runs {@code action} on the session's context: at once when already there, else as the next task
   * of the context (tasks from one thread keep their order). The future completes there.
   */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (context.isRunningOnContext()) {
      return action.get();
    }
    Promise<T> promise = context.promise();
    context.runOnContext(
        v -> {
          try {
            action.get().onComplete(promise::handle);
          } catch (RuntimeException e) {
            promise.tryFail(e);
          }
        });
    return promise.future();
  }

  void onLine(String line) {
    if (usage != null) {
      // inside a usage block every line is usage text until the closing "520 " line
      if (line.startsWith("520 ")) {
        List<String> middle = usage;
        usage = null;
        reply(() -> AgiReply.usageBlock(middle, line));
      } else if ((usageChars += line.length()) <= MAX_USAGE_CHARS) {
        usage.add(line);
      }
      return;
    }
    if (line.equals("HANGUP")) {
      hungUp = true; // the pending command, if any, still gets its own "200 result=-1" line
      return;
    }
    if (line.startsWith("520-")) {
      usage = new ArrayList<>(); // "520-Invalid command syntax.  Proper usage follows:"
      usageChars = 0;
      return;
    }
    reply(() -> AgiReply.parse(line));
  }

  /** Completes the oldest pending command with the reply just read. */
  private void reply(Supplier<AgiReply> parsed) {
    Pending head = pending.pollFirst();
    if (head == null) {
      return; // nothing asked: ignore (Asterisk sends nothing unsolicited but HANGUP)
    }
    context.owner().cancelTimer(head.timer());
    try {
      AgiReply reply = parsed.get();
      if (reply.code() == 511) {
        hungUp = true;
      }
      tap.answered(head.command(), reply);
      head.promise().tryComplete(reply);
    } catch (IllegalArgumentException e) {
      head.promise().tryFail(e);
    }
  }

  void onClosed() {
    closed = true;
    hungUp = true;
    failPending(new AgiHangupException("connection closed"));
  }

  private void failPending(RuntimeException cause) {
    Pending p;
    while ((p = pending.pollFirst()) != null) {
      context.owner().cancelTimer(p.timer());
      p.promise().tryFail(cause);
    }
  }
}
