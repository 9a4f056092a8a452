package org.hotline.gateway.ivr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hotline.gateway.agi.AgiRequest;

/**
 * What the dialplan passes to {@code /incoming}: {@code ${HOTLINE_SERVER}}, {@code ${HOTLINE_DNID}}
 * (the trunk's dialled number: {@code agi_dnid} is empty for many trunks and every Local channel),
 * {@code ${HOTLINE_ENTERED}} (the caller's arrival, epoch seconds) and {@code retry} when the
 * dialplan asks again after a failed attempt. Each is checked; anything odd is ignored.
 *
 * @param dialled the hotline number dialled, or empty
 * @param arrived when the caller rang, when given and plausible (not in the future, at most a day
 *     ago)
 */
record IncomingArguments(String dialled, Optional<Instant> arrived, boolean retry) {

  private static final Pattern DIALLABLE = Pattern.compile("\\+?[0-9*#]{1,32}");
  private static final Pattern EPOCH = Pattern.compile("[0-9]{9,11}");
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  static IncomingArguments of(AgiRequest request, Instant now) {
    List<String> args = request.arguments();
    String dnid = args.size() > 1 ? args.get(1).trim() : "";
    String dialled = DIALLABLE.matcher(dnid).matches() ? dnid : request.dialledNumber();
    Optional<Instant> arrived = Optional.empty();
    if (args.size() > 2 && EPOCH.matcher(args.get(2).trim()).matches()) {
      Instant at = Instant.ofEpochSecond(Long.parseLong(args.get(2).trim()));
      if (!at.isAfter(now.plus(CLOCK_SKEW)) && at.isAfter(now.minus(Duration.ofDays(1)))) {
        arrived = Optional.of(at.isAfter(now) ? now : at);
      }
    }
    boolean retry = args.size() > 3 && args.get(3).trim().equals("retry");
    return new IncomingArguments(dialled, arrived, retry);
  }
}
