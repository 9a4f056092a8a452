package org.hotline.reports.city;

import org.hotline.support.text.LocalizedName;

/** What one rate means under the configuration in force: printed beside the figures. */
public record RateDefinition(RateKind kind, LocalizedName name, LocalizedName definition) {}
