/**
 * Where seat-manager decisions meet the exchange: calls are queued, offers are connected to seats,
 * withdrawn calls are pulled back to hold, and channel events become seat-manager operations.
 */
package org.hotline.gateway.switchboard;
