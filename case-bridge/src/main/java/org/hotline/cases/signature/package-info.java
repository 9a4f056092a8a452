/**
 * HMAC-SHA256 signatures over a timestamp and a body, both ways: our webhooks and inbound updates.
 */
package org.hotline.cases.signature;
