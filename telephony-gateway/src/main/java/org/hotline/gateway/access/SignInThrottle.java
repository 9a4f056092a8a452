package org.hotline.gateway.access;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Counts failed sign-ins per account and per address in Redis (every instance sees the same
 * counts). An account or address over its limit waits until its window ends; a success clears the
 * account's count. Checked before the password is hashed, so guessing costs the guesser the wait,
 * not the server a hash.
 */
public final class SignInThrottle {

  private final RedisAsyncCommands<String, String> redis;
  private final String prefix;
  private final int perAccount;
  private final int perAddress;
  private final Duration window;

  public SignInThrottle(
      RedisAsyncCommands<String, String> redis,
      String centreId,
      int perAccount,
      int perAddress,
      Duration window) {
    this.redis = redis;
    this.prefix = "hotline:" + centreId + ":sign-in-failures:";
    this.perAccount = perAccount;
    this.perAddress = perAddress;
    this.window = window;
  }

  /** How long the account or address must still wait, or empty when it may try. */
  public CompletionStage<Optional<Duration>> wait(String account, String address) {
    String a = accountKey(account);
    String b = addressKey(address);
    return redis
        .mget(a, b)
        .thenCompose(
            values -> {
              long accountFailures = count(values.get(0).getValueOrElse(null));
              long addressFailures = count(values.get(1).getValueOrElse(null));
              String blocked =
                  accountFailures >= perAccount ? a : addressFailures >= perAddress ? b : null;
              if (blocked == null) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                    Optional.<Duration>empty());
              }
              return redis
                  .pttl(blocked)
                  .thenApply(ms -> Optional.of(Duration.ofMillis(Math.max(1000, ms))));
            });
  }

  public CompletionStage<Void> failed(String account, String address) {
    return bump(accountKey(account)).thenCompose(v -> bump(addressKey(address)));
  }

  public CompletionStage<Void> succeeded(String account) {
    return redis.del(accountKey(account)).thenApply(n -> null);
  }

  /**
   * Counts one failure. The key is made with its window's expiry in one command (SET NX PX) before
   * it is counted, so a failure between two commands can never leave a count that does not expire.
   */
  private CompletionStage<Void> bump(String key) {
    return redis
        .set(key, "0", io.lettuce.core.SetArgs.Builder.nx().px(window.toMillis()))
        .thenCompose(ok -> redis.incr(key))
        .thenApply(n -> (Void) null);
  }

  private String accountKey(String account) {
    // names that cannot be an account share one count: they never sign anyone in
    boolean valid = org.hotline.staff.directory.StaffProfile.ID.matcher(account).matches();
    return prefix + "account:" + (valid ? account : "(invalid)");
  }

  private String addressKey(String address) {
    return prefix + "address:" + address;
  }

  private static long count(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
