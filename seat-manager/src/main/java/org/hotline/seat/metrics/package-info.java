/**
 * Meters of the seat manager behind a small domain interface; tags never name an agent or caller.
 */
package org.hotline.seat.metrics;
