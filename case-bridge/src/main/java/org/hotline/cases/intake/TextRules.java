package org.hotline.cases.intake;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hotline.cases.api.FieldError;

/**
 * What free text may contain. Text is normalised (NFC) and trimmed; then refused, never silently
 * changed, if it holds control characters (other than line breaks and tabs where lines are
 * allowed), invisible direction, zero-width or other format characters (Unicode category Cf) that
 * make text read differently from what is stored, unpaired surrogates, or markup. The summary goes
 * to the dispatch system as Open311's {@code description}, which "may contain line breaks, but not
 * html or code": a tag is refused here rather than escaped somewhere later.
 *
 * <p>Text nobody typed for us, such as a caller-id name from the PBX, is not refused for such a
 * character but has it removed: {@link #stripInvisible}.
 */
public final class TextRules {

  private static final Pattern MARKUP =
      Pattern.compile(
          "<\\s*/?\\s*[a-zA-Z!?][^>]*>|javascript\\s*:|\\bon[a-z]+\\s*=\\s*[\"']",
          Pattern.CASE_INSENSITIVE);

  private TextRules() {}

  /** The cleaned text, or the reason it is refused. */
  public sealed interface Checked {}

  public record Clean(String text) implements Checked {}

  public record Refused(FieldError error) implements Checked {}

  /**
   * @param multiline whether line breaks and tabs are allowed
   */
  public static Checked check(String field, String raw, int maxCodePoints, boolean multiline) {
    String text = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
    if (multiline) {
      text = text.replace("\r\n", "\n");
    }
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1) {
        return refuse(field, "含有无效字符", "contains an unpaired surrogate");
      }
      if (forbidden(cp, multiline)) {
        return refuse(
            field,
            "含有不可见或控制字符",
            String.format("contains an invisible or control character U+%04X", cp));
      }
      i += Character.charCount(cp);
    }
    int length = text.codePointCount(0, text.length());
    if (length > maxCodePoints) {
      return new Refused(
          new FieldError(
              field,
              FieldError.Code.TOO_LONG,
              "不能超过" + maxCodePoints + "个字（现有" + length + "个）",
              "at most " + maxCodePoints + " characters (has " + length + ")"));
    }
    if (MARKUP.matcher(text).find()) {
      return new Refused(
          new FieldError(
              field,
              FieldError.Code.MARKUP_NOT_ALLOWED,
              "请用纯文字，不能包含网页标记或代码",
              "plain text only: no HTML tags or code"));
    }
    return new Clean(text);
  }

  /** The cleaned text if it is acceptable, else empty. */
  public static Optional<String> clean(String raw, int max, boolean multiline) {
    return check("", raw, max, multiline) instanceof Clean c
        ? Optional.of(c.text())
        : Optional.empty();
  }

  /**
   * A name or label from outside (a PBX's caller-id name) made safe to show: normalised (NFC),
   * every character {@link #check} would refuse as control, invisible or format character (bidi
   * overrides and isolates, U+200E/U+200F/U+061C marks, zero-width characters, BOM, line
   * separators), unassigned, private-use or unpaired removed; control whitespace (tab, line breaks)
   * becomes a space; trimmed and cut to {@code maxCodePoints}. May be empty. Markup is not this
   * method's business: {@link #clean} still refuses it.
   */
  public static String stripInvisible(String raw, int maxCodePoints) {
    String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
    StringBuilder kept = new StringBuilder(Math.min(text.length(), maxCodePoints * 2 + 16));
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isISOControl(cp) && Character.isWhitespace(cp)) {
        kept.append(' ');
      } else if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) { // unpaired: out
        if (!forbidden(cp, false)) {
          kept.appendCodePoint(cp);
        }
      }
    }
    String stripped = kept.toString().strip();
    if (stripped.codePointCount(0, stripped.length()) <= maxCodePoints) {
      return stripped;
    }
    return stripped.substring(0, stripped.offsetByCodePoints(0, maxCodePoints)).strip();
  }

  private static boolean forbidden(int cp, boolean multiline) {
    if (cp == '\n' || cp == '\t') {
      return !multiline;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      return true; // C0 and C1 controls, DEL
    }
    if ((cp >= 0x200b && cp <= 0x200f)
        || (cp >= 0x202a && cp <= 0x202e)
        || (cp >= 0x2060 && cp <= 0x2069)
        || cp == 0xfeff
        || cp == 0x2028
        || cp == 0x2029) {
      return true; // zero-width, direction overrides, isolates, BOM, line separators
    }
    int type = Character.getType(cp);
    return type == Character.FORMAT // other invisible format characters: U+061C, U+00AD, tags..
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || (cp & 0xfffe) == 0xfffe; // noncharacters
  }

  private static Refused refuse(String field, String zh, String en) {
    return new Refused(new FieldError(field, FieldError.Code.INVALID_CHARACTERS, zh, en));
  }
}
