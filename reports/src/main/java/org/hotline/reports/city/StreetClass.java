package org.hotline.reports.city;

import java.util.Locale;
import org.hotline.support.text.LocalizedName;

/** The city's monthly classes of streets and townships. */
public enum StreetClass {
  ADVANCED("先进类", "Advanced"),
  IMPROVING("进步类", "Improving"),
  MUST_RECTIFY("整改类", "Must rectify"),
  MANAGED("管理类", "Managed");

  private final LocalizedName name;

  StreetClass(String zh, String en) {
    this.name = new LocalizedName(zh, en);
  }

  public LocalizedName displayName() {
    return name;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
