/**
 * Visiting officials at a seat: guest sessions signed in by a one-time code, the officials' line's
 * district menu, the coach beside them, and the session's summary.
 */
package org.hotline.gateway.officials;
