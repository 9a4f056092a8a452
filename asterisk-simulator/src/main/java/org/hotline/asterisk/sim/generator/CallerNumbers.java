package org.hotline.asterisk.sim.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Draws caller numbers: mobiles (139..., 138..., 186...), landlines (010-...), repeat callers. */
final class CallerNumbers {
  private static final String[] MOBILE_PREFIXES = {
    "139", "138", "137", "136", "135", "158", "186", "188", "177", "199"
  };
  private final List<String> pool = new ArrayList<>();

  String next(Random random, TrafficProfile profile) {
    if (!pool.isEmpty() && random.nextDouble() < profile.repeatCallerShare()) {
      return pool.get(random.nextInt(pool.size()));
    }
    String n;
    if (random.nextDouble() < profile.landlineShare()) {
      n = String.format("010-%08d", 60_000_000 + random.nextInt(30_000_000));
    } else {
      n =
          MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)]
              + String.format("%08d", random.nextInt(100_000_000));
    }
    if (pool.size() < profile.repeatPoolSize()) {
      pool.add(n);
    } else {
      pool.set(random.nextInt(pool.size()), n);
    }
    return n;
  }
}
