package org.hotline.asterisk.sim.ami;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager.conf: the accounts' {@code read =} and {@code write =} classes and {@code eventfilter}
 * lines. The rest ([general], secret, permit, writetimeout) is not used: the simulator's options
 * decide those. A filter line Asterisk would reject is logged and skipped, as Asterisk does.
 */
public final class ManagerConf {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerConf.class);

  /** Where the build puts the project's config/asterisk/manager.conf. */
  public static final String SHIPPED_RESOURCE = "/org/hotline/asterisk/sim/ami/manager.conf";

  private final Map<String, ManagerAccount> accounts;

  private ManagerConf(Map<String, ManagerAccount> accounts) {
    this.accounts = accounts;
  }

  public Optional<ManagerAccount> account(String name) {
    return Optional.ofNullable(accounts.get(name));
  }

  /** The project's config/asterisk/manager.conf, as copied into the simulator at build time. */
  public static String shippedText() {
    try (InputStream in = ManagerConf.class.getResourceAsStream(SHIPPED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SHIPPED_RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ManagerConf parse(String text) {
    Map<String, ManagerAccount> accounts = new LinkedHashMap<>();
    String section = null;
    Set<EventClass> read = EnumSet.noneOf(EventClass.class);
    Set<EventClass> write = EnumSet.noneOf(EventClass.class);
    List<EventFilter> filters = new ArrayList<>();
    for (String raw : text.split("\r?\n", -1)) {
      String line = stripComment(raw).trim();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("[")) {
        if (section != null && !section.equalsIgnoreCase("general")) {
          accounts.put(section, new ManagerAccount(section, read, write, filters));
        }
        int end = line.indexOf(']');
        section = line.substring(1, end < 0 ? line.length() : end).trim();
        read = EnumSet.noneOf(EventClass.class);
        write = EnumSet.noneOf(EventClass.class);
        filters = new ArrayList<>();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0 || section == null || section.equalsIgnoreCase("general")) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      if (value.startsWith(">")) {
        value = value.substring(1).trim();
      }
      String k = key.toLowerCase(Locale.ROOT);
      if (k.equals("read")) {
        read = EventClass.parseMask(value);
      } else if (k.equals("write")) {
        write = EventClass.parseMask(value);
      } else if (k.startsWith("eventfilter")) {
        try {
          filters.add(EventFilter.parse(key, value));
        } catch (EventFilter.Invalid e) {
          LOG.warn("manager.conf [{}]: {}; filter skipped", section, e.getMessage());
        }
      }
    }
    if (section != null && !section.equalsIgnoreCase("general")) {
      accounts.put(section, new ManagerAccount(section, read, write, filters));
    }
    return new ManagerConf(accounts);
  }

  /** Drops a {@code ;} comment; {@code \;} is a literal semicolon. */
  private static String stripComment(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == ';') {
        out.append(';');
        i++;
      } else if (c == ';') {
        break;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
