/**
 * Status updates from the dispatch system: HMAC-verified, inside a replay window, parsed strictly.
 */
package org.hotline.cases.inbound;
