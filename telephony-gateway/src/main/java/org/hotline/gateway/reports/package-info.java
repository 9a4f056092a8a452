/**
 * The reports over HTTP, for supervisors and managers: JSON for pages and tools, CSV downloads for
 * spreadsheets. The figures come from the {@code reports} module; nothing here computes one.
 */
package org.hotline.gateway.reports;
