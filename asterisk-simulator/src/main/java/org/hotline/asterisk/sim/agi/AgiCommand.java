package org.hotline.asterisk.sim.agi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One command line from the AGI server, split into words the way Asterisk's parse_args does (double
 * quotes group, backslash escapes).
 */
record AgiCommand(String line, List<String> words) {

  static AgiCommand parse(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean escaped = false;
    boolean inWord = false;
    for (char ch : line.toCharArray()) {
      if (escaped) {
        cur.append(ch);
        escaped = false;
        inWord = true;
      } else if (ch == '\\') {
        escaped = true;
      } else if (ch == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (Character.isWhitespace(ch) && !quoted) {
        if (inWord) {
          words.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(ch);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(cur.toString());
    }
    return new AgiCommand(line, words);
  }

  /** True if the command starts with these words (case-insensitive). */
  boolean is(String... prefix) {
    if (words.size() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (!words.get(i).toUpperCase(Locale.ROOT).equals(prefix[i])) {
        return false;
      }
    }
    return true;
  }

  String arg(int index) {
    return index < words.size() ? words.get(index) : null;
  }

  int size() {
    return words.size();
  }
}
