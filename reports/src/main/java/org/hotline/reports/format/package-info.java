/** How a report is written out: JSON (no data as null) and CSV (definitions as comment lines). */
package org.hotline.reports.format;
