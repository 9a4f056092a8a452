/**
 * Meters of the case bridge behind a small domain interface; tags carry targets, outcomes and kinds
 * only, never a phone number or a case id.
 */
package org.hotline.cases.metrics;
