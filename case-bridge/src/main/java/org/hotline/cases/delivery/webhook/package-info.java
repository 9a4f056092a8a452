/** The HTTP JSON webhook target, signed with HMAC-SHA256 over a timestamp and the body. */
package org.hotline.cases.delivery.webhook;
